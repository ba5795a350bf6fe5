"""`flask worker` and the web process run the same registered background jobs."""

from __future__ import annotations

import signal
from dataclasses import replace
from io import BytesIO

from pypdf import PdfReader
from sqlalchemy.exc import OperationalError

from tests.factories import ClassroomFactory, LetterFactory, StudentFactory
from webapp import create_app
from webapp.background import registry
from webapp.background.loops import LOOPS
from webapp.background.registry import Job
from webapp.background.worker import Worker
from webapp.classrooms import printing
from webapp.config import TestingConfig
from webapp.extensions import db as _db
from webapp.models import ClassPrintJob, JobStatus, LetterStatus
from webapp.outbox.services import enqueue


def test_every_feature_registers_its_jobs_once():
    names = [job.name for job in registry.registered_jobs()]
    assert names == [
        "outbox",
        "class-pdf",
        "delivery",
        "letter-reminders",
        "update-mailings",
        "rollups",
        "retention",
    ]


def test_the_worker_runs_every_registered_job_in_order(runner, monkeypatch):
    ran: list[str] = []
    jobs = [
        replace(job, run=lambda name=job.name: ran.append(name) or 0)
        for job in registry.registered_jobs()
    ]
    monkeypatch.setattr(registry, "registered_jobs", lambda: jobs)
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert ran == [job.name for job in jobs]


def test_the_web_process_runs_the_registered_jobs_whose_flag_is_on(app, database_uri):
    """The embedded default starts one loop per registered job with an in-process flag
    (every one but retention, which only the worker applies); none when the flags are off."""

    class Embedded(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_uri
        OUTBOX_IN_PROCESS = CLASS_PDF_IN_PROCESS = ROLLUP_IN_PROCESS = True
        DELIVERY_IN_PROCESS = LETTER_REMINDER_IN_PROCESS = UPDATE_SEND_IN_PROCESS = True

    web = create_app(Embedded)
    jobs = registry.registered_jobs()
    loops = web.extensions[LOOPS]
    assert {name: loop.work for name, loop in loops.items()} == {
        job.name: job.run for job in jobs if job.name != "retention"
    }
    assert loops["rollups"].poll_seconds == web.config["ROLLUP_INTERVAL_SECONDS"]
    assert app.extensions[LOOPS] == {}  # the tests' config: every flag off
    with web.app_context():
        _db.engine.dispose()


def test_the_worker_once_delivers_queued_mail_and_builds_a_queued_class_pdf(
    runner, db, smtp_server
):
    """The worker run as ops/trial and the README start it, once."""
    classroom = ClassroomFactory()
    student = StudentFactory(classroom=classroom)
    LetterFactory.create_batch(
        2, classroom=classroom, student=student, status=LetterStatus.APPROVED
    )
    job_id = printing.request_class_pdf(classroom, pad_to_even=False).id
    enqueue(kind="test", recipient="x@example.org", subject="Hi", body_text="B", body_html=None)
    db.session.commit()

    result = runner.invoke(args=["worker", "--once"])

    assert result.exit_code == 0, result.output
    assert [m["Subject"] for _, m in smtp_server.messages] == ["Hi"]
    job = db.session.get(ClassPrintJob, job_id)  # the worker ended the test's session
    assert job.status is JobStatus.DONE
    assert len(PdfReader(BytesIO(job.pdf)).pages) == job.page_count > 0


def test_a_stopped_worker_finishes_the_round_then_returns(app):
    """SIGTERM or SIGINT: the work in hand is finished, no new round starts."""
    ran: list[str] = []

    def first() -> int:
        worker.stop(signal.SIGTERM)
        ran.append("first")
        return 1  # more to do: only the signal ends the loop

    def second() -> int:
        ran.append("second")
        return 0

    worker = Worker([Job("first", first), Job("second", second)], poll_seconds=0)
    with app.app_context():
        worker.run()
    assert ran == ["first", "second"]


def test_the_worker_waits_out_a_database_outage_and_carries_on(app):
    calls: list[int] = []

    def flaky() -> int:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("SELECT 1", {}, Exception("the database is restarting"))
        worker.stop(signal.SIGTERM)
        return 0

    worker = Worker([Job("flaky", flaky)], poll_seconds=0)
    with app.app_context():
        worker.run()
    assert len(calls) == 2
