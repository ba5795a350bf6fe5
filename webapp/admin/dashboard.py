"""The dashboard's figures, read from counters and roll-ups so they stay fast at scale.

Signature totals come from the petitions' counter shards; days and countries from the
daily roll-up (SignatureDailyCount); letters from an index on (case, status). None of
these reads grows with the number of signatures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import gettext
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import (
    WRITTEN_STATUSES,
    Case,
    Classroom,
    ClassroomTally,
    Letter,
    LetterStatus,
    Petition,
    PetitionCountShard,
    Signature,
    SignatureDailyCount,
    SignatureStatus,
    utcnow,
)


@dataclass
class LetterFigures:
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


def signature_totals() -> dict[int, int]:
    """Confirmed signatures per petition, from the counter shards."""
    rows = db.session.execute(
        select(PetitionCountShard.petition_id, func.sum(PetitionCountShard.count)).group_by(
            PetitionCountShard.petition_id
        )
    )
    return {petition_id: int(total or 0) for petition_id, total in rows}


def letter_figures() -> dict[int, LetterFigures]:
    """Letters per case: written and posted (rows and archived tallies), classroom, reported."""
    figures: dict[int, LetterFigures] = {}
    rows = db.session.execute(
        select(
            Letter.case_id,
            Letter.status,
            Letter.classroom_id.is_not(None),
            func.count(),
        )
        .where(Letter.status.in_(WRITTEN_STATUSES))
        .group_by(Letter.case_id, Letter.status, Letter.classroom_id.is_not(None))
    )
    for case_id, status, in_classroom, count in rows:
        figure = figures.setdefault(case_id, LetterFigures())
        figure.written += count
        if status is LetterStatus.POSTED:
            figure.posted += count
        if in_classroom:
            figure.classroom += count
    tallies = db.session.execute(
        select(
            ClassroomTally.case_id,
            func.sum(ClassroomTally.archived_written),
            func.sum(ClassroomTally.archived_posted),
            func.sum(ClassroomTally.reported),
        ).group_by(ClassroomTally.case_id)
    )
    for case_id, archived_written, archived_posted, reported in tallies:
        figure = figures.setdefault(case_id, LetterFigures())
        figure.written += archived_written or 0
        figure.posted += archived_posted or 0
        figure.classroom += archived_written or 0
        figure.reported += reported or 0
    return figures


def petition_rows(totals: dict[int, int]) -> list[PetitionRow]:
    """Every petition with its confirmed signatures, the most signed first."""
    petitions = db.session.scalars(select(Petition))
    rows = [PetitionRow(p, totals.get(p.id, 0)) for p in petitions]
    return sorted(rows, key=lambda row: (-row.signatures, row.petition.title))


def case_rows(figures: dict[int, LetterFigures]) -> list[CaseRow]:
    """Every case with its letter figures, the most written first."""
    cases = db.session.scalars(select(Case))
    rows = [CaseRow(case, figures.get(case.id, LetterFigures())) for case in cases]
    return sorted(rows, key=lambda row: (-row.letters.written, row.case.name))


def total_letters(figures: dict[int, LetterFigures]) -> LetterFigures:
    """All cases together."""
    total = LetterFigures()
    for figure in figures.values():
        total.written += figure.written
        total.posted += figure.posted
        total.classroom += figure.classroom
        total.reported += figure.reported
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
