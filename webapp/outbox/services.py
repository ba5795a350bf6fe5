"""The outbox's rules: enqueue in the caller's transaction, deliver with leases and backoff."""

from __future__ import annotations

import json
import logging
import os
import smtplib
import socket
import uuid
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta

from flask import current_app
from flask_mail import Connection, Message
from sqlalchemy import delete, insert, or_, select, update

from webapp.extensions import db
from webapp.keys import keyed
from webapp.models import OutboxMessage, OutboxStatus, utcnow
from webapp.outbox import suppressions, writing

log = logging.getLogger(__name__)

# The session flag that tells the after-commit hook new mail is waiting.
NEW_MAIL_FLAG = "outbox_new_mail"


def enqueue(
    *,
    kind: str,
    recipient: str,
    subject: str,
    body_text: str,
    body_html: str | None,
    headers: dict[str, str] | None = None,
) -> OutboxMessage:
    """Write an email to the outbox, in the caller's transaction (flushed, not committed)."""
    message = OutboxMessage(
        kind=kind,
        recipient=recipient,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        headers=json.dumps(headers) if headers else None,
    )
    db.session.add(message)
    db.session.flush()
    db.session.info[NEW_MAIL_FLAG] = True
    return message


_OUTBOX_INSERT = insert(OutboxMessage.__table__)


def enqueue_deferred(*, kind: str, recipient: str, render_args: str) -> None:
    """Write to the outbox an email the worker will write when it sends it (kind and
    render_args: webapp/outbox/writing.py), in the caller's transaction.

    The table's own INSERT on the session's connection, with no object for the session
    to track: this runs in every signing request, where the ORM-enabled
    insert(OutboxMessage) took the bulk-insert path, twice the cost of the row."""
    db.session.connection().execute(
        _OUTBOX_INSERT,
        {
            "kind": kind,
            "recipient": recipient,
            "render_args": render_args,
            "status": OutboxStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": utcnow(),
            "created_at": utcnow(),
        },
    )
    db.session.info[NEW_MAIL_FLAG] = True


@dataclass
class DeliveryReport:
    """What one delivery run did."""

    claimed: int = 0
    sent: int = 0
    failed: int = 0
    dead: int = 0


@dataclass(frozen=True)
class _Claimed:
    """A claimed message as plain values: sending holds no database transaction open
    (on SQLite that would hold the write lock for the length of an SMTP exchange)."""

    id: int
    recipient: str
    subject: str | None
    body_text: str | None
    body_html: str | None
    attempts: int
    headers: str | None
    kind: str
    render_args: str | None


def deliver_due(*, batch_size: int = 50, now: datetime | None = None) -> DeliveryReport:
    """Claim the messages that are due, send them, and record each outcome.

    Commits: each message's outcome is committed on its own, so a crash part-way
    through a batch never sends an already-sent message again.
    """
    now = now or utcnow()
    run_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    claimed = _claim(run_id, batch_size, now)
    report = DeliveryReport(claimed=len(claimed))
    unsent = [
        written
        for message in claimed
        if (written := _written(message, run_id, now, report)) is not None
    ]
    try:
        with _open_transport() as transport:
            while unsent:
                message = unsent[0]
                try:
                    transport.send(_to_mail_message(message))
                except (OSError, smtplib.SMTPException, ValueError) as exc:
                    _record_failure(message, run_id, exc, now, report)
                else:
                    _record_success(message, run_id, report)
                unsent.pop(0)
    except (OSError, smtplib.SMTPException) as exc:
        # Connecting failed (or the goodbye did): the rest wait for the next try.
        log.warning("mail server unreachable, %d message(s) will be retried: %s", len(unsent), exc)
        for message in unsent:
            _record_failure(message, run_id, exc, now, report)
    return report


def _written(
    message: _Claimed, run_id: str, now: datetime, report: DeliveryReport
) -> _Claimed | None:
    """The claimed message with its text, written now if the outbox held only what to
    write (render_args) and kept, so a retry sends the same email. None if there is
    nothing to send: what it was about is gone (dead), or writing failed (retried)."""
    if message.render_args is None:
        return message
    try:
        written = writing.write_deferred(message.kind, message.render_args)
    except Exception as exc:  # noqa: BLE001 - a template or data fault: retried, then dead
        log.exception("outbox message %s could not be written", message.id)
        _record_failure(message, run_id, exc, now, report)
        return None
    if written is None:
        _record(message, run_id, status=OutboxStatus.DEAD, last_error="nothing to send: gone")
        report.dead += 1
        return None
    text = {**asdict(written), "render_args": None}
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.claimed_by == run_id)
        .values(**text)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return replace(message, **text)


def _claim(run_id: str, batch_size: int, now: datetime) -> list[_Claimed]:
    """Lease up to batch_size due messages to this run; other runs skip them."""
    lease = timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    due = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .order_by(OutboxMessage.id)
        .limit(batch_size)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        # Concurrent workers each take different rows instead of waiting on each other.
        due = due.with_for_update(skip_locked=True)
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due))
        .values(claimed_by=run_id, claimed_until=now + lease)
        .execution_options(synchronize_session=False)
    )
    rows = db.session.execute(
        select(
            OutboxMessage.id,
            OutboxMessage.recipient,
            OutboxMessage.subject,
            OutboxMessage.body_text,
            OutboxMessage.body_html,
            OutboxMessage.attempts,
            OutboxMessage.headers,
            OutboxMessage.kind,
            OutboxMessage.render_args,
        )
        .where(OutboxMessage.claimed_by == run_id, OutboxMessage.status == OutboxStatus.PENDING)
        .order_by(OutboxMessage.id)
    )
    claimed = [_Claimed(*row) for row in rows]
    db.session.commit()
    return claimed


def _record(message: _Claimed, run_id: str, **values) -> None:
    """Write one message's outcome and release its lease, if this run still holds it."""
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.claimed_by == run_id)
        .values(claimed_by=None, claimed_until=None, attempts=message.attempts + 1, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _record_success(message: _Claimed, run_id: str, report: DeliveryReport) -> None:
    _record(message, run_id, status=OutboxStatus.SENT, sent_at=utcnow(), last_error=None)
    report.sent += 1


def _record_failure(
    message: _Claimed, run_id: str, error: Exception, now: datetime, report: DeliveryReport
) -> None:
    attempts = message.attempts + 1
    last_error = f"{type(error).__name__}: {error}"[:2000]
    if suppressions.is_permanent_refusal(error):
        # Refused for good: no retry, and no later update email to that address (issue
        # 18, item 5). Recorded in the transaction that marks the message dead.
        suppressions.mark_undeliverable(message.recipient)
        _record(message, run_id, status=OutboxStatus.DEAD, last_error=last_error)
        report.dead += 1
        log.warning("outbox message %s refused for good by the mail server", message.id)
    elif attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]:
        _record(message, run_id, status=OutboxStatus.DEAD, last_error=last_error)
        report.dead += 1
        log.error("outbox message %s is dead after %d attempts", message.id, attempts)
    else:
        _record(message, run_id, next_attempt_at=now + backoff(attempts), last_error=last_error)
        report.failed += 1


def backoff(attempts: int) -> timedelta:
    """How long to wait before the next try: doubling from the base, capped."""
    config = current_app.config
    seconds = config["OUTBOX_BACKOFF_BASE_SECONDS"] * 2 ** (attempts - 1)
    return timedelta(seconds=min(seconds, config["OUTBOX_BACKOFF_MAX_SECONDS"]))


def _to_mail_message(message: _Claimed) -> Message:
    domain = current_app.config["MAIL_DEFAULT_SENDER"].rsplit("@", 1)[-1].strip(">") or None
    mail = Message(
        subject=message.subject,
        recipients=[message.recipient],
        body=message.body_text,
        html=message.body_html,
    )
    # One Message-ID per outbox row, the same on every attempt, so a receiver can drop the
    # duplicate a retry sends when a worker died between handing a message over and
    # recording it as sent. Keyed with SECRET_KEY, so two installations (or a database
    # rebuilt from scratch) never share ids. Set as Flask-Mail's own msgId: in
    # extra_headers it was a second Message-ID beside Flask-Mail's, and RFC 5322 (3.6)
    # allows one.
    mail.msgId = stable_message_id(message.id, domain)
    if message.headers:
        mail.extra_headers = json.loads(message.headers)
    return mail


def stable_message_id(outbox_id: int, domain: str | None) -> str:
    """The Message-ID of an outbox row: the same for every attempt to send it."""
    tag = keyed(f"outbox:{outbox_id}").hexdigest()[:16]
    return f"<outbox.{outbox_id}.{tag}@{domain or socket.getfqdn()}>"


class _SMTPConnection(Connection):
    """Flask-Mail's connection with a timeout, so a stalled server cannot hang a worker."""

    def configure_host(self) -> smtplib.SMTP | smtplib.SMTP_SSL:
        timeout = current_app.config["MAIL_TIMEOUT_SECONDS"]
        smtp_class = smtplib.SMTP_SSL if self.mail.use_ssl else smtplib.SMTP
        host = smtp_class(self.mail.server, self.mail.port, timeout=timeout)
        if self.mail.use_tls:
            host.starttls()
        if self.mail.username and self.mail.password:
            host.login(self.mail.username, self.mail.password)
        return host


class _MaildirTransport:
    """Development stand-in for SMTP: each message becomes an .eml file in the instance
    folder, listed at /dev/mail, so a new user can confirm a signature without a server."""

    def __init__(self, directory: str) -> None:
        self.directory = directory

    def __enter__(self) -> _MaildirTransport:
        os.makedirs(self.directory, exist_ok=True)
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def send(self, message: Message) -> None:
        name = f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
        with open(os.path.join(self.directory, name), "wb") as handle:
            handle.write(message.as_bytes())


def dev_mail_directory() -> str:
    """Where development mail is written when no MAIL_SERVER is configured."""
    return os.path.join(current_app.instance_path, "mail")


def _open_transport() -> _SMTPConnection | _MaildirTransport:
    if current_app.config["MAIL_SERVER"]:
        return _SMTPConnection(current_app.extensions["mail"])
    return _MaildirTransport(dev_mail_directory())


def purge_sent(now: datetime | None = None) -> int:
    """Delete sent messages older than the retention window; they hold personal data."""
    now = now or utcnow()
    cutoff = now - timedelta(days=current_app.config["OUTBOX_KEEP_SENT_DAYS"])
    result = db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.status == OutboxStatus.SENT, OutboxMessage.sent_at < cutoff
        )
    )
    return result.rowcount or 0
