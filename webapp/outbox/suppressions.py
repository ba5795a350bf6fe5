"""Addresses that must not be written to again: unsubscribed from a case's updates or from
all, or refused for good by their mail server (issue 18, items 4 and 5).

Only a keyed hash of the canonical address is kept (EmailSuppression): enough to
recognise the address in every later list, nothing to read it back from, and it outlives
the erasure of the person's other data, which is what honouring "stop" needs.
"""

from __future__ import annotations

import logging
import smtplib

from sqlalchemy import exists, or_, select

from webapp.extensions import db
from webapp.keys import keyed, keyed_token
from webapp.models import ALL_CASES, EmailSuppression, SuppressionReason, case_scope
from webapp.utils.addresses import canonical_email

log = logging.getLogger(__name__)


def unsubscribe_token(address: str) -> str:
    """What an unsubscribe link carries for an address: a keyed token, not the address."""
    return keyed_token(f"unsubscribe:{canonical_email(address)}")


def key_of_token(token: str) -> str:
    """The suppression key an unsubscribe token stands for. The token is itself keyed, so
    only a link the platform sent names a real address; any other string names none."""
    return keyed(f"unsubscribe-key:{token}").hexdigest()


def list_key(address: str) -> str:
    """The key an address is listed and suppressed under. It goes through the token, so
    that a link's token finds the same key without the address (key_of_token)."""
    return key_of_token(unsubscribe_token(address))


def suppress(key: str, reason: SuppressionReason, *, case_id: int | None = None) -> bool:
    """Record that the address behind this key must get no more updates (of one case, or
    of any); True if it is new. In the caller's transaction."""
    scope = case_scope(case_id) if case_id is not None else ALL_CASES
    already = db.session.scalar(
        select(EmailSuppression.id).where(
            EmailSuppression.email_key == key,
            EmailSuppression.scope == scope,
            EmailSuppression.reason == reason,
        )
    )
    if already is not None:
        return False
    db.session.add(EmailSuppression(email_key=key, scope=scope, reason=reason))
    db.session.flush()
    return True


def suppressed_clause(key_column, case_id: int):
    """SQL: the row's address is suppressed for this case (or for all)."""
    return exists().where(
        EmailSuppression.email_key == key_column,
        or_(EmailSuppression.scope == ALL_CASES, EmailSuppression.scope == case_scope(case_id)),
    )


def suppressions_for(key: str) -> list[EmailSuppression]:
    """Every suppression of one address, oldest first ("Your data")."""
    return list(
        db.session.scalars(
            select(EmailSuppression)
            .where(EmailSuppression.email_key == key)
            .order_by(EmailSuppression.created_at)
        )
    )


def is_permanent_refusal(error: Exception) -> bool:
    """Whether the mail server refused the recipient for good (a 5xx reply to RCPT TO, or
    to the message itself): retrying would not help, and the address should be dropped.
    A 4xx is temporary, and a refused sender is our own server's problem, not theirs."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPSenderRefused):
        return False
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def mark_undeliverable(address: str) -> None:
    """Record a permanent refusal: later update emails skip the address."""
    if suppress(list_key(address), SuppressionReason.UNDELIVERABLE):
        log.info("an address was refused for good and is now marked undeliverable")
