"""Classrooms: teachers open a class, students join with a code and write, the teacher
reviews and prints the class's letters in one PDF."""

from flask import Flask

from webapp.background.loops import BackgroundLoop, wake_after_commit
from webapp.classrooms.printing import NEW_JOB_FLAG, run_print_jobs


def init_app(app: Flask) -> None:
    """Build large class PDFs in the web process when no worker does (CLASS_PDF_IN_PROCESS)."""
    if app.config["CLASS_PDF_IN_PROCESS"]:
        loop = BackgroundLoop(app, run_print_jobs, name="class-pdf", poll_seconds=30)
        app.extensions["class_pdf_loop"] = loop
        app.before_request(loop.ensure_running)
    wake_after_commit(NEW_JOB_FLAG, "class_pdf_loop")
