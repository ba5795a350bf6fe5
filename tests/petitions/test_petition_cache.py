"""A signing reads its petition once every PETITION_CACHE_SECONDS (issue 19), and a kept
petition still closes on time."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from tests.factories import PetitionFactory
from webapp.models import PetitionStatus, utcnow

VALID = {"full_name": "Ada Lovelace", "country": "GB"}


@pytest.fixture
def kept(app, monkeypatch):
    monkeypatch.setitem(app.config, "PETITION_CACHE_SECONDS", 60)
    app.extensions.pop("petition_cache", None)
    yield
    app.extensions.pop("petition_cache", None)


def _sign(client, petition, n: int):
    data = {**VALID, "email": f"ada{n}@example.org"}
    return client.post(f"/petitions/{petition.slug}/sign", data=data)


def test_a_kept_petition_stops_taking_signatures_at_its_closing_time(client, db, kept, outbox):
    petition = PetitionFactory(closes_at=utcnow() + timedelta(seconds=1))
    assert _sign(client, petition, 1).status_code == 303

    time.sleep(max(0.0, (petition.closes_at - utcnow()).total_seconds()) + 0.05)
    assert _sign(client, petition, 2).status_code == 409
    assert len(outbox()) == 1


def test_a_kept_petition_is_not_read_again_within_the_window(client, db, kept):
    petition = PetitionFactory()
    assert _sign(client, petition, 1).status_code == 303
    # Closed by an organiser in another process: this one keeps taking signatures
    # for at most PETITION_CACHE_SECONDS.
    petition.status = PetitionStatus.CLOSED
    db.session.flush()
    assert _sign(client, petition, 2).status_code == 303


def test_without_keeping_a_closed_petition_is_refused_at_once(client, db, outbox):
    petition = PetitionFactory()
    assert _sign(client, petition, 1).status_code == 303
    petition.status = PetitionStatus.CLOSED
    db.session.flush()
    assert _sign(client, petition, 2).status_code == 409
    assert len(outbox()) == 1
