"""Every retention rule in one place: what `flask purge` and the worker's daily run apply."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from webapp.classrooms.services import purge_closed_classrooms
from webapp.models import utcnow
from webapp.outbox.services import purge_sent
from webapp.petitions.services import expire_unconfirmed


def apply_retention(now: datetime | None = None) -> dict[str, int]:
    """Delete what is kept no longer; returns how many rows each rule removed."""
    now = now or utcnow()
    return {
        "unconfirmed_signatures_expired": expire_unconfirmed(now),
        "sent_emails_deleted": purge_sent(now),
        "closed_classroom_letters_deleted": purge_closed_classrooms(
            now, current_app.config["CLASSROOM_RETENTION_DAYS"]
        ),
    }
