"""Petition rules: who may sign, one signature per person, confirmation, and counts; and
what organisers write: a petition's text and target, opening it and closing it (audited)."""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Integer, TextClause, bindparam, case, delete, func, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from webapp import audit, editing
from webapp.domain import DomainError
from webapp.extensions import db
from webapp.models import (
    PUBLIC_CASE_STATUSES,
    Case,
    Petition,
    PetitionCountShard,
    PetitionStatus,
    Signature,
    SignatureStatus,
    Target,
    User,
    utcnow,
)
from webapp.outbox import emails
from webapp.petitions.links import nonce_in
from webapp.utils.addresses import canonical_email

log = logging.getLogger(__name__)


class PetitionError(DomainError):
    """A rule of petitions was broken; the message is fit to show the supporter or the
    organiser who asked, and `field` names the form field it is about, when it is about one."""


class PetitionClosedError(PetitionError):
    """The petition does not accept signatures now."""


class InvalidConfirmationError(PetitionError):
    """The confirmation link is not one we issued, or its signature is gone."""


class ConfirmationExpiredError(PetitionError):
    """The signature waited too long for confirmation."""


def _confirm_window() -> timedelta:
    return timedelta(days=current_app.config["SIGNATURE_CONFIRM_DAYS"])


def is_expired(signature: Signature, now: datetime) -> bool:
    """Whether an unconfirmed signature has waited past the confirmation window."""
    return signature.status is SignatureStatus.PENDING and signature.created_at < (
        now - _confirm_window()
    )


def sign_petition(
    petition: Petition | SigningPetition,
    *,
    full_name: str,
    email: str,
    country: str,
    opt_in: bool,
    consent_version: str | None = None,
    client_hash: str | None = None,
    source: str = "web",
    language: str = "en",
    now: datetime | None = None,
) -> None:
    """Record a pending signature and ask for confirmation by email.

    Returns nothing on purpose: whether the address had signed before must not be
    visible to whoever submits the form. A repeat gets an email instead (capped).
    """
    now = now or utcnow()
    if not petition.is_open_at(now):
        raise PetitionClosedError(_("This petition is closed and no longer takes signatures."))
    attempt = {
        "petition_id": petition.id,
        "full_name": full_name,
        "email": email,
        "email_canonical": canonical_email(email),
        "country": country,
        "opt_in": opt_in,
        "consent_version": consent_version,
        "client_hash": client_hash,
        "source": source,
        "language": language,
        "token_nonce": secrets.token_urlsafe(24),
        "created_at": now,
    }
    signature = _insert_unless_signed(attempt)
    if signature is None:
        existing = db.session.scalars(
            select(Signature).where(
                Signature.petition_id == petition.id,
                Signature.email_canonical == attempt["email_canonical"],
            )
        ).one()
        _handle_repeat(existing, Signature(**attempt), now=now)
        return
    emails.send_signature_confirmation(signature, reminder=False)


def resend_confirmation(petition: Petition, email: str, now: datetime | None = None) -> None:
    """ "Send it again", from the check-your-email page (issue 15, item 3).

    Returns nothing, and the page says the same whatever happened, so that it cannot be
    used to learn whether an address signed. What is sent mirrors a repeat signing, under
    the same per-signature cap (SIGNATURE_NOTICE_CAP a day): a pending signature gets its
    confirmation link again; a confirmed one gets the harmless "you have already signed"
    email; an unknown address, an expired or invalidated signature, or a closed petition
    get nothing (whoever asked can sign again).
    """
    now = now or utcnow()
    if not petition.is_open_at(now):
        return
    signature = db.session.scalars(
        select(Signature).where(
            Signature.petition_id == petition.id,
            Signature.email_canonical == canonical_email(email),
        )
    ).first()
    if signature is None or is_expired(signature, now):
        log.info("send-again for petition %s: nothing to send", petition.id)
        return
    if signature.status is SignatureStatus.PENDING:
        if _take_notice(signature, now):
            emails.send_signature_confirmation(signature, reminder=True)
    elif signature.status is SignatureStatus.CONFIRMED:
        if _take_notice(signature, now):
            emails.send_already_signed(signature)


def _insert_unless_signed(values: dict) -> NewSignature | None:
    """Insert a signature, or nothing when its address has signed this petition before.

    The unique (petition, canonical email) constraint decides races between simultaneous
    signers with one address, inside the INSERT itself (ON CONFLICT DO NOTHING): the busiest
    statement of a campaign day takes one round trip, where a savepoint around it took three.
    """
    values = _with_column_defaults(values)
    new_id = db.session.connection().execute(_signature_insert(tuple(values)), values).scalar()
    if new_id is None:
        return None
    # What the confirmation email needs, as plain values: no object for the session to
    # track (SQLAlchemy's RETURNING of whole objects cost twice the rest; building one and
    # attaching it, 3% of a signature, issue 19).
    return NewSignature(new_id, values["email"], values["language"])


@dataclass(frozen=True)
class NewSignature:
    """A signature just written, as the confirmation email reads it."""

    id: int
    email: str
    language: str


def _with_column_defaults(values: dict) -> dict:
    """The values with the model's own defaults filled in (status, source, created_at…),
    as the ORM would: the insert below is SQL of its own, which applies none."""
    filled = dict(values)
    for column in Signature.__table__.c:
        if column.key not in filled and column.default is not None:
            default = column.default
            filled[column.key] = default.arg(None) if default.is_callable else default.arg
    return filled


@cache
def _signature_insert(keys: tuple[str, ...]) -> TextClause:
    """INSERT … ON CONFLICT (petition, canonical email) DO NOTHING RETURNING id for these
    columns: the same SQL on PostgreSQL and SQLite (3.35 and later).

    Text, not the dialects' insert() with on_conflict_do_nothing(): SQLAlchemy never caches
    the compiled form of those (their classes set inherit_cache = False), so each
    signature compiled its INSERT again, 1.4 ms of CPU (issue 19). A text statement with
    typed parameters is compiled once; the types still convert enums, dates and booleans."""
    table = Signature.__table__
    names = ", ".join(table.c[key].name for key in keys)
    params = ", ".join(f":{key}" for key in keys)
    return (
        text(  # the model's own names only: nothing from a request reaches this SQL
            f"INSERT INTO {table.name} ({names}) VALUES ({params}) "  # noqa: S608
            "ON CONFLICT (petition_id, email_canonical) DO NOTHING RETURNING id"
        )
        .bindparams(*(bindparam(key, type_=table.c[key].type) for key in keys))
        .columns(id=Integer)
    )


def _handle_repeat(signature: Signature, attempt: Signature, *, now: datetime) -> None:
    """Another signing with the address of `signature`; `attempt` holds what was typed."""
    if signature.status is SignatureStatus.PENDING and is_expired(signature, now):
        if _restart_expired(signature, attempt, now=now):
            emails.send_signature_confirmation(signature, reminder=False)
    elif signature.status is SignatureStatus.PENDING:
        if _take_notice(signature, now):
            emails.send_signature_confirmation(signature, reminder=True)
    elif signature.status is SignatureStatus.CONFIRMED:
        if _take_notice(signature, now):
            emails.send_already_signed(signature)
    # An invalidated signature gets no email: it was removed as fraud.


def _restart_expired(signature: Signature, attempt: Signature, *, now: datetime) -> bool:
    """Turn an expired, never-confirmed signature into a fresh one (once, if racing)."""
    result = db.session.execute(
        update(Signature)
        .where(
            Signature.id == signature.id,
            Signature.status == SignatureStatus.PENDING,
            Signature.created_at < now - _confirm_window(),
        )
        .values(
            full_name=attempt.full_name,
            email=attempt.email,
            country=attempt.country,
            opt_in=attempt.opt_in,
            consent_version=attempt.consent_version,
            client_hash=attempt.client_hash,
            created_at=now,
            token_nonce=secrets.token_urlsafe(24),
            notices_sent=0,
            notices_window_start=None,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(signature)
    return result.rowcount == 1


def _take_notice(signature: Signature, now: datetime) -> bool:
    """Use up one of the signature's follow-up emails for today; False when none is left.

    One atomic UPDATE, so twenty simultaneous repeats cannot all slip under the cap.
    """
    cap = current_app.config["SIGNATURE_NOTICE_CAP"]
    window_start = now - timedelta(days=1)
    stale = or_(
        Signature.notices_window_start.is_(None), Signature.notices_window_start < window_start
    )
    result = db.session.execute(
        update(Signature)
        .where(Signature.id == signature.id, or_(stale, Signature.notices_sent < cap))
        .values(
            notices_sent=case((stale, 1), else_=Signature.notices_sent + 1),
            notices_window_start=case((stale, now), else_=Signature.notices_window_start),
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        log.info("follow-up email for signature %s suppressed: cap reached", signature.id)
    return result.rowcount == 1


def signature_for_token(token: str, now: datetime | None = None) -> Signature:
    """The signature a confirmation link stands for, if the link is still good."""
    now = now or utcnow()
    nonce = nonce_in(token)
    signature = (
        db.session.scalars(select(Signature).where(Signature.token_nonce == nonce)).first()
        if nonce is not None
        else None
    )
    if signature is None or signature.status is SignatureStatus.INVALIDATED:
        raise InvalidConfirmationError(
            _(
                "This confirmation link is not valid. It may have been mistyped, or the "
                "signature was removed. You can sign the petition again."
            )
        )
    if is_expired(signature, now):
        raise ConfirmationExpiredError(
            ngettext(
                "This confirmation link has expired: signatures must be confirmed within "
                "%(num)d day. Please sign again.",
                "This confirmation link has expired: signatures must be confirmed within "
                "%(num)d days. Please sign again.",
                current_app.config["SIGNATURE_CONFIRM_DAYS"],
            )
        )
    return signature


def confirm_signature(token: str, now: datetime | None = None) -> Signature:
    """Confirm the signature behind a link; confirming twice is harmless."""
    now = now or utcnow()
    signature = signature_for_token(token, now)
    if signature.status is SignatureStatus.CONFIRMED:
        return signature
    if not signature.petition.is_open_at(now):
        raise PetitionClosedError(
            _("This petition closed before your signature was confirmed, so it cannot be added.")
        )
    # Conditional on still being pending: two clicks at once count once.
    result = db.session.execute(
        update(Signature)
        .where(Signature.id == signature.id, Signature.status == SignatureStatus.PENDING)
        .values(status=SignatureStatus.CONFIRMED, confirmed_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:
        _add_to_count(signature.petition_id, signature.id, 1)
    db.session.refresh(signature)
    return signature


def _add_to_count(petition_id: int, spread_key: int, delta: int) -> None:
    """Add to one shard of a petition's total, chosen by spread_key."""
    shard = spread_key % current_app.config["COUNTER_SHARDS"]
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(PetitionCountShard).values(petition_id=petition_id, shard=shard, count=delta)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["petition_id", "shard"],
            set_={"count": PetitionCountShard.count + statement.excluded.count},
        )
    )


def adjust_count(petition_id: int, delta: int, *, spread_key: int = 0) -> None:
    """Add to (or, negative, take from) a petition's shown total, in the caller's
    transaction: for changes to confirmed signatures made outside confirmation
    (moderation). One shard takes the whole change; the total is the shards' sum."""
    _add_to_count(petition_id, spread_key, delta)


def signature_counts(petition_ids: list[int]) -> dict[int, int]:
    """Confirmed-signature totals for these petitions (0 for none)."""
    if not petition_ids:
        return {}
    rows = db.session.execute(
        select(PetitionCountShard.petition_id, func.sum(PetitionCountShard.count))
        .where(PetitionCountShard.petition_id.in_(petition_ids))
        .group_by(PetitionCountShard.petition_id)
    )
    totals = {petition_id: 0 for petition_id in petition_ids}
    totals.update({petition_id: int(total) for petition_id, total in rows})
    return totals


def addressed_to(petition: Petition) -> Target | None:
    """Whom the petition asks: its own target, else its case's first (the person signers
    are then asked to write to)."""
    if petition.target is not None:
        return petition.target
    return petition.case.targets[0] if petition.case and petition.case.targets else None


def signature_count(petition: Petition) -> int:
    """One petition's confirmed-signature total."""
    return signature_counts([petition.id])[petition.id]


def recount(petition_ids: list[int] | None = None) -> dict[int, int]:
    """Rebuild totals from the signature rows; returns each correction made.

    Rows and shards are read in one statement, so one snapshot: a confirmation commits
    its row and its +1 together, and is either in both or neither. Correcting by the
    difference (not overwriting) keeps confirmations that commit meanwhile.
    """
    if petition_ids is None:
        petition_ids = list(db.session.scalars(select(Petition.id).order_by(Petition.id)))
    corrections: dict[int, int] = {}
    for petition_id in petition_ids:
        rows = (
            select(func.count())
            .select_from(Signature)
            .where(
                Signature.petition_id == petition_id,
                Signature.status == SignatureStatus.CONFIRMED,
            )
            .scalar_subquery()
        )
        shards = (
            select(func.coalesce(func.sum(PetitionCountShard.count), 0))
            .where(PetitionCountShard.petition_id == petition_id)
            .scalar_subquery()
        )
        drift = db.session.scalar(select(rows - shards))
        if drift:
            _add_to_count(petition_id, 0, drift)
            corrections[petition_id] = drift
            log.warning("petition %s count corrected by %+d", petition_id, drift)
    return corrections


def expire_unconfirmed(now: datetime | None = None) -> int:
    """Delete signatures never confirmed within the window; they never counted."""
    now = now or utcnow()
    result = db.session.execute(
        delete(Signature).where(
            Signature.status == SignatureStatus.PENDING,
            Signature.created_at < now - _confirm_window(),
        )
    )
    return result.rowcount or 0


def public_petition_query():
    """Petitions the public may see: not drafts, and not attached to a hidden case."""
    return (
        select(Petition)
        .outerjoin(Case, Petition.case_id == Case.id)
        .where(
            Petition.status != PetitionStatus.DRAFT,
            or_(Petition.case_id.is_(None), Case.status.in_(PUBLIC_CASE_STATUSES)),
        )
        .order_by(Petition.id)
    )


def get_public_petition(slug: str) -> Petition | None:
    """A visible petition by slug, or None."""
    return db.session.scalars(public_petition_query().where(Petition.slug == slug)).first()


@dataclass(frozen=True)
class SigningPetition:
    """What a signing needs of a petition, as plain values: kept between requests."""

    id: int
    slug: str
    title: str
    status: PetitionStatus
    opens_at: datetime | None
    closes_at: datetime | None
    expires: float  # monotonic time after which it is read again

    def is_open_at(self, now: datetime) -> bool:
        """Whether signatures are accepted at this moment (the dates against the clock
        on every use, so a kept petition closes on time to the second)."""
        return Petition.is_open_at(self, now)  # type: ignore[arg-type]


def petition_for_signing(slug: str) -> SigningPetition | None:
    """A visible petition's fields a signing needs, or None; read once every
    PETITION_CACHE_SECONDS per process (issue 19: the query was 0.8 ms of every signing
    POST). An organiser's change (closing, hiding its case) reaches signers within that
    many seconds; closing dates are checked against the clock on every use."""
    seconds = current_app.config["PETITION_CACHE_SECONDS"]
    kept: dict[str, SigningPetition] = current_app.extensions.setdefault("petition_cache", {})
    found = kept.get(slug)
    if found is not None and found.expires > time.monotonic():
        return found
    petition = get_public_petition(slug)
    if petition is None:
        kept.pop(slug, None)
        return None
    found = SigningPetition(
        id=petition.id,
        slug=petition.slug,
        title=petition.title,
        status=petition.status,
        opens_at=petition.opens_at,
        closes_at=petition.closes_at,
        expires=time.monotonic() + seconds,
    )
    if seconds > 0:
        kept[slug] = found
    return found


# Organisers: writing a petition, opening and closing it. These services take plain
# values, flush but never commit, and write an audit event with every change.

PETITION_STATUS_ACTIONS = {
    PetitionStatus.DRAFT: "petition.unpublished",
    PetitionStatus.OPEN: "petition.opened",
    PetitionStatus.CLOSED: "petition.closed",
}


@dataclass(frozen=True)
class PetitionValues:
    slug: str
    title: str
    body: str
    case_id: int | None
    target_id: int | None
    goal: int
    opens_at: datetime | None
    closes_at: datetime | None
    next_steps: str = ""
    delivery_planned_on: date | None = None


def petitions() -> list[Petition]:
    """Every petition, drafts first, newest first."""
    rows = db.session.scalars(
        select(Petition).options(selectinload(Petition.case)).order_by(Petition.id.desc())
    )
    return sorted(rows, key=lambda p: p.status is not PetitionStatus.DRAFT)


def get_petition(petition_id: int) -> Petition | None:
    """A petition with its case and target, whatever its status."""
    return db.session.scalars(
        select(Petition)
        .where(Petition.id == petition_id)
        .options(selectinload(Petition.case), selectinload(Petition.target))
    ).first()


def _check_petition(petition: Petition | None, values: PetitionValues) -> None:
    editing.check_slug(
        Petition,
        petition,
        values.slug,
        PetitionError,
        taken=_(
            "Another petition already has the address “%(slug)s”. Please choose another.",
            slug=values.slug,
        ),
    )
    if values.case_id is not None and db.session.get(Case, values.case_id) is None:
        raise PetitionError(_("Please choose a case from the list."), "case_id")
    if values.target_id is not None:
        target = db.session.get(Target, values.target_id)
        if target is None:
            raise PetitionError(
                _("Please choose whom the petition is addressed to from the list."), "target_id"
            )
        if values.case_id is None:
            raise PetitionError(
                _(
                    "Please choose the petition's case too: the people it is addressed to are "
                    "listed on their case."
                ),
                "case_id",
            )
        if target.case_id != values.case_id:
            raise PetitionError(
                _(
                    "%(name)s is a target of another case. Please choose one of this case's "
                    "targets.",
                    name=target.name,
                ),
                "target_id",
            )
    if values.opens_at and values.closes_at and values.closes_at <= values.opens_at:
        raise PetitionError(_("The petition must close after it opens."), "closes_at")


def create_petition(
    actor: User, values: PetitionValues, status: PetitionStatus = PetitionStatus.DRAFT
) -> Petition:
    """Add a petition (a draft unless told otherwise); audited."""
    _check_petition(None, values)
    petition = Petition(status=status)
    editing.add(petition, values, PetitionError)
    audit.record(
        actor,
        "petition.created",
        subject=petition,
        summary=petition.title,
        slug=petition.slug,
        status=status.value,
    )
    return petition


def update_petition(
    actor: User, petition: Petition, values: PetitionValues, status: PetitionStatus | None = None
) -> list[str]:
    """Change a petition (and its status, if given); audited."""
    _check_petition(petition, values)
    changed = editing.save(petition, values, PetitionError)
    if changed:
        audit.record(
            actor, "petition.updated", subject=petition, summary=petition.title, changed=changed
        )
    if status is not None and status is not petition.status:
        change_petition_status(actor, petition, status)
        changed.append("status")
    return changed


def change_petition_status(actor: User, petition: Petition, status: PetitionStatus) -> Petition:
    """Open, close or take back to draft; audited. Signatures are never touched: a closed
    petition keeps them and its total, and only stops taking (and confirming) new ones."""
    if petition.status is status:
        return petition
    before = petition.status
    petition.status = status
    # Retention counts from the moment it closed (webapp.privacy.services).
    petition.closed_at = utcnow() if status is PetitionStatus.CLOSED else None
    editing.flush(PetitionError)
    audit.record(
        actor,
        PETITION_STATUS_ACTIONS[status],
        subject=petition,
        summary=f"{petition.title}: {before.value} → {status.value}",
        before=before.value,
        after=status.value,
    )
    return petition


def record_delivery(actor: User, petition: Petition, *, on: date, to: str) -> None:
    """Record that the petition was handed over, on a day and to someone (issue 18, item
    6); recording again corrects it. Audited. The petition's status is left as it is:
    closing it is a step of its own."""
    to = " ".join(to.split())
    if not to:
        raise PetitionError(_("Say to whom the petition was delivered."), "to")
    if on > utcnow().date():
        raise PetitionError(_("The delivery date cannot be in the future."), "on")
    if on < petition.created_at.date():
        raise PetitionError(_("The delivery date is before the petition was written."), "on")
    before = (petition.delivered_on, petition.delivered_to)
    petition.delivered_on, petition.delivered_to = on, to
    editing.flush(PetitionError)
    audit.record(
        actor,
        "petition.delivered",
        subject=petition,
        summary=f"{petition.title}: delivered to {to} on {on.isoformat()}",
        before=None if before[0] is None else f"{before[0].isoformat()} {before[1]}",
    )
