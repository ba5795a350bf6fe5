"""Writing an email from its templates, now or later.

Most emails are written when their cause happens (webapp/outbox/emails.py). The busiest,
a signature's confirmation, is only described then: the signing request stores its kind
and arguments in the outbox row (render_args), in the same transaction as the signature,
and the outbox worker writes it just before sending (issue 19: three templates cost a
fifth of a signature's CPU, spent in the request a campaign day's surge waits on). The
email cannot be lost: its row exists from the signing's commit, as before.

Arguments hold ids, never text: the worker reads the rest from the
database when it writes, in the language the signer used.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale

from webapp.campaigns.translations import text_in
from webapp.extensions import db
from webapp.models import Signature
from webapp.petitions.links import confirmation_token
from webapp.web.urls import external_url


@dataclass(frozen=True)
class Written:
    subject: str
    body_text: str
    body_html: str


def write(name: str, context: dict[str, Any]) -> Written:
    """Render templates/email/<name>/{subject.txt,body.txt,body.html}."""
    context = {"organisation": current_app.config["ORGANISATION_NAME"], **context}
    # Header injection is impossible: a subject is one line.
    subject = " ".join(render_template(f"email/{name}/subject.txt", **context).split())
    return Written(
        subject=subject,
        body_text=render_template(f"email/{name}/body.txt", **context),
        # The subject is the HTML document's title, which HTML requires.
        body_html=render_template(f"email/{name}/body.html", subject=subject, **context),
    )


def petition_context(signature: Signature) -> dict[str, Any]:
    """What every email about a signature says of its petition: its title in the
    signer's language where translated, else the original."""
    petition = signature.petition
    return {
        "petition_title": text_in(petition, "title", signature.language or "en"),
        "petition_url": external_url("petitions.detail", slug=petition.slug),
        "expires_days": current_app.config["SIGNATURE_CONFIRM_DAYS"],
    }


def _signature_confirm(args: dict[str, Any]) -> dict[str, Any] | None:
    signature = db.session.get(Signature, args["signature"])
    if signature is None:  # erased (Your data) before the worker came to it
        return None
    return {
        **petition_context(signature),
        "reminder": args["reminder"],
        # The link's token is signed here, not in the signing request (issue 19). Rows
        # queued before that change carry theirs.
        "confirm_url": external_url(
            "petitions.confirm", token=args.get("token") or confirmation_token(signature)
        ),
    }


# The emails written at send time: kind -> the templates' context from the stored
# arguments, or None when what the email was about is gone (nothing is sent then).
DEFERRED: dict[str, Callable[[dict[str, Any]], dict[str, Any] | None]] = {
    "signature-confirm": _signature_confirm,
}


def describe(language: str, **args: Any) -> str:
    """The render_args of a deferred email, as stored."""
    return json.dumps({"language": language, **args}, separators=(",", ":"))


def write_deferred(kind: str, render_args: str) -> Written | None:
    """Write a deferred email, in the language it was asked in; None if its subject is
    gone."""
    args = json.loads(render_args)
    with force_locale(args["language"]):
        context = DEFERRED[kind](args)
        return None if context is None else write(kind, context)
