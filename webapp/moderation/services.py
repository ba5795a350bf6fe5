"""Moderation rules: find signatures by fraud markers, preview them, invalidate them.

Invalidated signatures are kept (status `invalidated`, `confirmed_at` untouched), so an
action can be reviewed afterwards; they leave the petition's total (its counter shards)
and the daily roll-up in the same transaction, and every action is audited.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from flask_babel import format_number
from flask_babel import gettext as _
from sqlalchemy import func, select, tuple_, update
from sqlalchemy.orm import aliased, selectinload

from webapp import audit
from webapp.domain import DomainError
from webapp.extensions import db
from webapp.models import (
    Classroom,
    ClassroomTally,
    Petition,
    Signature,
    SignatureStatus,
    TallyReview,
    User,
)
from webapp.petitions.rollups import refresh_daily_counts
from webapp.petitions.services import adjust_count
from webapp.utils.addresses import canonical_email

log = logging.getLogger(__name__)

# Signatures a moderation may act on: invalidated ones are already out of every count.
ACTIONABLE = frozenset({SignatureStatus.PENDING, SignatureStatus.CONFIRMED})
SAMPLE_SIZE = 10
# Ids per UPDATE: well under SQLite's bound-parameter limit, and short row-lock batches.
CHUNK = 500


class ModerationError(DomainError):
    """A moderation rule was broken; the message is fit to show the organiser."""


class FilterError(ModerationError):
    """The filter cannot be used: no criterion, an empty window, and so on."""


class CountChangedError(ModerationError):
    """Signatures matching the filter came or went since the organiser's preview."""

    def __init__(self, expected: int, current: int) -> None:
        super().__init__(
            _(
                "The number of matching signatures changed since your preview: %(current)s "
                "now, not %(expected)s. Nothing was invalidated. Please check the new preview "
                "and try again.",
                current=format_number(current),
                expected=format_number(expected),
            )
        )
        self.expected = expected
        self.current = current


@dataclass(frozen=True)
class SignatureFilter:
    """Which signatures to find. Petition and statuses narrow the scope; at least one of
    the fraud markers (domain, window, source, name, repeated name) must be given."""

    petition_id: int | None = None
    # Compared with the part after the @ of the canonical email, ignoring case.
    email_domain: str | None = None
    include_subdomains: bool = False
    # UTC, timezone-aware: signed_from <= created_at < signed_until.
    signed_from: datetime | None = None
    signed_until: datetime | None = None
    statuses: frozenset[SignatureStatus] = ACTIONABLE
    source: str | None = None
    # The hashed network address of one client on one day (webapp.privacy.clients).
    client_hash: str | None = None
    # The signer's name, ignoring case: equal to it, or containing it.
    name: str | None = None
    name_contains: bool = False
    # Only names signed at least this many times on one petition, among the signatures
    # the rest of the filter matches (a bot repeating one name with many addresses).
    repeated_name_min: int | None = None

    def has_criterion(self) -> bool:
        """Whether any fraud marker is given (petition and statuses alone are not one)."""
        return any(
            (
                self.email_domain,
                self.signed_from,
                self.signed_until,
                self.source,
                self.client_hash,
                self.name,
                self.repeated_name_min,
            )
        )

    def describe(self) -> str:
        """The filter in words, for the audit log and messages."""
        parts = []
        if self.email_domain:
            domain = _domain(self.email_domain)
            parts.append(
                f"email domain {domain}"
                + (" and its subdomains" if self.include_subdomains else "")
            )
        if self.signed_from:
            parts.append(f"signed from {self.signed_from:%Y-%m-%d %H:%M} UTC")
        if self.signed_until:
            parts.append(f"signed before {self.signed_until:%Y-%m-%d %H:%M} UTC")
        if self.source:
            parts.append(f"source {self.source}")
        if self.client_hash:
            parts.append(f"client {self.client_hash}")
        if self.name:
            parts.append(f"name {'containing' if self.name_contains else 'equal to'} “{self.name}”")
        if self.repeated_name_min:
            parts.append(f"same name at least {self.repeated_name_min} times on a petition")
        parts.append(" and ".join(sorted(status.value for status in self.statuses)))
        return "; ".join(parts)

    def as_details(self) -> dict:
        """The filter as plain JSON values, for the audit log."""
        return {
            "petition_id": self.petition_id,
            "email_domain": _domain(self.email_domain) if self.email_domain else None,
            "include_subdomains": self.include_subdomains,
            "signed_from": self.signed_from.isoformat() if self.signed_from else None,
            "signed_until": self.signed_until.isoformat() if self.signed_until else None,
            "statuses": sorted(status.value for status in self.statuses),
            "source": self.source,
            "client_hash": self.client_hash,
            "name": self.name,
            "name_contains": self.name_contains,
            "repeated_name_min": self.repeated_name_min,
        }


@dataclass(frozen=True)
class PetitionTally:
    """How many matching signatures one petition has."""

    petition_id: int
    slug: str
    title: str
    confirmed: int = 0
    pending: int = 0

    @property
    def total(self) -> int:
        return self.confirmed + self.pending


@dataclass(frozen=True)
class SampleRow:
    """One matching signature, as the preview shows it: no full email address."""

    petition_title: str
    name: str
    email_domain: str
    country: str
    signed_at: datetime
    status: SignatureStatus


@dataclass(frozen=True)
class Preview:
    """What an invalidation with this filter would do."""

    count: int
    confirmed: int
    by_petition: list[PetitionTally] = field(default_factory=list)
    sample: list[SampleRow] = field(default_factory=list)

    @property
    def pending(self) -> int:
        return self.count - self.confirmed


def petitions() -> list[Petition]:
    """Every petition, for the filter's choice of one, by title."""
    return list(db.session.scalars(select(Petition).order_by(Petition.title, Petition.id)))


def _domain(value: str) -> str:
    """A domain as canonical emails store it: lower case, IDNA, Gmail's aliases folded."""
    return canonical_email("x@" + value.strip().lstrip("@")).rpartition("@")[2]


def _check(signature_filter: SignatureFilter) -> None:
    f = signature_filter
    if not f.has_criterion():
        raise FilterError(
            _(
                "Please choose at least one thing to match: an email domain, a signing window, "
                "a source, a client, a name or a repeated name. Moderation never acts on every "
                "signature."
            )
        )
    if not f.statuses or not f.statuses <= ACTIONABLE:
        raise FilterError(_("Please choose confirmed signatures, pending ones, or both."))
    for moment in (f.signed_from, f.signed_until):
        if moment is not None and moment.utcoffset() != timedelta(0):
            raise FilterError(_("Signing times must be given in UTC."))
    if f.signed_from and f.signed_until and f.signed_until <= f.signed_from:
        raise FilterError(_("The end of the signing window must be after its start."))
    if f.email_domain is not None and not _domain(f.email_domain):
        raise FilterError(_("Please give a domain, like mailinator.com."))
    if f.repeated_name_min is not None and f.repeated_name_min < 2:
        raise FilterError(_("A repeated name means signed at least twice."))
    if f.petition_id is not None and db.session.get(Petition, f.petition_id) is None:
        raise FilterError(_("There is no such petition."))


def _conditions(f: SignatureFilter, entity=Signature) -> list:
    """The WHERE clauses of a filter, on Signature or an alias of it."""
    conditions = [entity.status.in_(sorted(f.statuses, key=lambda status: status.value))]
    if f.petition_id is not None:
        conditions.append(entity.petition_id == f.petition_id)
    if f.email_domain:
        # Canonical emails are lower case already; autoescape keeps "_" and "%" literal.
        domain = _domain(f.email_domain)
        match = entity.email_canonical.endswith("@" + domain, autoescape=True)
        if f.include_subdomains:
            match = match | entity.email_canonical.endswith("." + domain, autoescape=True)
        conditions.append(match)
    if f.signed_from is not None:
        conditions.append(entity.created_at >= f.signed_from)
    if f.signed_until is not None:
        conditions.append(entity.created_at < f.signed_until)
    if f.source:
        conditions.append(func.lower(entity.source) == f.source.strip().lower())
    if f.client_hash:
        conditions.append(entity.client_hash == f.client_hash)
    if f.name:
        folded = func.lower(entity.full_name)
        name = f.name.strip().lower()
        conditions.append(
            folded.contains(name, autoescape=True) if f.name_contains else folded == name
        )
    if f.repeated_name_min:
        # One GROUP BY ... HAVING over an alias (a self-reference would be correlated away).
        inner = aliased(Signature)
        key = (inner.petition_id, func.lower(inner.full_name))
        repeated = (
            select(*key)
            .where(*_conditions(replace(f, repeated_name_min=None), inner))
            .group_by(*key)
            .having(func.count() >= f.repeated_name_min)
        )
        conditions.append(tuple_(entity.petition_id, func.lower(entity.full_name)).in_(repeated))
    return conditions


def preview(signature_filter: SignatureFilter) -> Preview:
    """How many signatures match, per petition, and the latest few of them."""
    _check(signature_filter)
    conditions = _conditions(signature_filter)
    tallies: dict[int, dict[SignatureStatus, int]] = {}
    for petition_id, status, count in db.session.execute(
        select(Signature.petition_id, Signature.status, func.count())
        .where(*conditions)
        .group_by(Signature.petition_id, Signature.status)
    ):
        tallies.setdefault(petition_id, {})[status] = count
    titles = {
        petition.id: petition
        for petition in db.session.scalars(select(Petition).where(Petition.id.in_(tallies)))
    }
    by_petition = sorted(
        (
            PetitionTally(
                petition_id=petition_id,
                slug=titles[petition_id].slug,
                title=titles[petition_id].title,
                confirmed=counts.get(SignatureStatus.CONFIRMED, 0),
                pending=counts.get(SignatureStatus.PENDING, 0),
            )
            for petition_id, counts in tallies.items()
        ),
        key=lambda tally: (-tally.total, tally.title),
    )
    sample = [
        SampleRow(
            petition_title=title,
            name=name,
            email_domain=email.rpartition("@")[2],
            country=country,
            signed_at=signed_at,
            status=status,
        )
        for name, email, country, signed_at, status, title in db.session.execute(
            select(
                Signature.full_name,
                Signature.email_canonical,
                Signature.country,
                Signature.created_at,
                Signature.status,
                Petition.title,
            )
            .join(Petition, Petition.id == Signature.petition_id)
            .where(*conditions)
            .order_by(Signature.created_at.desc(), Signature.id.desc())
            .limit(SAMPLE_SIZE)
        )
    ]
    return Preview(
        count=sum(tally.total for tally in by_petition),
        confirmed=sum(tally.confirmed for tally in by_petition),
        by_petition=by_petition,
        sample=sample,
    )


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def invalidate(actor: User, signature_filter: SignatureFilter, expected_count: int) -> int:
    """Invalidate the signatures the filter matches, if there are still exactly as many
    as the organiser previewed; returns how many were invalidated.

    Confirmed ones leave the petition's total and the daily roll-up in the same
    transaction; the action is audited. Flushes, never commits.
    """
    _check(signature_filter)
    f = signature_filter
    # The ids are read once, so what is invalidated is exactly what was counted, even
    # with a repeated-name marker that invalidating would itself change.
    ids = list(
        db.session.scalars(select(Signature.id).where(*_conditions(f)).order_by(Signature.id))
    )
    if len(ids) != expected_count:
        raise CountChangedError(expected_count, len(ids))
    if not ids:
        raise ModerationError(_("No signatures match these criteria, so there is nothing to do."))

    per_petition: Counter[int] = Counter()
    confirmed_per_petition: Counter[int] = Counter()
    first_confirmed_id: dict[int, int] = {}
    earliest_day = None
    for chunk in _chunks(ids):
        # Pending before confirmed, each UPDATE guarded by the status it expects: a
        # signature confirmed by its signer meanwhile is not a pending one any more, and
        # on PostgreSQL the next statement sees it, confirmed, and takes it out of the
        # total. One confirmed after our UPDATE finds it invalidated and adds nothing.
        if SignatureStatus.PENDING in f.statuses:
            for (petition_id,) in _set_invalidated(chunk, SignatureStatus.PENDING, ()):
                per_petition[petition_id] += 1
        if SignatureStatus.CONFIRMED in f.statuses:
            for petition_id, signature_id, confirmed_at in _set_invalidated(
                chunk, SignatureStatus.CONFIRMED, (Signature.id, Signature.confirmed_at)
            ):
                per_petition[petition_id] += 1
                confirmed_per_petition[petition_id] += 1
                first_confirmed_id.setdefault(petition_id, signature_id)
                if confirmed_at is not None:
                    day = confirmed_at.date()
                    earliest_day = day if earliest_day is None else min(earliest_day, day)

    # The counter shards last: their row locks (signers confirming wait on them) are
    # then held for the shortest time. One shard per petition takes the whole
    # subtraction; the total is the sum of the shards, so which one does not matter.
    for petition_id, removed in sorted(confirmed_per_petition.items()):
        adjust_count(petition_id, -removed, spread_key=first_confirmed_id[petition_id])
    if confirmed_per_petition:
        _refresh_roll_up(earliest_day, sorted(confirmed_per_petition))

    invalidated = sum(per_petition.values())
    confirmed = sum(confirmed_per_petition.values())
    petition = db.session.get(Petition, f.petition_id) if f.petition_id is not None else None
    audit.record(
        actor,
        "moderation.invalidated",
        subject=petition,
        summary=f"{invalidated:,} signatures invalidated ({confirmed:,} confirmed): {f.describe()}",
        filter=f.as_details(),
        count=invalidated,
        confirmed=confirmed,
        petitions={str(petition_id): n for petition_id, n in sorted(per_petition.items())},
    )
    log.info(
        "user %s invalidated %s signatures (%s confirmed) on petitions %s",
        actor.id,
        invalidated,
        confirmed,
        sorted(per_petition),
    )
    return invalidated


def _set_invalidated(chunk: Sequence[int], status: SignatureStatus, returning: tuple) -> list:
    """Invalidate the signatures of the chunk still in `status`; their petition ids and
    the `returning` columns."""
    result = db.session.execute(
        update(Signature)
        .where(Signature.id.in_(chunk), Signature.status == status)
        .values(status=SignatureStatus.INVALIDATED)
        .returning(Signature.petition_id, *returning)
        .execution_options(synchronize_session=False)
    )
    return list(result)


def _refresh_roll_up(since, petition_ids: list[int]) -> None:
    """Rebuild the touched petitions' days from `since`, so they drop what was invalidated
    (rebuilds take turns: see webapp.petitions.rollups)."""
    refresh_daily_counts(since, petition_ids=petition_ids)


# Hand tallies waiting for review -----------------------------------------------------------


def pending_tallies() -> list[ClassroomTally]:
    """Teachers' hand tallies above TALLY_REVIEW_ABOVE, oldest first: they count only
    once approved (webapp.classrooms.services.report_tallies)."""
    return list(
        db.session.scalars(
            select(ClassroomTally)
            .where(ClassroomTally.review == TallyReview.PENDING)
            .options(
                selectinload(ClassroomTally.case),
                selectinload(ClassroomTally.classroom).selectinload(Classroom.teacher),
            )
            .order_by(ClassroomTally.updated_at, ClassroomTally.id)
        )
    )


def review_tally(actor: User, tally_id: int, *, approve: bool, expected: int) -> ClassroomTally:
    """Approve (it counts from now) or refuse (the last approved number keeps counting)
    the number the organiser saw; audited."""
    tally = db.session.get(ClassroomTally, tally_id, with_for_update=True)
    if tally is None or tally.review is not TallyReview.PENDING:
        raise ModerationError(_("This number is no longer waiting for review."))
    if tally.reported != expected:
        # The teacher reported again since the page was shown: never approve a number
        # nobody saw.
        raise ModerationError(
            _("The teacher changed this number since the page was shown. Please look again.")
        )
    if approve:
        tally.counted = tally.reported
        tally.review = TallyReview.APPROVED
    else:
        tally.review = TallyReview.REFUSED
    db.session.flush()
    audit.record(
        actor,
        "tally.approved" if approve else "tally.refused",
        subject=tally,
        summary=f"{tally.reported} {tally.kind.value}s for case {tally.case_id} "
        f"from classroom {tally.classroom_id}",
        classroom_id=tally.classroom_id,
        case_id=tally.case_id,
        kind=tally.kind.value,
        reported=tally.reported,
        counted=tally.counted,
    )
    return tally
