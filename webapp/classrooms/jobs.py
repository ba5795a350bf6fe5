"""The classrooms' background job: build the class PDFs too large to make in the request
(webapp/background/registry.py)."""

from __future__ import annotations

from webapp.background.registry import Job
from webapp.classrooms.printing import NEW_JOB_FLAG, run_print_jobs

JOBS = [
    Job(
        "class-pdf",
        run_print_jobs,
        in_process="CLASS_PDF_IN_PROCESS",
        poll_seconds=30,
        wake_flag=NEW_JOB_FLAG,
    ),
]
