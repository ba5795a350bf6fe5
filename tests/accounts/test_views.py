"""Teacher accounts through the pages a teacher uses: sign up, confirm, log in, reset."""

from __future__ import annotations

import re

import pytest

from tests.factories import PASSWORD, UserFactory
from webapp.models import User
from webapp.outbox.services import deliver_due

NEW = {"name": "Ada Lovelace", "email": "ada@example.org", "password": "analytical engine"}


def _link(text: str, kind: str) -> str:
    """The path of the first /account/<kind>/... link in an email body."""
    return re.search(rf"http://localhost(/account/{kind}/\S+)", text).group(1)


def _text(response) -> str:
    return response.get_data(as_text=True)


def _users(db) -> list[User]:
    return list(db.session.scalars(db.select(User)))


def _error_box(response) -> str:
    return re.search(r'<div class="error-summary".*?</div>', _text(response), re.S).group(0)


def _tampered(token: str) -> str:
    # A character inside the payload, not the last one (whose low bits base64 may ignore).
    return token[:5] + ("B" if token[5] != "B" else "C") + token[6:]


def _teacher(db, **traits) -> User:
    # Into the test's outer transaction: a view's rollback must not take it away.
    user = UserFactory(**traits)
    db.session.commit()
    return user


def _log_in(client, email: str, password: str = PASSWORD, **query):
    return client.post(
        "/account/login", data={"email": email, "password": password}, query_string=query
    )


# Sign-up and confirming the email address --------------------------------------------


def test_signing_up_confirming_and_logging_in_end_to_end(client, db, outbox):
    response = client.post("/account/signup", data=NEW)

    assert response.status_code == 303
    assert response.headers["Location"] == "/account/check-email"
    assert "Check your email" in _text(client.get("/account/check-email"))
    [user] = _users(db)
    assert user.email == NEW["email"] and user.name == NEW["name"]
    assert user.password_hash.startswith("$argon2id$")
    assert NEW["password"] not in user.password_hash
    assert not user.is_verified

    [message] = outbox()
    assert message.recipient == NEW["email"]
    assert "Confirm your email address" in message.subject
    path = _link(message.body_text, "verify")

    page = client.get(path)  # a link scanner opening it must not confirm anything
    assert page.status_code == 200
    assert f'action="{path}"' in _text(page)
    assert "Confirm my email address</button>" in _text(page)
    db.session.refresh(user)
    assert not user.is_verified

    confirmed = client.post(path)
    assert confirmed.status_code == 303
    assert confirmed.headers["Location"].startswith("/account/login")
    db.session.refresh(user)
    assert user.is_verified
    assert "email address is confirmed" in _text(client.get(confirmed.headers["Location"]))

    logged_in = _log_in(client, NEW["email"], NEW["password"])
    assert logged_in.status_code == 303
    assert logged_in.headers["Location"] == "/classrooms/"
    assert client.get("/classrooms/").status_code == 200


def test_logging_in_before_confirming_is_refused_and_offers_a_new_link(client, db, outbox):
    user = _teacher(db, unverified=True)

    response = _log_in(client, user.email)

    assert response.status_code == 422
    page = _text(response)
    assert "Please confirm your email address first" in page
    assert 'action="/account/verify-again"' in page
    assert f'name="email" value="{user.email}"' in page
    assert client.get("/classrooms/").status_code == 302  # not logged in

    resent = client.post("/account/verify-again", data={"email": user.email})
    assert resent.status_code == 303
    [message] = outbox(user.email)
    assert client.post(_link(message.body_text, "verify")).status_code == 303
    assert _log_in(client, user.email).headers["Location"] == "/classrooms/"


def test_a_wrong_password_and_an_unknown_email_look_the_same(client, db):
    user = _teacher(db)

    wrong_password = _log_in(client, user.email, "not the password at all")
    unknown_email = _log_in(client, "nobody@school.example.org")

    assert wrong_password.status_code == unknown_email.status_code == 422
    assert "do not match an account" in _error_box(wrong_password)
    assert _error_box(wrong_password) == _error_box(unknown_email)
    assert client.get("/classrooms/").status_code == 302


def test_signing_up_again_with_an_existing_email_sends_a_reminder_not_a_second_account(
    client, db, outbox
):
    user = _teacher(db)

    response = client.post("/account/signup", data={**NEW, "email": user.email.upper()})

    assert response.status_code == 303
    assert response.headers["Location"] == "/account/check-email"
    assert _users(db) == [user]
    [message] = outbox()
    assert message.recipient == user.email
    assert "You already have an account" in message.subject
    assert "http://localhost/account/forgot-password" in message.body_text
    assert "/account/verify/" not in message.body_text


def test_signing_up_again_before_confirming_sends_the_confirmation_link_again(client, db, outbox):
    user = _teacher(db, unverified=True)
    response = client.post("/account/signup", data={**NEW, "email": user.email})
    assert response.status_code == 303
    assert _users(db) == [user]
    [message] = outbox()
    assert "/account/verify/" in message.body_text
    client.post(_link(message.body_text, "verify"))
    db.session.refresh(user)
    assert user.is_verified


def test_an_organiser_lands_on_the_dashboard_not_on_classrooms(client, db):
    organiser = _teacher(db, organiser=True)
    response = _log_in(client, organiser.email)
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/"


def test_signing_up_with_a_taken_email_takes_as_much_hashing_as_a_new_one(client, db, monkeypatch):
    """The page is the same either way; the time it takes (argon2 is slow) must not tell."""
    from webapp.accounts import services

    real, work = services._hasher(), []

    class CountingHasher:  # notes each use of argon2 (hash, verify, ...)
        def __getattr__(self, name):
            work.append(name)
            return getattr(real, name)

    taken = _teacher(db).email  # before counting: the factory hashes its password too
    monkeypatch.setattr(services, "_hasher", CountingHasher)

    assert client.post("/account/signup", data=NEW).status_code == 303
    work_for_new, work[:] = list(work), []
    assert client.post("/account/signup", data={**NEW, "email": taken}).status_code == 303

    assert work == work_for_new


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"password": "too short"}, "at least 10 characters"),
        ({"password": NEW["email"]}, "not your email address"),
        ({"password": NEW["email"].upper()}, "not your email address"),
        ({"password": ""}, "Please choose a password."),
        ({"email": "not-an-email"}, "Please enter a valid email address"),
        ({"email": "ada@"}, "Please enter a valid email address"),
        ({"name": ""}, "Please enter your name."),
    ],
)
def test_a_refused_sign_up_says_why_and_creates_nothing(client, db, outbox, changes, message):
    response = client.post("/account/signup", data={**NEW, **changes})

    assert response.status_code == 422
    assert message in _text(response)
    assert _users(db) == []
    assert outbox() == []


# Forgotten passwords ------------------------------------------------------------------


def test_asking_for_a_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(
    client, db, outbox
):
    user = _teacher(db)

    unknown = client.post("/account/forgot-password", data={"email": "nobody@example.org"})
    known = client.post("/account/forgot-password", data={"email": user.email})

    assert unknown.status_code == known.status_code == 200
    assert "If nobody@example.org has an account" in _text(unknown)
    assert _text(unknown).replace("nobody@example.org", user.email) == _text(known)
    [message] = outbox()
    assert message.recipient == user.email
    assert "Choose a new password" in message.subject


def test_a_reset_link_sets_a_new_password_once_and_ends_other_sessions(
    app, client, db, login, outbox
):
    user = _teacher(db)
    other_device = app.test_client()
    assert login(other_device, user).status_code == 303
    assert other_device.get("/classrooms/").status_code == 200

    client.post("/account/forgot-password", data={"email": user.email})
    path = _link(outbox(user.email)[0].body_text, "reset-password")
    page = client.get(path)
    assert page.status_code == 200
    assert f"For the account {user.email}" in _text(page)
    refused = client.post(path, data={"password": "short"})
    assert refused.status_code == 422 and "at least 10 characters" in _text(refused)

    response = client.post(path, data={"password": "a brand new passphrase"})

    assert response.status_code == 303
    assert response.headers["Location"] == "/classrooms/"
    assert client.get("/classrooms/").status_code == 200  # logged in by the reset
    ended = other_device.get("/classrooms/")
    assert ended.status_code == 302
    assert ended.headers["Location"].startswith("/account/login?next=")

    again = client.post(path, data={"password": "yet another passphrase"})
    assert again.status_code == 400
    assert "already used" in _text(again)

    fresh = app.test_client()
    assert login(fresh, user).status_code == 422  # the old password
    assert login(fresh, user, "yet another passphrase").status_code == 422
    assert login(fresh, user, "a brand new passphrase").headers["Location"] == "/classrooms/"


# Links that do not work ---------------------------------------------------------------


def _emailed_link(client, db, outbox, kind: str) -> tuple[str, User]:
    """Have a link of this kind emailed to a new account; its path, and the account."""
    if kind == "verify":
        client.post("/account/signup", data=NEW)
        user = _users(db)[0]
    else:
        user = _teacher(db)
        client.post("/account/forgot-password", data={"email": user.email})
    return _link(outbox()[0].body_text, kind), user


def _state(db, user: User) -> tuple:
    db.session.refresh(user)
    return user.email_verified_at, user.password_hash, user.password_changed_at


@pytest.mark.parametrize("kind", ["verify", "reset-password"])
def test_a_tampered_link_is_refused_plainly(client, db, outbox, kind):
    path, user = _emailed_link(client, db, outbox, kind)
    before = _state(db, user)
    base, token = path.rsplit("/", 1)
    tampered = f"{base}/{_tampered(token)}"

    response = client.post(tampered, data={"password": "a brand new passphrase"})

    assert response.status_code == 400
    assert "This link is not valid" in _text(response)
    assert "Something in that request" not in _text(response)
    if kind == "reset-password":
        assert client.get(tampered).status_code == 400
    assert _state(db, user) == before


@pytest.mark.parametrize(
    ("kind", "max_age"),
    [("verify", "VERIFY_MAX_AGE_SECONDS"), ("reset-password", "RESET_MAX_AGE_SECONDS")],
)
def test_an_expired_link_is_refused_plainly(client, db, outbox, monkeypatch, kind, max_age):
    path, user = _emailed_link(client, db, outbox, kind)
    before = _state(db, user)
    monkeypatch.setattr(f"webapp.accounts.services.{max_age}", -1)  # every link is too old

    response = client.post(path, data={"password": "a brand new passphrase"})

    assert response.status_code == 400
    assert "This link has expired" in _text(response)
    assert _state(db, user) == before


# Throttling ---------------------------------------------------------------------------


def test_after_five_wrong_passwords_even_the_right_one_waits(client, db):
    user, neighbour = _teacher(db), _teacher(db)
    email = user.email  # retyping it in another case or with a space counts the same
    for typed in (email, email.upper(), f" {email}", email.title(), email):
        assert _log_in(client, typed, "not the password at all").status_code == 422

    blocked = _log_in(client, user.email)

    assert blocked.status_code == 429
    assert "Too many attempts" in _text(blocked)
    assert client.get("/classrooms/").status_code == 302
    # The limit is per account: another teacher at the same school address logs in.
    assert _log_in(client, neighbour.email).headers["Location"] == "/classrooms/"


def _client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_a_guesser_elsewhere_does_not_lock_the_owner_out(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_FAILURE_LIMIT", "6 per hour")
    user = _teacher(db)
    guesser, owner = _client_at(app, "203.0.113.66"), _client_at(app, "198.51.100.5")
    for _ in range(5):
        assert _log_in(guesser, user.email, "guess").status_code == 422
    assert _log_in(guesser, user.email).status_code == 429
    assert _log_in(owner, user.email).status_code == 303
    # From anywhere at all, the account's own limit still stops a spread-out attack.
    other = _client_at(app, "192.0.2.1")
    assert _log_in(other, user.email, "guess").status_code == 422
    assert _log_in(other, user.email).status_code == 429


def test_successful_logins_do_not_count_towards_the_failure_limit(client, db):
    user = _teacher(db)
    for _ in range(6):
        assert _log_in(client, user.email).headers["Location"] == "/classrooms/"
        assert client.post("/account/logout").status_code == 303

    assert _log_in(client, user.email, "not the password at all").status_code == 422


def test_one_client_address_is_limited_across_accounts(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    for n in range(3):
        assert _log_in(client, f"someone{n}@example.org").status_code == 422

    blocked = _log_in(client, "someone3@example.org")

    assert blocked.status_code == 429
    assert "Too many attempts" in _text(blocked)


# Logging out and returning where you were ---------------------------------------------


def test_logging_out_takes_a_post_and_ends_the_session(client, db):
    user = _teacher(db)
    _log_in(client, user.email)

    assert client.get("/account/logout").status_code == 405
    assert client.get("/classrooms/").status_code == 200  # still logged in

    response = client.post("/account/logout")

    assert response.status_code == 303
    assert "You are logged out." in _text(client.get(response.headers["Location"]))
    assert client.get("/classrooms/").headers["Location"].startswith("/account/login?next=")


def test_the_login_page_returns_to_the_page_asked_for(client, db):
    user = _teacher(db)
    sent_away = client.get("/classrooms/new")
    assert sent_away.status_code == 302
    login_path = sent_away.headers["Location"]

    response = client.post(login_path, data={"email": user.email, "password": PASSWORD})

    assert response.status_code == 303
    assert response.headers["Location"] == "/classrooms/new"


@pytest.mark.parametrize(
    "target",
    ["//evil.example/x", "https://evil.example", "/\\evil.example", "/\t/evil.example"]
    + ["javascript:alert(1)", "/classrooms/\r\nX-Injected: 1", "/classrooms/\n"],
)
def test_the_login_page_drops_a_next_that_leaves_the_site_or_is_malformed(
    app, client, db, monkeypatch, target
):
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # the page people see
    user = _teacher(db)

    response = _log_in(client, user.email, next=target)

    assert response.status_code == 303
    assert response.headers["Location"] == "/classrooms/"


# Real mail ----------------------------------------------------------------------------


@pytest.mark.usefixtures("committed_db")
def test_the_verification_email_arrives_by_smtp_and_its_link_works(app, smtp_server):
    from webapp.extensions import db

    client = app.test_client()
    assert client.post("/account/signup", data=NEW).status_code == 303

    report = deliver_due()

    assert (report.sent, report.failed) == (1, 0)
    [(recipients, message)] = smtp_server.messages
    assert recipients == [NEW["email"]]
    assert "Confirm your email address" in message["Subject"]
    path = _link(message.get_body(preferencelist=("plain",)).get_content(), "verify")
    assert client.post(path).status_code == 303
    assert db.session.scalar(db.select(User)).is_verified
    assert _log_in(client, NEW["email"], NEW["password"]).headers["Location"] == "/classrooms/"
