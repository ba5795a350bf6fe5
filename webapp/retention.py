"""Every retention rule in one place: what `flask purge` and the worker's daily run apply."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from webapp.classrooms.services import purge_closed_classrooms
from webapp.letters.services import anonymise_old_letters
from webapp.models import utcnow
from webapp.outbox.services import purge_sent
from webapp.petitions.services import expire_unconfirmed
from webapp.privacy.services import anonymise_closed_petitions


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
        # Last: it commits batch by batch (and so the rules above with it).
        "closed_petition_signers_anonymised": anonymise_closed_petitions(now),
    }
