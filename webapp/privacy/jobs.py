"""Every retention rule in one place, and the daily job that applies them
(webapp/background/registry.py); `flask purge` applies them now."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app

from webapp.background.registry import Job
from webapp.classrooms.services import purge_closed_classrooms
from webapp.extensions import db
from webapp.letters.services import anonymise_old_letters
from webapp.models import utcnow
from webapp.outbox.services import purge_sent
from webapp.petitions.services import expire_unconfirmed
from webapp.privacy.services import anonymise_closed_petitions
from webapp.updates.mailings import delete_unsent_lists

log = logging.getLogger(__name__)

RETENTION_INTERVAL_SECONDS = 24 * 3600


def apply_retention(now: datetime | None = None) -> dict[str, int]:
    """Delete or anonymise what is kept no longer (the privacy page states each rule);
    returns how many rows each rule changed."""
    now = now or utcnow()
    config = current_app.config
    return {
        "unconfirmed_signatures_expired": expire_unconfirmed(now),
        "sent_emails_deleted": purge_sent(now),
        "closed_classroom_letters_deleted": purge_closed_classrooms(
            now, config["CLASSROOM_RETENTION_DAYS"]
        ),
        "supporters_letters_anonymised": anonymise_old_letters(now, config["LETTER_DATA_DAYS"]),
        "unsent_update_lists_deleted": delete_unsent_lists(now),
        # Last: it commits batch by batch (and so the rules above with it).
        "closed_petition_signers_anonymised": anonymise_closed_petitions(now),
    }


def run_retention() -> int:
    """Apply every rule and commit (the worker's daily run).

    Returns 0, as a periodic job does: it runs once per interval, not until idle."""
    log.info("retention applied: %s", apply_retention())
    db.session.commit()
    return 0


JOBS = [
    # Only the worker runs it (no in-process flag): web processes never applied the rules;
    # without a worker, `flask purge` applies them.
    Job("retention", run_retention, every=RETENTION_INTERVAL_SECONDS),
]
