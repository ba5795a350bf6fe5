"""Fraud checks without keeping addresses: keyed client hashes, and dashboard alerts."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from webapp.models import Signature
from webapp.privacy.clients import client_hash

DAY = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)


def test_the_address_is_stored_only_as_a_keyed_hash(db, petition, sign):
    sign(petition, "Ada", "ada@example.org", address="203.0.113.7", confirm=False)
    signature = db.session.scalars(select(Signature)).one()
    assert re.fullmatch(r"[0-9a-f]{32}", signature.client_hash)
    stored = [str(getattr(signature, column.key)) for column in Signature.__table__.columns]
    assert not any("203.0.113" in value for value in stored)


def test_hashes_link_one_day_only_and_need_the_key(app, monkeypatch):
    with app.test_request_context():
        today = client_hash("203.0.113.7", DAY)
        assert client_hash("203.0.113.7", DAY + timedelta(hours=3)) == today
        assert client_hash("203.0.113.8", DAY) != today
        assert client_hash("203.0.113.7", DAY + timedelta(days=1)) != today
        assert client_hash("::ffff:203.0.113.7", DAY) == today  # IPv4 through an IPv6 socket
        # One IPv6 client holds a whole /64: stepping through it stays one client.
        assert client_hash("2001:db8:1:2::1", DAY) == client_hash("2001:db8:1:2:ffff::9", DAY)
        assert client_hash("2001:db8:1:2::1", DAY) != client_hash("2001:db8:1:3::1", DAY)
        monkeypatch.setitem(app.config, "SECRET_KEY", "another key")
        assert client_hash("203.0.113.7", DAY) != today


@pytest.fixture
def low_thresholds(app, monkeypatch):
    monkeypatch.setitem(app.config, "ALERT_CLIENT_PER_HOUR", 3)
    monkeypatch.setitem(app.config, "ALERT_DOMAIN_PER_HOUR", 2)


def test_one_client_signing_many_times_raises_an_alert_that_leads_to_moderation(
    db, petition, sign, low_thresholds, people, browser_for
):
    for n in range(4):
        sign(petition, f"Bot {n}", f"bot{n}@example.org", address="198.51.100.9", confirm=n % 2)
    for n in range(3):  # at the threshold, not over it
        sign(petition, f"Person {n}", f"p{n}@example.org", address="198.51.100.10")
    organiser = browser_for(people["organiser"])
    page = organiser.get("/admin/").get_data(as_text=True)

    assert "Alerts: unusual signing" in page
    assert page.count("signatures from one client") == 1
    assert "4 signatures from one client" in page
    review = re.search(r'href="(/admin/moderation/\?client=[^"]+)"', page).group(1)
    preview = organiser.get(review.replace("&amp;", "&")).get_data(as_text=True)
    assert "4 signatures match" in preview


def test_one_email_domain_signing_many_times_raises_an_alert(
    db, petition, sign, low_thresholds, people, browser_for
):
    for n in range(3):
        sign(petition, f"Bot {n}", f"bot{n}@mailinator.com", address=f"192.0.2.{n}")
        sign(petition, f"Person {n}", f"person{n}@gmail.com", address=f"192.0.2.{n + 10}")
    page = browser_for(people["organiser"]).get("/admin/").get_data(as_text=True)
    assert "3 signatures with mailinator.com addresses" in page
    assert "gmail.com addresses" not in page  # big webmail is expected, not alerted


def test_no_alert_when_signing_is_ordinary(db, petition, sign, people, browser_for):
    for n in range(3):
        sign(petition, f"Person {n}", f"p{n}@example.org", address=f"192.0.2.{n}")
    page = browser_for(people["organiser"]).get("/admin/").get_data(as_text=True)
    assert "Alerts: unusual signing" not in page
