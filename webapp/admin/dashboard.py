"""The dashboard's figures, read from counters and roll-ups so they stay fast at scale.

Totals are the features' own counts, the ones their public pages show: signatures from
petitions (the counter shards), letters from letters (an index on (case, status), plus
the classrooms' tallies). Days and countries come from the daily roll-up
(SignatureDailyCount). None of these reads grows with the number of signatures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import gettext
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.letters import services as letters_services
from webapp.models import (
    Case,
    Classroom,
    Letter,
    Petition,
    Signature,
    SignatureDailyCount,
    SignatureStatus,
    utcnow,
)
from webapp.petitions import services as petitions_services


@dataclass
class LetterFigures:
    """A case's letters as the dashboard shows them (see letters.services)."""

    written: int = 0
    posted: int = 0
    classroom: int = 0  # written by students on the platform
    reported: int = 0  # written by hand in classrooms, as teachers reported


@dataclass(frozen=True)
class PetitionRow:
    petition: Petition
    signatures: int


@dataclass(frozen=True)
class CaseRow:
    case: Case
    letters: LetterFigures


@dataclass(frozen=True)
class Activity:
    when: datetime
    text: str


def petition_rows() -> list[PetitionRow]:
    """Every petition with its confirmed signatures, the most signed first."""
    petitions = db.session.scalars(select(Petition)).all()
    totals = petitions_services.signature_counts([p.id for p in petitions])
    rows = [PetitionRow(p, totals[p.id]) for p in petitions]
    return sorted(rows, key=lambda row: (-row.signatures, row.petition.title))


def case_rows() -> list[CaseRow]:
    """Every case with its letter figures, the most written first."""
    cases = db.session.scalars(select(Case)).all()
    ids = [case.id for case in cases]
    # Counted as the case page counts them: one definition per figure, in letters/.
    counts = letters_services.letter_counts(ids)
    by_students = letters_services.classroom_letter_counts(ids)
    rows = [
        CaseRow(
            case,
            LetterFigures(
                written=counts[case.id].written,
                posted=counts[case.id].posted,
                classroom=by_students[case.id],
                reported=counts[case.id].reported,
            ),
        )
        for case in cases
    ]
    return sorted(rows, key=lambda row: (-row.letters.written, row.case.name))


def total_letters(rows: list[CaseRow]) -> LetterFigures:
    """All cases together."""
    total = LetterFigures()
    for row in rows:
        total.written += row.letters.written
        total.posted += row.letters.posted
        total.classroom += row.letters.classroom
        total.reported += row.letters.reported
    return total


def signatures_per_day(*, days: int = 30, petition_id: int | None = None) -> list[tuple[date, int]]:
    """Confirmed signatures on each of the last `days` days (UTC), oldest first, zeros kept."""
    today = utcnow().date()
    first = today - timedelta(days=days - 1)
    query = (
        select(SignatureDailyCount.day, func.sum(SignatureDailyCount.count))
        .where(SignatureDailyCount.day >= first)
        .group_by(SignatureDailyCount.day)
    )
    if petition_id is not None:
        query = query.where(SignatureDailyCount.petition_id == petition_id)
    counts = {day: int(total) for day, total in db.session.execute(query)}
    return [
        (first + timedelta(days=n), counts.get(first + timedelta(days=n), 0)) for n in range(days)
    ]


def signatures_by_country(
    *, limit: int = 15, petition_id: int | None = None
) -> tuple[list[tuple[str, int]], int]:
    """The countries with most confirmed signatures, and how many came from all the rest."""
    query = select(SignatureDailyCount.country, func.sum(SignatureDailyCount.count)).group_by(
        SignatureDailyCount.country
    )
    if petition_id is not None:
        query = query.where(SignatureDailyCount.petition_id == petition_id)
    ranked = sorted(
        ((country, int(total)) for country, total in db.session.execute(query)),
        key=lambda row: (-row[1], row[0]),
    )
    return ranked[:limit], sum(count for _, count in ranked[limit:])


def recent_activity(limit: int = 12) -> list[Activity]:
    """The latest signatures, letters and classrooms, newest first, without anyone's name."""
    signatures = db.session.execute(
        select(Signature.confirmed_at, Signature.country, Petition.title)
        .join(Petition, Petition.id == Signature.petition_id)
        # IS NOT NULL lets the index on confirmed_at skip the unconfirmed (NULL) rows,
        # which a backward scan of it would otherwise read first.
        .where(Signature.confirmed_at.is_not(None), Signature.status == SignatureStatus.CONFIRMED)
        .order_by(Signature.confirmed_at.desc())
        .limit(limit)
    )
    letters = db.session.execute(
        select(Letter.created_at, Letter.kind, Case.name, Letter.classroom_id.is_not(None))
        .join(Case, Case.id == Letter.case_id)
        .order_by(Letter.id.desc())
        .limit(limit)
    )
    classrooms = db.session.execute(
        select(Classroom.created_at, Classroom.town, Classroom.country)
        .order_by(Classroom.id.desc())
        .limit(limit)
    )
    items = [
        Activity(
            when,
            gettext("A signature from %(country)s on “%(title)s”", country=country, title=title),
        )
        for when, country, title in signatures
    ]
    items += [
        Activity(when, _letter_activity(kind.value == "card", in_classroom, name))
        for when, kind, name, in_classroom in letters
    ]
    items += [
        Activity(
            when, gettext("A classroom opened in %(town)s, %(country)s", town=town, country=country)
        )
        for when, town, country in classrooms
    ]
    return sorted(items, key=lambda item: item.when, reverse=True)[:limit]


def _letter_activity(card: bool, in_classroom: bool, name: str) -> str:
    if in_classroom:
        if card:
            return gettext("A student's card to %(name)s", name=name)
        return gettext("A student's letter for %(name)s", name=name)
    if card:
        return gettext("A card to %(name)s", name=name)
    return gettext("A letter for %(name)s", name=name)


@dataclass(frozen=True)
class Alert:
    """More signatures than configured in one UTC hour from one client or one domain."""

    kind: str  # "client" (a hashed network address) or "domain" (of the email)
    key: str
    hour: datetime
    count: int
    threshold: int

    @property
    def until(self) -> datetime:
        return self.hour + timedelta(hours=1)


def _hour_of(column):
    """The UTC hour a timestamp falls in, on either database."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.date_trunc("hour", func.timezone("UTC", column))
    return func.strftime("%Y-%m-%d %H:00:00", column)  # SQLite stores UTC already


def _email_domain(column):
    if db.session.get_bind().dialect.name == "postgresql":
        return func.split_part(column, "@", 2)
    return func.substr(column, func.instr(column, "@") + 1)


def _as_hour(value) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=utcnow().tzinfo)


def signing_alerts(*, hours: int = 24, now: datetime | None = None) -> list[Alert]:
    """Each UTC hour of the last `hours` in which one client (hashed address) or one
    email domain signed more than its configured number, most signatures first.
    Pending signatures count too: a bot rarely confirms. Big webmail domains are left
    out of the domain alert (ALERT_DOMAIN_IGNORE)."""
    config = current_app.config
    since = (now or utcnow()) - timedelta(hours=hours)
    # The index on (status, created_at) finds the last day's rows by range.
    recent = (
        Signature.status.in_([SignatureStatus.PENDING, SignatureStatus.CONFIRMED]),
        Signature.created_at >= since,
        Signature.anonymised_at.is_(None),
    )
    alerts = []
    for kind, key, threshold, extra in (
        ("client", Signature.client_hash, config["ALERT_CLIENT_PER_HOUR"], []),
        (
            "domain",
            _email_domain(Signature.email_canonical),
            config["ALERT_DOMAIN_PER_HOUR"],
            [_email_domain(Signature.email_canonical).not_in(config["ALERT_DOMAIN_IGNORE"])],
        ),
    ):
        hour = _hour_of(Signature.created_at)
        rows = db.session.execute(
            select(key, hour, func.count())
            .where(*recent, key.is_not(None), *extra)
            .group_by(key, hour)
            .having(func.count() > threshold)
        )
        alerts += [
            Alert(kind, value, _as_hour(when), count, threshold) for value, when, count in rows
        ]
    return sorted(alerts, key=lambda alert: (-alert.count, alert.hour, alert.key))
