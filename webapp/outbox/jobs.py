"""The outbox's background job: deliver the mail that is due (webapp/background/registry.py)."""

from __future__ import annotations

from webapp.background.registry import Job
from webapp.outbox.services import NEW_MAIL_FLAG, deliver_due


def deliver() -> int:
    """Deliver one batch of due messages; how many were claimed."""
    return deliver_due().claimed


JOBS = [
    # In the web process: right after a commit adds mail, and every 5 s for messages whose
    # backoff has run out, so a mail server that comes back is noticed without a worker.
    Job(
        "outbox",
        deliver,
        in_process="OUTBOX_IN_PROCESS",
        poll_seconds=5,
        wake_flag=NEW_MAIL_FLAG,
    ),
]
