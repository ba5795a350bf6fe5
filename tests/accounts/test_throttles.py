"""Login throttles an attacker can neither sidestep nor turn against the account's owner
(issue 21, items 1-3)."""

from __future__ import annotations

import re

import pytest

from tests.factories import PASSWORD, UserFactory


def _teacher(db):
    user = UserFactory()
    db.session.commit()  # into the test's outer transaction: a view's rollback keeps it
    return user


def _client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _log_in(client, email: str, password: str = PASSWORD):
    return client.post("/account/login", data={"email": email, "password": password})


@pytest.mark.parametrize("invisible", ["\u2060", "\u200b", "\ufeff", "\u200b \u2060"])
def test_invisible_characters_around_the_email_are_the_same_account(client, db, invisible):
    """The form strips them before the lookup: the throttle keys on what the lookup finds."""
    user = _teacher(db)
    spellings = [f"{user.email}{invisible}", f"{invisible}{user.email}", user.email.upper()]
    for n in range(5):
        typed = spellings[n % len(spellings)]
        assert _log_in(client, typed, "not the password at all").status_code == 422
    for typed in spellings:
        assert _log_in(client, typed, "another guess").status_code == 429
    assert _log_in(client, user.email).status_code == 429


def test_a_botnet_cannot_lock_the_owner_out_of_their_own_browser(app, db, monkeypatch):
    """Fifty failures from ten addresses lock the account for new browsers only: the
    owner's browser, which logged in before, still gets in with the right password."""
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_FAILURE_LIMIT", "50 per hour")
    user = _teacher(db)
    owner = _client_at(app, "198.51.100.5")
    assert _log_in(owner, user.email).status_code == 303
    assert owner.post("/account/logout").status_code == 303

    for bot in range(10):
        guesser = _client_at(app, f"203.0.113.{bot + 1}")
        for _ in range(5):
            assert _log_in(guesser, user.email, "guess").status_code == 422
    stranger = _client_at(app, "192.0.2.1")
    assert _log_in(stranger, user.email).status_code == 429  # the lock holds elsewhere

    assert _log_in(owner, user.email).status_code == 303
    assert owner.get("/classrooms/").status_code == 200


def test_the_owner_on_a_new_device_gets_in_by_a_reset_email(app, db, outbox, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_FAILURE_LIMIT", "3 per hour")
    user = _teacher(db)
    for bot in range(3):
        assert _log_in(_client_at(app, f"203.0.113.{bot + 1}"), user.email, "x").status_code == 422
    owner = _client_at(app, "198.51.100.5")
    assert _log_in(owner, user.email).status_code == 429

    assert owner.post("/account/forgot-password", data={"email": user.email}).status_code == 200
    body = outbox(user.email)[-1].body_text
    path = re.search(r"https?://[^/\s]+(/account/reset-password/\S+)", body).group(1)
    reset = owner.post(path, data={"password": "a brand new passphrase"})
    assert reset.status_code == 303
    assert owner.post("/account/logout").status_code == 303
    # The browser that proved the mailbox is a known device now.
    assert _log_in(owner, user.email, "a brand new passphrase").status_code == 303


def test_a_forged_or_foreign_known_device_cookie_is_no_key(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_FAILURE_LIMIT", "2 per hour")
    user, other = _teacher(db), _teacher(db)
    mine = _client_at(app, "198.51.100.5")
    assert _log_in(mine, other.email).status_code == 303  # known for another account only
    mine.post("/account/logout")
    for bot in range(2):
        assert _log_in(_client_at(app, f"203.0.113.{bot + 1}"), user.email, "x").status_code == 422
    assert _log_in(mine, user.email).status_code == 429
    forged = _client_at(app, "198.51.100.6")
    forged.set_cookie("known_device", "not-signed", path="/account/")
    assert _log_in(forged, user.email).status_code == 429


def test_a_known_device_is_still_held_to_the_per_client_limit(app, db):
    user = _teacher(db)
    owner = _client_at(app, "198.51.100.5")
    assert _log_in(owner, user.email).status_code == 303
    owner.post("/account/logout")
    for _ in range(5):
        assert _log_in(owner, user.email, "guess").status_code == 422
    assert _log_in(owner, user.email).status_code == 429


@pytest.mark.parametrize("prefix", [64, 56])
def test_one_ipv6_network_is_one_client_for_the_login_limits(app, db, monkeypatch, prefix):
    monkeypatch.setitem(app.config, "RATELIMIT_IPV6_PREFIX", prefix)
    user = _teacher(db)
    for host in range(1, 6):
        guesser = _client_at(app, f"2001:db8:0:{host if prefix == 56 else 0}::{host:x}")
        assert _log_in(guesser, user.email, "guess").status_code == 422
    next_host = _client_at(app, "2001:db8:0:0:ffff:1234:5678:9abc")
    assert _log_in(next_host, user.email).status_code == 429
    # Another network is another client.
    assert _log_in(_client_at(app, "2001:db8:1::1"), user.email).status_code == 303
