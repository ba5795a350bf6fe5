"""Background jobs that make a PDF (a class's letters, a petition's delivery pack).

Each kind of job is its own table with these columns; webapp/jobs.py claims, renews and
finishes them the same way, under a lease, like the outbox.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.models.base import enum_type, utcnow


class JobStatus(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class PdfJob:
    """The columns every PDF job has (mixed into a model)."""

    status: Mapped[JobStatus] = mapped_column(enum_type(JobStatus), default=JobStatus.QUEUED)
    # Progress: items (letters, signatures) put in the PDF so far, of how many.
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    page_count: Mapped[int] = mapped_column(default=0)
    # Loaded only when asked for: lists and progress pages need not carry megabytes.
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    # The PDF's size, 0 when there is none (not made yet, or dropped for a newer one).
    pdf_size: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(String(500))
    # A builder holds the job for a lease; if it dies, the lease runs out and another
    # process starts the job again.
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claimed_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    @property
    def has_pdf(self) -> bool:
        return self.pdf_size > 0

    @property
    def is_working(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)
