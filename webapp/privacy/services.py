"""Supporters' personal data over its life: a copy on request, erasure on request, and
anonymisation once a petition has been closed long enough.

Anonymising keeps a signature's row, its petition, country, status and dates, and wipes
what identifies the person (name, email, client hash). So totals, countries and days
never change when personal data goes; only a signature still waiting for confirmation,
which never counted, is deleted outright.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import String, cast, delete, func, literal, or_, select, update

from webapp.domain import DomainError
from webapp.extensions import db
from webapp.keys import keyed_token
from webapp.models import (
    ALL_CASES,
    Case,
    OutboxMessage,
    Petition,
    PetitionStatus,
    RecipientStatus,
    Signature,
    SignatureStatus,
    UpdateRecipient,
    utcnow,
)
from webapp.outbox import emails, suppressions
from webapp.privacy import consent
from webapp.utils.addresses import DOTLESS_DOMAINS, canonical_email

log = logging.getLogger(__name__)

# Rows anonymised per transaction: a big petition's signers are wiped in steps, so
# SQLite's single write lock (and PostgreSQL's row locks) are held briefly each time.
ANONYMISE_BATCH = 5000


class PrivacyLinkError(DomainError):
    """The emailed link is not one we sent, or it is too old; fit to show the person."""


# Links sent to a supporter's email.
#
# The link names the signatures held for the address when it was sent (their ids, which
# say nothing about anyone) and a keyed digest of the mailbox they were made from, so a
# decoded link shows no address (issue 21, item 17), and an id reused by another
# signature later opens nothing.


def mailbox(address: str) -> str:
    """The mailbox an address reaches, as far as we can know: the address in lower case,
    and for providers known to deliver every "+tag" and dotted form of a name to one
    mailbox (Gmail), the canonical form. Elsewhere alice+x@ may be someone else's
    (issue 21, item 16), so "your data" never merges it with alice@."""
    canonical = canonical_email(address)
    domain = canonical.rpartition("@")[2]
    if domain in DOTLESS_DOMAINS.values():
        return canonical
    return f"{address.strip().rpartition('@')[0].lower()}@{domain}"


def _mailbox_digest(address: str) -> str:
    return keyed_token(f"my-data:{mailbox(address)}")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="my-data")


def _held_for(address: str) -> list[Signature]:
    """The signatures still held that were made from this address's mailbox."""
    wanted = mailbox(address)
    candidates = db.session.scalars(
        select(Signature)
        .where(
            Signature.email_canonical == canonical_email(address),
            Signature.anonymised_at.is_(None),
        )
        .order_by(Signature.id)
    )
    return [signature for signature in candidates if mailbox(signature.email) == wanted]


def link_token(email: str) -> str:
    """The token in the emailed link: what is held for the address, signed and dated."""
    ids = [signature.id for signature in _held_for(email)]
    return _serializer().dumps({"s": ids, "m": _mailbox_digest(email)})


@dataclass(frozen=True)
class LinkScope:
    """What one emailed link opens: these signatures, while made from this mailbox."""

    signature_ids: tuple[int, ...]
    mailbox_digest: str


def scope_for_token(token: str) -> LinkScope:
    """What a link opens, while the link is fresh."""
    hours = current_app.config["MY_DATA_LINK_HOURS"]
    try:
        data = _serializer().loads(token, max_age=hours * 3600)
        ids = tuple(int(n) for n in data["s"])
        digest = str(data["m"])
    except (BadSignature, TypeError, KeyError, ValueError) as error:
        raise PrivacyLinkError(
            ngettext(
                "This link does not work. Links to your data last %(num)d hour and must be "
                "copied whole. You can ask for a new one.",
                "This link does not work. Links to your data last %(num)d hours and must be "
                "copied whole. You can ask for a new one.",
                hours,
            )
        ) from error
    return LinkScope(ids, digest)


def _held_in(scope: LinkScope) -> list[Signature]:
    """The link's signatures still held: exactly what its page shows and its button erases."""
    if not scope.signature_ids:
        return []
    rows = db.session.scalars(
        select(Signature)
        .where(Signature.id.in_(scope.signature_ids), Signature.anonymised_at.is_(None))
        .order_by(Signature.created_at, Signature.id)
    )
    return [
        signature
        for signature in rows
        if hmac.compare_digest(_mailbox_digest(signature.email), scope.mailbox_digest)
    ]


def send_link(email: str) -> bool:
    """Email a link to the data held for this address, if any is held. The caller shows
    the same page either way, so the form cannot be used to learn who signed what."""
    if not _held_for(email):
        log.info("my-data link not sent: nothing held for the address")
        return False
    emails.send_my_data_link(email, link_token(email))
    return True


# A copy.


@dataclass(frozen=True)
class SignatureCopy:
    petition_title: str
    petition_slug: str
    full_name: str
    email: str
    country: str
    opt_in: bool
    status: str
    signed_at: datetime
    confirmed_at: datetime | None
    consent_version: str | None
    consent_text: str | None


@dataclass(frozen=True)
class StoppedEmails:
    """Update emails the address may no longer get: for one case (its name) or all (None),
    because its owner said stop or its mail server refused it for good."""

    case_name: str | None
    reason: str  # SuppressionReason's value
    since: datetime


@dataclass(frozen=True)
class DataCopy:
    email: str | None  # the mailbox, when anything is held
    signatures: list[SignatureCopy] = field(default_factory=list)
    emails_kept: int = 0  # emails to this address still in the outbox (sent, or due)
    stopped: list[StoppedEmails] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.signatures

    def as_json(self) -> dict:
        """What the download holds: everything kept about the person, in plain words."""
        return {
            "email": self.email,
            "signatures": [
                {
                    "petition": copy.petition_title,
                    "petition_slug": copy.petition_slug,
                    "full_name": copy.full_name,
                    "email": copy.email,
                    "country": copy.country,
                    "wants_updates": copy.opt_in,
                    "status": copy.status,
                    "signed_at": copy.signed_at.isoformat(),
                    "confirmed_at": copy.confirmed_at.isoformat() if copy.confirmed_at else None,
                    "consent_version": copy.consent_version,
                    "consent_text": copy.consent_text,
                }
                for copy in self.signatures
            ],
            "emails_kept": self.emails_kept,
            "update_emails_stopped": [
                {
                    "case": stopped.case_name,
                    "all_cases": stopped.case_name is None,
                    "reason": stopped.reason,
                    "since": stopped.since.isoformat(),
                }
                for stopped in self.stopped
            ],
            "not_kept": _(
                "Your network address is never stored, only a hash of it that changes every "
                "day. Letters you wrote are not linked to your email, unless you asked for a "
                "letter's link by email: then the address is kept with that letter, and "
                "deleted with it (delete the letter on its page)."
            ),
        }


def _outbox_to(signatures: Iterable[Signature]):
    """Emails to the person: to any address, as typed, under which they signed (and so
    the emailed link itself), whatever the case."""
    recipients = {signature.email.lower() for signature in signatures}
    return func.lower(OutboxMessage.recipient).in_(sorted(recipients))


def data_copy(scope: LinkScope) -> DataCopy:
    """Everything held about the person, as far as the link opens."""
    held = _held_in(scope)
    if not held:
        return DataCopy(email=None)
    petitions = {
        petition.id: petition
        for petition in db.session.scalars(
            select(Petition).where(Petition.id.in_({s.petition_id for s in held}))
        )
    }
    copies = []
    for signature in held:
        petition = petitions[signature.petition_id]
        text = consent.get(signature.consent_version)
        copies.append(
            SignatureCopy(
                petition_title=petition.title,
                petition_slug=petition.slug,
                full_name=signature.full_name,
                email=signature.email,
                country=signature.country,
                opt_in=signature.opt_in,
                status=signature.status.value,
                signed_at=signature.created_at,
                confirmed_at=signature.confirmed_at,
                consent_version=signature.consent_version,
                consent_text=text.text if text else None,
            )
        )
    kept = db.session.scalar(select(func.count()).where(_outbox_to(held)))
    return DataCopy(
        email=mailbox(held[0].email),
        signatures=copies,
        emails_kept=kept or 0,
        stopped=_stopped_emails(held),
    )


def _stopped_emails(held: list[Signature]) -> list[StoppedEmails]:
    keys = {suppressions.list_key(signature.email) for signature in held}
    found = [found for key in sorted(keys) for found in suppressions.suppressions_for(key)]
    case_ids = {int(s.scope.split(":")[1]) for s in found if s.scope.startswith("case:")}
    names = dict(db.session.execute(select(Case.id, Case.name).where(Case.id.in_(case_ids))).all())
    return [
        StoppedEmails(
            case_name=None if s.scope == ALL_CASES else names.get(int(s.scope.split(":")[1]), ""),
            reason=s.reason.value,
            since=s.created_at,
        )
        for s in found
    ]


# Erasure and anonymisation.


@dataclass(frozen=True)
class ErasureReport:
    pending_deleted: int
    signatures_anonymised: int
    emails_deleted: int


def _anonymous_values(now: datetime) -> dict:
    """What an anonymised signature keeps in place of the person. The canonical email
    and token become unique placeholders: the (petition, email) rule still holds, and
    the old confirmation link opens nothing."""
    placeholder = literal("anonymised:").concat(cast(Signature.id, String))
    return {
        "full_name": "",
        "email": "",
        "email_canonical": placeholder,
        "token_nonce": placeholder,
        "client_hash": None,
        "opt_in": False,
        "anonymised_at": now,
    }


def erase(scope: LinkScope, now: datetime | None = None) -> ErasureReport:
    """Erase what identifies the person in the signatures the link opens (those its
    page showed, still held), in the caller's transaction.

    Confirmed signatures stay counted, anonymous: the person did sign, and totals
    already reported to the authorities must not shrink. Unconfirmed ones are deleted;
    they never counted. Emails to the person's addresses leave the outbox too.
    """
    now = now or utcnow()
    held = _held_in(scope)
    if not held:
        return ErasureReport(0, 0, 0)
    # Read before the signatures' addresses are wiped below.
    to_person = _outbox_to(held)
    keys = {suppressions.list_key(signature.email) for signature in held}
    ids = [signature.id for signature in held]
    pending = db.session.execute(
        delete(Signature)
        .where(Signature.id.in_(ids), Signature.status == SignatureStatus.PENDING)
        .execution_options(synchronize_session=False)
    ).rowcount
    anonymised = db.session.execute(
        update(Signature)
        .where(Signature.id.in_(ids), Signature.anonymised_at.is_(None))
        .values(_anonymous_values(now))
        .execution_options(synchronize_session=False)
    ).rowcount
    mails = db.session.execute(delete(OutboxMessage).where(to_person)).rowcount
    # An update email still queued for them is not sent (their unsubscribes stay: they are
    # kept as keyed hashes, and honouring them needs nothing else).
    db.session.execute(
        update(UpdateRecipient)
        .where(
            UpdateRecipient.email_key.in_(keys),
            UpdateRecipient.status == RecipientStatus.QUEUED,
        )
        .values(status=RecipientStatus.SKIPPED, email="")
        .execution_options(synchronize_session=False)
    )
    log.info(
        "erasure on request: %s pending deleted, %s anonymised, %s emails deleted",
        pending,
        anonymised,
        mails,
    )
    return ErasureReport(pending or 0, anonymised or 0, mails or 0)


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time, whole calendar months earlier (the month's last day when
    that day does not exist: 31 August minus 6 months is 28 or 29 February)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


def petitions_past_retention(now: datetime, months: int) -> list[int]:
    """Petitions closed (by an organiser, or by their closing date) more than `months`
    ago, whose signers still have personal data held."""
    cutoff = months_before(now, months)
    closed_long_ago = or_(
        (Petition.status == PetitionStatus.CLOSED) & (Petition.closed_at < cutoff),
        Petition.closes_at < cutoff,
    )
    held = select(Signature.id).where(
        Signature.petition_id == Petition.id, Signature.anonymised_at.is_(None)
    )
    return list(
        db.session.scalars(
            select(Petition.id)
            .where(Petition.status != PetitionStatus.DRAFT, closed_long_ago, held.exists())
            .order_by(Petition.id)
        )
    )


def anonymise_closed_petitions(now: datetime | None = None) -> int:
    """Wipe signers' personal data on petitions closed more than SIGNER_DATA_MONTHS ago.

    Works in batches and commits each one, so a petition of a million signers never
    holds a lock for long; a run cut short is finished by the next.
    """
    now = now or utcnow()
    months = current_app.config["SIGNER_DATA_MONTHS"]
    total = 0
    for petition_id in petitions_past_retention(now, months):
        db.session.execute(
            delete(Signature).where(
                Signature.petition_id == petition_id,
                Signature.status == SignatureStatus.PENDING,
            )
        )
        while True:
            batch = (
                select(Signature.id)
                .where(Signature.petition_id == petition_id, Signature.anonymised_at.is_(None))
                .limit(ANONYMISE_BATCH)
                .scalar_subquery()
            )
            done = db.session.execute(
                update(Signature)
                .where(Signature.id.in_(batch))
                .values(_anonymous_values(now))
                .execution_options(synchronize_session=False)
            ).rowcount
            db.session.commit()
            total += done
            if done < ANONYMISE_BATCH:
                break
        log.info("petition %s: signers anonymised after retention", petition_id)
    return total
