"""The outbox: email delivery after commit, and the development mailbox."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from webapp.outbox.dispatcher import InProcessDispatcher
from webapp.outbox.services import NEW_MAIL_FLAG

bp = Blueprint("outbox", __name__)

_hooks_installed = False


def init_app(app: Flask) -> None:
    """Deliver from the web process when no worker does (OUTBOX_IN_PROCESS)."""
    global _hooks_installed
    if app.config["OUTBOX_IN_PROCESS"]:
        dispatcher = InProcessDispatcher(app)
        app.extensions["outbox_dispatcher"] = dispatcher
        app.before_request(dispatcher.ensure_running)
    if not _hooks_installed:
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)
        _hooks_installed = True


def _after_commit(session: Session) -> None:
    if session.info.pop(NEW_MAIL_FLAG, False):
        dispatcher = current_app.extensions.get("outbox_dispatcher")
        if dispatcher is not None:
            dispatcher.notify()


def _after_rollback(session: Session) -> None:
    session.info.pop(NEW_MAIL_FLAG, None)


from webapp.outbox import views  # noqa: E402,F401  (registers the routes on bp)
