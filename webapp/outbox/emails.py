"""Every email the platform sends: one function each, returning what the templates need.

Each function renders templates/email/<name>/{subject.txt,body.txt,body.html} and writes
the result to the outbox in the caller's transaction; delivery happens after commit. The
signature's confirmation is the exception: the request stores what to write, and the
outbox worker writes it when it sends (webapp/outbox/writing.py).

What anyone can type never leads an email: names a stranger could have typed (a sign-up's,
a signer's) are left out of emails entirely, greetings are neutral, and the one name that
appears (an admin's, in an invitation) is quoted mid-sentence, short, and defanged so no
mail client turns it into a link. Account emails the public can trigger are capped per
recipient (ACCOUNT_EMAILS_PER_ADDRESS).
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Any, Protocol

from flask import current_app
from limits import parse_many
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Invitation, OutboxMessage, Signature, User, utcnow
from webapp.outbox import writing
from webapp.outbox.services import enqueue, enqueue_deferred
from webapp.web.urls import external_url

log = logging.getLogger(__name__)

# The account emails a stranger can have sent to an address, which share its cap.
ACCOUNT_KINDS = ("account-verify", "account-exists", "password-reset")
NAME_MAX_CHARS = 40
# Anything a mail client might link: a scheme, a www., a host or an address (word.word).
_LINKABLE = re.compile(r"(\w)([.@:/\u3002\uff0e\uff61])(?=\w|/)")


def quoted_name(name: str) -> str:
    """A person's name fit to quote inside a sentence of an email: one line, cut short,
    and with the dots, @, colons and slashes between letters bracketed ("example[.]org"),
    so that no mail client makes a link of it."""
    text = " ".join(name.split())
    if len(text) > NAME_MAX_CHARS:
        text = text[: NAME_MAX_CHARS - 1].rstrip() + "…"
    return _LINKABLE.sub(r"\1[\2]", text)


def _over_cap(recipient: str) -> bool:
    """True if this address was sent as many account emails as ACCOUNT_EMAILS_PER_ADDRESS
    allows in one of its windows (counted from the outbox: every process sees them)."""
    now = utcnow()
    for limit in parse_many(current_app.config["ACCOUNT_EMAILS_PER_ADDRESS"]):
        sent = db.session.scalar(
            select(func.count(OutboxMessage.id)).where(
                OutboxMessage.recipient == recipient,
                OutboxMessage.kind.in_(ACCOUNT_KINDS),
                OutboxMessage.created_at > now - timedelta(seconds=limit.get_expiry()),
            )
        )
        if (sent or 0) >= limit.amount:
            return True
    return False


def _send_capped(name: str, recipient: str, context: dict[str, Any]) -> OutboxMessage | None:
    """An account email, unless the address had its share lately (then nothing, and the
    caller carries on exactly as if it was sent: no page tells the difference)."""
    if _over_cap(recipient):
        log.warning("account email %s not sent: the recipient's cap is reached", name)
        return None
    return _send(name, recipient, context)


def _send(name: str, recipient: str, context: dict[str, Any]) -> OutboxMessage:
    written = writing.write(name, context)
    return enqueue(
        kind=name,
        recipient=recipient,
        subject=written.subject,
        body_text=written.body_text,
        body_html=written.body_html,
    )


class SignatureToConfirm(Protocol):
    """What the confirmation email reads of a signature (a row, or one just inserted)."""

    id: int
    email: str
    language: str


def send_signature_confirmation(signature: SignatureToConfirm, *, reminder: bool) -> None:
    """Ask the signer to confirm: the link opens a page with a Confirm button. Written,
    link and all, by the outbox worker when it sends (webapp/outbox/writing.py), in the
    signer's language."""
    enqueue_deferred(
        kind="signature-confirm",
        recipient=signature.email,
        render_args=writing.describe(signature.language, signature=signature.id, reminder=reminder),
    )


def send_already_signed(signature: Signature) -> None:
    """Tell someone who signed again that their signature already counts."""
    _send("signature-already-signed", signature.email, writing.petition_context(signature))


def send_email_verification(user: User, token: str) -> None:
    """Ask a new account holder to confirm their email address."""
    _send_capped(
        "account-verify",
        user.email,
        {
            "verify_url": external_url("accounts.verify", token=token),
            "days": 3,
        },
    )


def send_account_exists(user: User) -> None:
    """Tell an account holder someone tried to sign up again with their address."""
    _send_capped(
        "account-exists",
        user.email,
        {
            "login_url": external_url("accounts.login"),
            "reset_url": external_url("accounts.forgot_password"),
        },
    )


def send_password_reset(user: User, token: str) -> None:
    """Send a link to choose a new password."""
    _send_capped(
        "password-reset",
        user.email,
        {"reset_url": external_url("accounts.reset_password", token=token)},
    )


def send_invitation(invitation: Invitation, admin: User, token: str) -> None:
    """Invite someone to join the organisation's team on the platform."""
    _send(
        "invitation",
        invitation.email,
        {
            "inviter": quoted_name(admin.name),
            "role": invitation.role.value,
            "accept_url": external_url("accounts.accept_invitation", token=token),
            "days": 7,
        },
    )


def send_my_data_link(email: str, token: str) -> None:
    """Send a supporter the link to see, copy or erase the data held for their address."""
    _send(
        "my-data",
        email,
        {
            "data_url": external_url("privacy.my_data", token=token),
            "hours": current_app.config["MY_DATA_LINK_HOURS"],
        },
    )


def send_letter_link(email: str, *, letter_url: str, case_name: str, kind: str) -> None:
    """Send a supporter the private link to their letter, which they asked for on its page.
    Nothing the writer typed is in it (issue 15, item 7): a stranger who holds the link can
    at most send this plain email, a few times (LETTER_LINK_EMAIL_*_LIMIT)."""
    _send(
        "letter-link",
        email,
        {
            "letter_url": letter_url,
            "case_name": case_name,
            "card": kind == "card",
            "days": current_app.config["LETTER_DATA_DAYS"],
        },
    )


def send_letter_reminder(email: str, *, letter_url: str, case_name: str, kind: str) -> None:
    """Remind a supporter, once, to post the letter whose link they had emailed to
    themselves (issue 18, item 7), with the link to press "I posted it". Like the link's
    own email, nothing the writer typed is in it."""
    _send(
        "letter-reminder",
        email,
        {
            "letter_url": letter_url,
            "case_name": case_name,
            "card": kind == "card",
            "days": current_app.config["LETTER_DATA_DAYS"],
        },
    )
