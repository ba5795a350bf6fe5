"""The letters' background job: remind a writer, once, to post a letter whose link they
had emailed to themselves (webapp/background/registry.py)."""

from __future__ import annotations

from flask import current_app

from webapp.background.registry import Job
from webapp.extensions import db
from webapp.letters.services import remind_unposted_letters
from webapp.models import utcnow


def send_post_reminders() -> int:
    """Queue the reminders that are due, a batch per transaction, until none is left.

    Returns 0, as a periodic job does: it runs once per interval."""
    days = current_app.config["LETTER_REMINDER_DAYS"]
    while remind_unposted_letters(utcnow(), days):
        db.session.commit()
    db.session.commit()
    return 0


JOBS = [
    Job(
        "letter-reminders",
        send_post_reminders,
        in_process="LETTER_REMINDER_IN_PROCESS",
        every="LETTER_REMINDER_INTERVAL_SECONDS",
    ),
]
