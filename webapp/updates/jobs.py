"""The updates' background job: hand prepared-and-started mailings to the outbox at the
configured rate (webapp/background/registry.py; the rules are in webapp.updates.mailings)."""

from __future__ import annotations

from webapp.background.registry import Job
from webapp.updates.mailings import list_due_mailings, send_due_mailings


def send_mailings() -> int:
    """One pass: list the long lists waiting to be counted, then send what the rate
    allows of the mailings started; returns 0, as a periodic job does."""
    list_due_mailings()
    send_due_mailings()
    return 0


JOBS = [
    Job(
        "update-mailings",
        send_mailings,
        in_process="UPDATE_SEND_IN_PROCESS",
        every="UPDATE_SEND_INTERVAL_SECONDS",
    ),
]
