"""Every email the platform sends: one function each, returning what the templates need.

Each function renders templates/email/<name>/{subject.txt,body.txt,body.html} and writes
the result to the outbox in the caller's transaction; delivery happens after commit.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template

from webapp.models import Invitation, OutboxMessage, Signature, User
from webapp.outbox.services import enqueue
from webapp.web.urls import external_url


def _send(name: str, recipient: str, context: dict[str, Any]) -> OutboxMessage:
    context = {"organisation": current_app.config["ORGANISATION_NAME"], **context}
    # Header injection is impossible: a subject is one line.
    subject = " ".join(render_template(f"email/{name}/subject.txt", **context).split())
    return enqueue(
        kind=name,
        recipient=recipient,
        subject=subject,
        body_text=render_template(f"email/{name}/body.txt", **context),
        # The subject is the HTML document's title, which HTML requires.
        body_html=render_template(f"email/{name}/body.html", subject=subject, **context),
    )


def _petition_context(signature: Signature) -> dict[str, Any]:
    petition = signature.petition
    return {
        "name": signature.full_name,
        "petition_title": petition.title,
        "petition_url": external_url("petitions.detail", slug=petition.slug),
        "expires_days": current_app.config["SIGNATURE_CONFIRM_DAYS"],
    }


def send_signature_confirmation(signature: Signature, token: str, *, reminder: bool) -> None:
    """Ask the signer to confirm: the link opens a page with a Confirm button."""
    _send(
        "signature-confirm",
        signature.email,
        {
            **_petition_context(signature),
            "reminder": reminder,
            "confirm_url": external_url("petitions.confirm", token=token),
        },
    )


def send_already_signed(signature: Signature) -> None:
    """Tell someone who signed again that their signature already counts."""
    _send("signature-already-signed", signature.email, _petition_context(signature))


def send_email_verification(user: User, token: str) -> None:
    """Ask a new account holder to confirm their email address."""
    _send(
        "account-verify",
        user.email,
        {
            "name": user.name,
            "verify_url": external_url("accounts.verify", token=token),
            "days": 3,
        },
    )


def send_account_exists(user: User) -> None:
    """Tell an account holder someone tried to sign up again with their address."""
    _send(
        "account-exists",
        user.email,
        {
            "name": user.name,
            "login_url": external_url("accounts.login"),
            "reset_url": external_url("accounts.forgot_password"),
        },
    )


def send_password_reset(user: User, token: str) -> None:
    """Send a link to choose a new password."""
    _send(
        "password-reset",
        user.email,
        {"name": user.name, "reset_url": external_url("accounts.reset_password", token=token)},
    )


def send_invitation(invitation: Invitation, admin: User, token: str) -> None:
    """Invite someone to join the organisation's team on the platform."""
    _send(
        "invitation",
        invitation.email,
        {
            "inviter": admin.name,
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
