"""Classrooms: teachers open a class, students join with a code and write, the teacher
reviews and prints the class's letters in one PDF."""

from flask import Blueprint, Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from webapp.background import BackgroundLoop
from webapp.classrooms.printing import NEW_JOB_FLAG, run_print_jobs

bp = Blueprint("classrooms", __name__)

_hooks_installed = False


def init_app(app: Flask) -> None:
    """Build large class PDFs in the web process when no worker does (CLASS_PDF_IN_PROCESS)."""
    global _hooks_installed
    if app.config["CLASS_PDF_IN_PROCESS"]:
        loop = BackgroundLoop(app, run_print_jobs, name="class-pdf", poll_seconds=30)
        app.extensions["class_pdf_loop"] = loop
        app.before_request(loop.ensure_running)
    if not _hooks_installed:
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)
        _hooks_installed = True


def _after_commit(session: Session) -> None:
    if session.info.pop(NEW_JOB_FLAG, False):
        loop = current_app.extensions.get("class_pdf_loop")
        if loop is not None:
            loop.notify()


def _after_rollback(session: Session) -> None:
    session.info.pop(NEW_JOB_FLAG, None)


from webapp.classrooms import views  # noqa: E402,F401  (registers the routes on bp)
