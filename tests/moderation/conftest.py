"""Fixtures for moderation: the people who may (and may not) moderate, and signatures
made through the petition services so counters, rows and roll-up agree."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from webapp.models import Signature
from webapp.petitions import services as petitions
from webapp.petitions.links import confirmation_token

# Signatures in these tests are made on 1 March 2025 (UTC) unless a test says otherwise.
DAY = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def sign(db):
    """Sign (and by default confirm) a petition through the services; returns the row."""

    def signed(
        petition,
        email: str,
        *,
        name: str = "Ada Lovelace",
        country: str = "GB",
        source: str = "web",
        at: datetime = DAY,
        confirm: bool = True,
    ) -> Signature:
        petitions.sign_petition(
            petition,
            full_name=name,
            email=email,
            country=country,
            opt_in=False,
            source=source,
            now=at,
        )
        signature = db.session.scalars(
            db.select(Signature).where(
                Signature.petition_id == petition.id,
                Signature.email_canonical == petitions.canonical_email(email),
            )
        ).one()
        if confirm:
            petitions.confirm_signature(confirmation_token(signature), now=at)
        return signature

    return signed
