"""The development mailbox: read locally delivered mail when no MAIL_SERVER is set.

Only for this machine: it shows every reset and "your data" link, so a request from
anywhere else is answered 404, as if there were no mailbox (issue 21, item 15).
"""

from __future__ import annotations

import os
import re
from email import policy
from email.parser import BytesParser

from flask import Blueprint, abort, render_template

from webapp.outbox.services import dev_mail_directory
from webapp.web.exposure import request_is_local

bp = Blueprint("outbox", __name__)


@bp.before_request
def only_from_this_machine() -> None:
    if not request_is_local():
        abort(404)


_NAME = re.compile(r"^[0-9T]+-[0-9a-f]{8}\.eml$")
_LINK = re.compile(r"https?://[^\s<>\"]+")


def _read(name: str) -> dict:
    with open(os.path.join(dev_mail_directory(), name), "rb") as handle:
        message = BytesParser(policy=policy.default).parse(handle)
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    return {
        "name": name,
        "subject": message["Subject"],
        "to": message["To"],
        "date": message["Date"],
        "text": text,
        "links": _LINK.findall(text),
    }


@bp.get("/")
def index():
    """Newest first: the mail this development server has 'sent'."""
    directory = dev_mail_directory()
    names = sorted(
        (n for n in os.listdir(directory) if _NAME.match(n)) if os.path.isdir(directory) else [],
        reverse=True,
    )[:100]
    return render_template("outbox/index.html", messages=[_read(n) for n in names])


@bp.get("/<name>")
def show(name: str):
    """One message, with its links clickable."""
    if not _NAME.match(name) or not os.path.exists(os.path.join(dev_mail_directory(), name)):
        abort(404)
    return render_template("outbox/show.html", message=_read(name))
