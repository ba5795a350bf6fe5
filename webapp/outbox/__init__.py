"""The outbox: email delivery after commit, and the development mailbox."""

from __future__ import annotations

from flask import Flask

from webapp.background.loops import wake_after_commit
from webapp.outbox.dispatcher import InProcessDispatcher
from webapp.outbox.services import NEW_MAIL_FLAG


def init_app(app: Flask) -> None:
    """Deliver from the web process when no worker does (OUTBOX_IN_PROCESS)."""
    if app.config["OUTBOX_IN_PROCESS"]:
        dispatcher = InProcessDispatcher(app)
        app.extensions["outbox_dispatcher"] = dispatcher
        app.before_request(dispatcher.ensure_running)
    wake_after_commit(NEW_MAIL_FLAG, "outbox_dispatcher")
