"""Emailing a published update to the people who acted on its case (issue 18, items 3-5).

The organiser first prepares the mailing: its recipients are listed once, as rows, and
counted (the number shown before sending is the list that will be sent). Pressing Send
starts it; a background job then hands the emails to the outbox at UPDATE_SEND_PER_MINUTE,
each in the transaction that marks its recipient sent. So a crash or a restart resumes
where it stopped, and no address gets one update twice (one mailing per update, one row
per canonical address, and the row's status changes with the email's creation).

Who is listed: confirmed signers of the case's petitions who ticked "email me updates",
and letter writers who had their letter's link emailed and ticked "tell me what happens".
Never anyone who unsubscribed (from the case or from all) or whose mail server refused
their address for good: checked when listing, and again when sending.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from webapp import audit, editing
from webapp.extensions import db
from webapp.models import (
    ALL_CASES,
    Case,
    CaseUpdate,
    EmailSuppression,
    Letter,
    MailingStatus,
    OutboxMessage,
    OutboxStatus,
    Petition,
    RecipientStatus,
    Signature,
    SignatureStatus,
    SuppressionReason,
    UpdateMailing,
    UpdateRecipient,
    User,
    case_scope,
    utcnow,
)
from webapp.outbox import suppressions
from webapp.outbox.services import enqueue
from webapp.updates.services import KIND_LABELS, UpdateError, text_for
from webapp.utils.addresses import canonical_email
from webapp.web.locales import SUPPORTED_LOCALES
from webapp.web.urls import external_url

log = logging.getLogger(__name__)

# Rows written per INSERT while listing, and recipients handed to the outbox per commit.
LIST_CHUNK = 2_000
SEND_CHUNK = 100
EMAIL_KIND = "case-update"


# Listing and counting.


# A signer who asks for updates: confirmed, opted in, and not erased or anonymised.
_ASKING_SIGNER = (
    Signature.status == SignatureStatus.CONFIRMED,
    Signature.opt_in.is_(True),
    Signature.anonymised_at.is_(None),
)


def _signers_query(case_id: int):
    return (
        select(Signature.email, Signature.language)
        .join(Petition, Petition.id == Signature.petition_id)
        .where(Petition.case_id == case_id, *_ASKING_SIGNER)
    )


def _letter_writers_query(case_id: int):
    return select(Letter.link_email, Letter.link_locale).where(
        Letter.case_id == case_id,
        Letter.link_email.is_not(None),
        Letter.updates_opt_in.is_(True),
    )


def _in_pages(query, id_column) -> Iterator[tuple[str, str]]:
    """The query's (email, language) rows by ranges of ids, each range a query of its
    own, read whole: the caller may commit between them (no cursor is held). Ranges of
    the primary key, not "the next LIMIT after the last id", which a filtered query may
    answer by reading every row again (a million signers: minutes, not seconds)."""
    top = db.session.scalar(select(func.max(id_column)))
    span = LIST_CHUNK * 10
    start = 0
    while top is not None and start < top:
        rows = db.session.execute(
            query.where(id_column > start, id_column <= start + span).order_by(id_column)
        ).all()
        for email, language in rows:
            yield email, language or "en"
        start += span


def _signers(case_id: int) -> Iterator[tuple[str, str]]:
    return _in_pages(_signers_query(case_id), Signature.id)


def _letter_writers(case_id: int) -> Iterator[tuple[str, str]]:
    return _in_pages(_letter_writers_query(case_id), Letter.id)


def _suppressed_keys(case_id: int) -> set[str]:
    return set(
        db.session.scalars(
            select(EmailSuppression.email_key).where(
                or_(
                    EmailSuppression.scope == ALL_CASES,
                    EmailSuppression.scope == case_scope(case_id),
                )
            )
        )
    )


def prepare_mailing(
    actor: User, update: CaseUpdate, *, to_signers: bool, to_letter_writers: bool
) -> UpdateMailing:
    """List (or list again) the update's recipients, without sending anything; audited.
    Up to UPDATE_LIST_INLINE_MAX people are listed at once, in this transaction; a longer
    list is made by the background job, a chunk per transaction (so SQLite's write lock
    is never held for long on a campaign day), and the page says it is being counted."""
    if update.published_at is None:
        raise UpdateError(_("Publish the update first: the email links to it."))
    if not (to_signers or to_letter_writers):
        raise UpdateError(_("Please choose who should get the email."), "to_signers")
    mailing = mailing_of(update)
    if mailing is not None and mailing.status not in (
        MailingStatus.PREPARED,
        MailingStatus.LISTING,
    ):
        raise UpdateError(_("This update has been emailed already: nobody gets it twice."))
    if mailing is None:
        mailing = UpdateMailing(update_id=update.id)
        db.session.add(mailing)
    mailing.to_signers = to_signers
    mailing.to_letter_writers = to_letter_writers
    mailing.prepared_at = utcnow()
    mailing.status = MailingStatus.LISTING
    mailing.claimed_by = mailing.claimed_until = None
    editing.flush(UpdateError)
    db.session.execute(delete(UpdateRecipient).where(UpdateRecipient.mailing_id == mailing.id))
    audit.record(
        actor,
        "update.mailing_prepared",
        subject=update,
        summary=update.title,
        to_signers=to_signers,
        to_letter_writers=to_letter_writers,
    )
    if _audience_at_most(mailing) <= current_app.config["UPDATE_LIST_INLINE_MAX"]:
        _list_recipients(mailing)
        mailing.status = MailingStatus.PREPARED
        editing.flush(UpdateError)
    return mailing


def _audience_at_most(mailing: UpdateMailing) -> int:
    """How many rows listing would read (before duplicates and suppressions drop some)."""
    case_id = mailing.update.case_id
    total = 0
    if mailing.to_signers:
        total += db.session.scalar(
            select(func.count()).select_from(_signers_query(case_id).subquery())
        )
    if mailing.to_letter_writers:
        total += db.session.scalar(
            select(func.count()).select_from(_letter_writers_query(case_id).subquery())
        )
    return total or 0


def _list_recipients(mailing: UpdateMailing, *, commit_each_chunk: bool = False) -> int:
    """Write the mailing's recipient rows; how many it holds. One row per address: the
    unique (mailing, key) drops a second petition's or a letter's copy of it inside the
    INSERT, so memory stays flat however long the list, and a listing run again after a
    crash adds only what is missing."""
    case_id = mailing.update.case_id
    mailing_id = mailing.id
    sources = ([_signers(case_id)] if mailing.to_signers else []) + (
        [_letter_writers(case_id)] if mailing.to_letter_writers else []
    )
    skipped = _suppressed_keys(case_id)
    add_rows = _insert_ignoring_duplicates()
    chunk: list[dict] = []

    def write() -> None:
        db.session.execute(add_rows, chunk)
        chunk.clear()

    for source in sources:
        for email, language in source:
            key = suppressions.list_key(email)
            if key in skipped:
                continue
            chunk.append(
                {"mailing_id": mailing_id, "email": email, "email_key": key, "language": language}
            )
            if len(chunk) >= LIST_CHUNK:
                write()
                if commit_each_chunk:
                    db.session.commit()
    if chunk:
        write()
    return db.session.scalar(
        select(func.count())
        .select_from(UpdateRecipient)
        .where(UpdateRecipient.mailing_id == mailing_id)
    )


def _insert_ignoring_duplicates():
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(UpdateRecipient).on_conflict_do_nothing()


def mailing_of(update: CaseUpdate) -> UpdateMailing | None:
    return db.session.scalar(select(UpdateMailing).where(UpdateMailing.update_id == update.id))


def start_mailing(actor: User, mailing: UpdateMailing, now: datetime | None = None) -> None:
    """Send the prepared list: from now on the job hands it to the outbox; audited."""
    if mailing.status is not MailingStatus.PREPARED:
        raise UpdateError(_("This update has been emailed already: nobody gets it twice."))
    mailing.status = MailingStatus.SENDING
    mailing.started_at = now or utcnow()
    editing.flush(UpdateError)
    audit.record(
        actor,
        "update.mailing_started",
        subject=mailing.update,
        summary=mailing.update.title,
        recipients=progress(mailing).total,
    )


@dataclass(frozen=True)
class MailingProgress:
    """What the organiser's page says of a mailing."""

    total: int
    queued: int
    sent: int  # handed to the outbox
    skipped: int  # unsubscribed or refused after the list was made
    failed: int  # refused for good by the recipient's server
    unsubscribed_since: int  # sent, and then asked for no more
    languages: dict[str, int]


def progress(mailing: UpdateMailing) -> MailingProgress:
    by_status = Counter(
        dict(
            db.session.execute(
                select(UpdateRecipient.status, func.count())
                .where(UpdateRecipient.mailing_id == mailing.id)
                .group_by(UpdateRecipient.status)
            ).all()
        )
    )
    languages = dict(
        db.session.execute(
            select(UpdateRecipient.language, func.count())
            .where(UpdateRecipient.mailing_id == mailing.id)
            .group_by(UpdateRecipient.language)
            .order_by(func.count().desc())
        ).all()
    )
    failed = db.session.scalar(
        select(func.count())
        .select_from(UpdateRecipient)
        .join(OutboxMessage, OutboxMessage.id == UpdateRecipient.outbox_id)
        .where(UpdateRecipient.mailing_id == mailing.id, OutboxMessage.status == OutboxStatus.DEAD)
    )
    unsubscribed = 0
    if mailing.started_at is not None:
        unsubscribed = db.session.scalar(
            select(func.count())
            .select_from(UpdateRecipient)
            .where(
                UpdateRecipient.mailing_id == mailing.id,
                UpdateRecipient.status == RecipientStatus.SENT,
                suppressions.suppressed_clause(
                    UpdateRecipient.email_key, mailing.update.case_id
                ).where(
                    EmailSuppression.reason == SuppressionReason.UNSUBSCRIBED,
                    EmailSuppression.created_at >= mailing.started_at,
                ),
            )
        )
    return MailingProgress(
        total=sum(by_status.values()),
        queued=by_status[RecipientStatus.QUEUED],
        sent=by_status[RecipientStatus.SENT],
        skipped=by_status[RecipientStatus.SKIPPED],
        failed=failed or 0,
        unsubscribed_since=unsubscribed or 0,
        languages=languages,
    )


# The email.


def _email_language(update: CaseUpdate, wanted: str) -> str:
    """The recipient's language where the update has it (the frame then follows it if
    the interface speaks it), else the update's own."""
    text = text_for(update, wanted)
    return text.language if text.translated else update.language


def _source_text(update: CaseUpdate, language: str) -> tuple[str, str]:
    for text in update.texts:
        if text.language == language:
            return text.title, text.body
    return update.title, update.body


def render_update_email(
    update: CaseUpdate, *, language: str, unsubscribe_token: str
) -> tuple[str, str, str, dict[str, str]]:
    """Subject, plain text, HTML and headers of the update's email in `language`."""
    text_language = _email_language(update, language)
    title, body = _source_text(update, text_language)
    unsubscribe_url = external_url("unsubscribe.page", token=unsubscribe_token, case=update.case_id)
    frame = text_language.split("-")[0]
    with force_locale(frame if frame in SUPPORTED_LOCALES else "en"):
        context = {
            "organisation": current_app.config["ORGANISATION_NAME"],
            "case_name": update.case.name,
            "kind": str(KIND_LABELS[update.kind]),
            "happened_on": update.happened_on,
            "title": title,
            "body": body,
            "html": text_for(update, text_language).html,
            "language": text_language,
            "update_url": external_url(
                "campaigns.case_detail", slug=update.case.slug, _anchor=f"update-{update.id}"
            ),
            "unsubscribe_url": unsubscribe_url,
        }
        subject = " ".join(render_template("email/case-update/subject.txt", **context).split())
        body_text = render_template("email/case-update/body.txt", **context)
        body_html = render_template("email/case-update/body.html", subject=subject, **context)
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    mailbox = sender.rsplit("<", 1)[-1].strip(">").strip()
    headers = {
        # RFC 2369 and RFC 8058: mail clients show an Unsubscribe button; one POST to the
        # https address (no confirmation, no login) stops every update.
        "List-Unsubscribe": f"<{unsubscribe_url}>, <mailto:{mailbox}?subject=unsubscribe%20"
        f"{unsubscribe_token}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Content-Language": text_language,
    }
    return subject, body_text, body_html, headers


def send_test(actor: User, update: CaseUpdate) -> None:
    """The email as recipients will get it, to the organiser alone, marked as a test."""
    subject, body_text, body_html, headers = render_update_email(
        update,
        language=update.language,
        unsubscribe_token=suppressions.unsubscribe_token(actor.email),
    )
    enqueue(
        kind=EMAIL_KIND,
        recipient=actor.email,
        subject=_("[Test] %(subject)s", subject=subject),
        body_text=body_text,
        body_html=body_html,
        headers=headers,
    )
    audit.record(actor, "update.mailing_test", subject=update, summary=update.title)


# Sending, in the background.


def _claim(
    mailing_id: int, run_id: str, now: datetime, status: MailingStatus = MailingStatus.SENDING
) -> bool:
    lease = timedelta(seconds=current_app.config["UPDATE_SEND_LEASE_SECONDS"])
    claimed = db.session.execute(
        update(UpdateMailing)
        .where(
            UpdateMailing.id == mailing_id,
            UpdateMailing.status == status,
            or_(UpdateMailing.claimed_until.is_(None), UpdateMailing.claimed_until < now),
        )
        .values(claimed_by=run_id, claimed_until=now + lease)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return bool(claimed)


def _budget(now: datetime) -> int:
    """How many more emails the rate allows this minute, across every mailing."""
    handed = db.session.scalar(
        select(func.count())
        .select_from(UpdateRecipient)
        .where(UpdateRecipient.handed_at > now - timedelta(minutes=1))
    )
    return max(current_app.config["UPDATE_SEND_PER_MINUTE"] - (handed or 0), 0)


def _send_chunk(mailing: UpdateMailing, run_id: str, limit: int) -> int:
    """Hand the next queued recipients (at most `limit`) to the outbox, in one transaction
    with their status; skip those who stopped asking since listing (_still_asking). How
    many this run marked."""
    recipients = list(
        db.session.scalars(
            select(UpdateRecipient)
            .where(
                UpdateRecipient.mailing_id == mailing.id,
                UpdateRecipient.status == RecipientStatus.QUEUED,
            )
            .order_by(UpdateRecipient.id)
            .limit(limit)
        )
    )
    if not recipients:
        return 0
    wanted = _still_asking(mailing, recipients)
    now = utcnow()
    skipped = _mark(
        [r.id for r in recipients if r.email_key not in wanted],
        status=RecipientStatus.SKIPPED,
        email="",
    )
    ours = _mark(
        [r.id for r in recipients if r.email_key in wanted],
        status=RecipientStatus.SENT,
        handed_at=now,
    )
    rendered: dict[str, tuple[str, str, str, dict]] = {}
    for recipient in recipients:
        if recipient.id not in ours:
            continue
        token = suppressions.unsubscribe_token(recipient.email)
        subject, body_text, body_html, headers = _render_for(
            mailing.update, recipient.language, token, rendered
        )
        message = enqueue(
            kind=EMAIL_KIND,
            recipient=recipient.email,
            subject=subject,
            body_text=body_text,
            body_html=body_html,
            headers=headers,
        )
        recipient.outbox_id = message.id
    # Still ours? A run whose lease ran out must not commit what another run now sends.
    still_ours = db.session.scalar(
        select(UpdateMailing.claimed_by).where(UpdateMailing.id == mailing.id)
    )
    if still_ours != run_id:
        db.session.rollback()
        return 0
    db.session.commit()
    return len(ours) + len(skipped)


def _mark(ids: list[int], **values) -> set[int]:
    """Set `values` on those of the recipients `ids` still queued; the ids it changed.

    The status guard, not the lease, is what keeps two runs from sending one email: a run
    whose lease ran out may still be in its chunk when the next run lists the same rows.
    On PostgreSQL this UPDATE waits for that run's commit and then finds the rows sent; on
    SQLite the two runs' writes cannot overlap at all."""
    if not ids:
        return set()
    return set(
        db.session.scalars(
            update(UpdateRecipient)
            .where(UpdateRecipient.id.in_(ids), UpdateRecipient.status == RecipientStatus.QUEUED)
            .values(**values)
            .returning(UpdateRecipient.id)
            .execution_options(synchronize_session=False)
        )
    )


def _still_asking(mailing: UpdateMailing, recipients: list[UpdateRecipient]) -> set[str]:
    """The keys of these recipients who still ask for the case's updates. Between the
    count and the send (days, for a long list) a person may unsubscribe or be refused
    for good by their mail server, a writer delete their letter, a signer have their data
    erased, retention anonymise a petition's signers: each of those leaves the list, as
    if it had been counted then (three small queries a chunk)."""
    case_id = mailing.update.case_id
    stopped = set(
        db.session.scalars(
            select(EmailSuppression.email_key).where(
                EmailSuppression.email_key.in_({r.email_key for r in recipients}),
                or_(
                    EmailSuppression.scope == ALL_CASES,
                    EmailSuppression.scope == case_scope(case_id),
                ),
            )
        )
    )
    wanted: set[str] = set()
    if mailing.to_signers:
        by_canonical = {canonical_email(r.email): r.email_key for r in recipients}
        # Looked up by (petition, canonical address) alone, the signatures' unique index,
        # and the rest checked here: with the status in the WHERE, PostgreSQL's generic
        # plan for this prepared statement took the (petition, status) index and read
        # every confirmed signer of the petition, a million, for each chunk of 100.
        petitions = list(db.session.scalars(select(Petition.id).where(Petition.case_id == case_id)))
        signers = db.session.execute(
            select(
                Signature.email_canonical,
                Signature.status,
                Signature.opt_in,
                Signature.anonymised_at,
            ).where(
                Signature.petition_id.in_(petitions),
                Signature.email_canonical.in_(by_canonical),
            )
        )
        wanted.update(
            by_canonical[canonical]
            for canonical, status, opt_in, anonymised_at in signers
            if status is SignatureStatus.CONFIRMED and opt_in and anonymised_at is None
        )
    if mailing.to_letter_writers:
        # By the address as listed (letters keep no canonical form: a writer listed under
        # a signature's other spelling of it has that signature to count on), through
        # the letters' link_email index, and the rest checked here, for the reason above.
        writers = db.session.execute(
            select(Letter.link_email, Letter.case_id, Letter.updates_opt_in).where(
                Letter.link_email.in_({r.email for r in recipients})
            )
        )
        wanted.update(
            suppressions.list_key(address)
            for address, letter_case, wants_updates in writers
            if letter_case == case_id and wants_updates
        )
    return wanted - stopped


# Where each recipient's own unsubscribe token goes in an email rendered once.
_TOKEN_PLACE = "UNSUBSCRIBE-TOKEN-PLACE"  # noqa: S105 (a placeholder, not a secret)


def _render_for(update, language, token, rendered):
    """The email for one recipient: rendered once per language per chunk with a marker
    where the recipient's own unsubscribe token goes (the only part that differs)."""
    if language not in rendered:
        rendered[language] = render_update_email(
            update, language=language, unsubscribe_token=_TOKEN_PLACE
        )
    subject, body_text, body_html, headers = rendered[language]
    return (
        subject,
        body_text.replace(_TOKEN_PLACE, token),
        body_html.replace(_TOKEN_PLACE, token),
        {name: value.replace(_TOKEN_PLACE, token) for name, value in headers.items()},
    )


def list_due_mailings(now: datetime | None = None) -> int:
    """List the recipients of mailings too long to list in the organiser's request, a
    chunk per transaction, under a lease; how many mailings were finished. A run that dies
    leaves its rows: the next, once the lease runs out, adds only what is missing."""
    now = now or utcnow()
    run_id = _run_id()
    waiting = list(
        db.session.scalars(
            select(UpdateMailing.id)
            .where(UpdateMailing.status == MailingStatus.LISTING)
            .order_by(UpdateMailing.id)
        )
    )
    db.session.commit()
    finished = 0
    for mailing_id in waiting:
        if not _claim(mailing_id, run_id, now, MailingStatus.LISTING):
            continue
        mailing = db.session.get(UpdateMailing, mailing_id)
        listed = _list_recipients(mailing, commit_each_chunk=True)
        done = db.session.execute(
            update(UpdateMailing)
            .where(
                UpdateMailing.id == mailing_id,
                UpdateMailing.claimed_by == run_id,
                UpdateMailing.status == MailingStatus.LISTING,
            )
            .values(status=MailingStatus.PREPARED, claimed_by=None, claimed_until=None)
            .execution_options(synchronize_session=False)
        ).rowcount
        db.session.commit()
        if done:
            finished += 1
            log.info("update mailing %s listed: %d recipients", mailing_id, listed)
    return finished


def _run_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def send_due_mailings(now: datetime | None = None) -> int:
    """Hand what the rate allows of every sending mailing to the outbox; finish mailings
    with nothing left queued. How many recipients were handled."""
    now = now or utcnow()
    run_id = _run_id()
    handled = 0
    sending = list(
        db.session.scalars(
            select(UpdateMailing.id)
            .where(UpdateMailing.status == MailingStatus.SENDING)
            .order_by(UpdateMailing.id)
        )
    )
    db.session.commit()
    for mailing_id in sending:
        if not _claim(mailing_id, run_id, now):
            continue
        mailing = db.session.get(UpdateMailing, mailing_id)
        while (budget := _budget(utcnow())) > 0:
            done = _send_chunk(mailing, run_id, min(budget, SEND_CHUNK))
            handled += done
            if done == 0:
                break
        _finish_if_done(mailing, run_id)
    return handled


def _finish_if_done(mailing: UpdateMailing, run_id: str) -> None:
    queued = db.session.scalar(
        select(UpdateRecipient.id)
        .where(
            UpdateRecipient.mailing_id == mailing.id,
            UpdateRecipient.status == RecipientStatus.QUEUED,
        )
        .limit(1)
    )
    values: dict = {"claimed_by": None, "claimed_until": None}
    if queued is None:
        values.update(status=MailingStatus.DONE, finished_at=utcnow())
        # The addresses were needed only to send: the counts live on without them.
        db.session.execute(
            update(UpdateRecipient)
            .where(UpdateRecipient.mailing_id == mailing.id)
            .values(email="")
            .execution_options(synchronize_session=False)
        )
        log.info("update mailing %s is done", mailing.id)
    db.session.execute(
        update(UpdateMailing)
        .where(UpdateMailing.id == mailing.id, UpdateMailing.claimed_by == run_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def delete_unsent_lists(now: datetime) -> int:
    """Recipient lists counted and never sent, older than UPDATE_LIST_KEEP_DAYS, deleted
    with their mailing (retention: the addresses were listed only to send). An organiser
    who still means to send counts again. How many mailings went."""
    cutoff = now - timedelta(days=current_app.config["UPDATE_LIST_KEEP_DAYS"])
    stale = select(UpdateMailing.id).where(
        UpdateMailing.status == MailingStatus.PREPARED, UpdateMailing.prepared_at < cutoff
    )
    ids = list(db.session.scalars(stale))
    if not ids:
        return 0
    # Rows first: a bulk DELETE of the mailings does not reach them through the ORM.
    db.session.execute(delete(UpdateRecipient).where(UpdateRecipient.mailing_id.in_(ids)))
    db.session.execute(delete(UpdateMailing).where(UpdateMailing.id.in_(ids)))
    return len(ids)


# Unsubscribing (the link and header in every update email).


def unsubscribe(token: str, *, case: Case | None = None) -> None:
    """Stop update emails to the address behind the token: one case's, or every case's
    (case None). Whatever is still queued for it is dropped at once."""
    key = suppressions.key_of_token(token)
    suppressions.suppress(
        key, SuppressionReason.UNSUBSCRIBED, case_id=case.id if case is not None else None
    )
    queued = (
        update(UpdateRecipient)
        .where(UpdateRecipient.email_key == key, UpdateRecipient.status == RecipientStatus.QUEUED)
        .values(status=RecipientStatus.SKIPPED, email="")
        .execution_options(synchronize_session=False)
    )
    if case is not None:
        of_case = (
            select(UpdateMailing.id)
            .join(CaseUpdate, CaseUpdate.id == UpdateMailing.update_id)
            .where(CaseUpdate.case_id == case.id)
        )
        queued = queued.where(UpdateRecipient.mailing_id.in_(of_case))
    db.session.execute(queued)
    log.info("update emails stopped for an address (%s)", f"case {case.id}" if case else "all")


@dataclass(frozen=True)
class Stopped:
    everything: bool
    this_case: bool


def stopped_scopes(token: str, case: Case | None) -> Stopped:
    """What the address behind the token has already stopped."""
    key = suppressions.key_of_token(token)
    scopes = {
        suppression.scope
        for suppression in suppressions.suppressions_for(key)
        if suppression.reason is SuppressionReason.UNSUBSCRIBED
    }
    return Stopped(
        everything=ALL_CASES in scopes,
        this_case=case is not None and case_scope(case.id) in scopes,
    )
