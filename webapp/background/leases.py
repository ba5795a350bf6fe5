"""Background PDF jobs (webapp.models.jobs.PdfJob tables): claimed under a lease, renewed
as they progress, finished or failed, the same way for every kind of job.

Like the outbox: a builder leases a job; if it dies, the lease runs out and another
builder starts the job again. Every step checks that the lease is still this builder's,
so a slow builder that lost its job never overwrites the one that took it over.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import or_, select, update

from webapp.extensions import db
from webapp.models import JobStatus, utcnow

log = logging.getLogger(__name__)


class LeaseLost(Exception):
    """Another builder took the job over (this one was too slow): stop quietly."""


def new_run_id() -> str:
    """Who is building: host, process and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def claim(model, run_id: str, *, lease_seconds: int, job_id: int | None = None) -> int | None:
    """Lease one due job (this one, if given) to this run, and commit; its id or None."""
    now = utcnow()
    due = (
        select(model.id)
        .where(
            or_(
                model.status == JobStatus.QUEUED,
                # A builder died holding it: start again.
                (model.status == JobStatus.RUNNING) & (model.claimed_until < now),
            )
        )
        .order_by(model.id)
        .limit(1)
    )
    if job_id is not None:
        due = due.where(model.id == job_id)
    if db.session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    db.session.execute(
        update(model)
        .where(model.id.in_(due))
        .values(
            status=JobStatus.RUNNING,
            claimed_by=run_id,
            claimed_until=now + timedelta(seconds=lease_seconds),
            done=0,
        )
        .execution_options(synchronize_session=False)
    )
    claimed = db.session.scalar(
        select(model.id).where(model.claimed_by == run_id, model.status == JobStatus.RUNNING)
    )
    db.session.commit()
    return claimed


def progress(model, job_id: int, run_id: str, *, done: int, lease_seconds: int) -> None:
    """Record progress and renew the lease, and commit; LeaseLost if no longer ours."""
    result = db.session.execute(
        update(model)
        .where(model.id == job_id, model.claimed_by == run_id)
        .values(done=done, claimed_until=utcnow() + timedelta(seconds=lease_seconds))
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if result.rowcount != 1:
        raise LeaseLost


def finish(model, job_id: int, run_id: str, *, content: bytes, page_count: int, total: int):
    """Store the PDF and mark the job done, in the caller's transaction (the caller adds
    what else becomes true with it, then commits); LeaseLost if no longer ours."""
    result = db.session.execute(
        update(model)
        .where(model.id == job_id, model.claimed_by == run_id)
        .values(
            status=JobStatus.DONE,
            pdf=content,
            pdf_size=len(content),
            page_count=page_count,
            total=total,
            done=total,
            claimed_by=None,
            claimed_until=None,
            finished_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise LeaseLost


def drop_older_pdfs(model, job_id: int, *criteria) -> None:
    """Older PDFs of the same subject are superseded by this one: keep the database small."""
    db.session.execute(
        update(model)
        .where(model.id < job_id, model.pdf_size > 0, *criteria)
        .values(pdf=None, pdf_size=0)
        .execution_options(synchronize_session=False)
    )


def run(model, job_id: int, run_id: str, build: Callable[[int, str], None]) -> None:
    """Run build(job_id, run_id); a failure is recorded on the job, never raised."""
    try:
        build(job_id, run_id)
    except LeaseLost:
        db.session.rollback()
        log.warning("%s %s was taken over by another builder", model.__tablename__, job_id)
    except Exception as error:
        db.session.rollback()
        log.exception("%s %s failed", model.__tablename__, job_id)
        db.session.execute(
            update(model)
            .where(model.id == job_id, model.claimed_by == run_id)
            .values(
                status=JobStatus.FAILED,
                error=f"{type(error).__name__}: {error}"[:500],
                claimed_by=None,
                claimed_until=None,
                finished_at=utcnow(),
            )
            .execution_options(synchronize_session=False)
        )
        db.session.commit()


def build_next(model, build: Callable[[int, str], None], *, lease_seconds: int) -> int:
    """Claim and build the next due job of this kind, if any: 1 if one was built, else 0
    (what the worker and the in-process loops call)."""
    run_id = new_run_id()
    job_id = claim(model, run_id, lease_seconds=lease_seconds)
    if job_id is None:
        return 0
    run(model, job_id, run_id, build)
    return 1


def build_this(model, job_id: int, build: Callable[[int, str], None], *, lease_seconds: int):
    """Build one job in this process now (a small one, in its request); the job after."""
    run_id = new_run_id()
    if claim(model, run_id, lease_seconds=lease_seconds, job_id=job_id):
        run(model, job_id, run_id, build)
    return db.session.get(model, job_id)
