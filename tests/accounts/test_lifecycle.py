"""Issue 21, tried as an attacker would, through the pages: email bombing one address,
words of the attacker's in the organisation's emails, pre-hijacking an account by
signing up with someone else's address, and session cookies that outlive their use."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.factories import PASSWORD, PetitionFactory, UserFactory
from webapp.models import OutboxMessage, User, UserSession, utcnow
from webapp.outbox.emails import quoted_name
from webapp.outbox.services import deliver_due

VICTIM = "victim@school.example"
ATTACKER_PASSWORD = "the attacker's passphrase"
LURE = "Dear Supporter, your account is locked, verify at https://evil.example/login now"


def _text(response) -> str:
    return response.get_data(as_text=True)


def _link(text: str, kind: str) -> str:
    return re.search(rf"http://localhost(/account/{kind}/\S+)", text).group(1)


def _teacher(db, **traits) -> User:
    user = UserFactory(**traits)
    db.session.commit()
    return user


def _from(app, address: str):
    """A browser at its own client address (a botnet's, or a /64's worth)."""
    browser = app.test_client()
    browser.environ_base["REMOTE_ADDR"] = address
    return browser


def _log_in(client, email: str, password: str = PASSWORD):
    return client.post("/account/login", data={"email": email, "password": password})


def _logged_in(client) -> bool:
    return client.get("/classrooms/").status_code == 200


# 7. Email bombing: every email the public can trigger is capped per recipient -----------


def test_account_emails_to_one_address_are_capped_from_any_number_of_clients(app, db, outbox):
    user = _teacher(db)
    asks = [
        ("/account/forgot-password", {"email": user.email}),
        ("/account/signup", {"name": "X", "email": user.email, "password": "long enough pass"}),
        ("/account/forgot-password", {"email": user.email.upper()}),
        ("/account/forgot-password", {"email": user.email}),
        ("/account/signup", {"name": "Y", "email": user.email, "password": "long enough pass"}),
        ("/account/forgot-password", {"email": user.email}),
    ]
    answers = []
    for n, (path, data) in enumerate(asks):
        response = _from(app, f"203.0.113.{n + 1}").post(path, data=data)
        answers.append((path, data["email"], response.status_code, _text(response)))

    # "3 per hour;10 per day" by default: three emails, whatever the mix and the clients.
    assert len(outbox(user.email)) == 3
    # And nothing on the pages tells a capped request from a sent one.
    for path, email in {(path, email) for path, email, _status, _page in answers}:
        seen = {(status, page) for p, e, status, page in answers if (p, e) == (path, email)}
        assert len(seen) == 1, path

    # An hour on, the hourly share is free again, up to the daily cap.
    for message in outbox(user.email):
        message.created_at = utcnow() - timedelta(minutes=61)
    db.session.commit()
    _from(app, "203.0.113.50").post("/account/forgot-password", data={"email": user.email})
    assert len(outbox(user.email)) == 4


def test_verify_again_is_capped_per_recipient_too(app, db, outbox):
    user = _teacher(db, unverified=True)
    for n in range(5):
        response = _from(app, f"198.51.100.{n + 1}").post(
            "/account/verify-again", data={"email": user.email}
        )
        assert response.status_code == 303
    assert len(outbox(user.email)) == 3


def test_the_daily_cap_holds_across_hours(app, db, outbox):
    user = _teacher(db)
    for n in range(14):
        _from(app, f"192.0.2.{n + 1}").post("/account/forgot-password", data={"email": user.email})
        for message in outbox(user.email):  # each an hour older than the last
            message.created_at -= timedelta(minutes=61)
        db.session.commit()
    assert len(outbox(user.email)) == 10


# 8. The attacker's words in the organisation's emails ----------------------------------


def test_a_name_typed_at_sign_up_never_reaches_the_email(client, db, outbox):
    response = client.post(
        "/account/signup",
        data={"name": LURE[:100], "email": VICTIM, "password": "long enough pass"},
    )
    assert response.status_code == 303
    [message] = outbox(VICTIM)
    for body in (message.body_text, message.body_html, message.subject):
        assert "Dear Supporter" not in body
        assert "evil.example" not in body and "https://evil" not in body
    assert message.body_text.startswith("Hello,")


def test_a_name_typed_when_signing_never_reaches_the_email(client, db, outbox):
    petition = PetitionFactory()
    db.session.commit()
    data = {"full_name": LURE[:100], "email": VICTIM, "country": "GB"}
    assert client.post(f"/petitions/{petition.slug}/sign", data=data).status_code == 303
    assert client.post(f"/petitions/{petition.slug}/sign", data=data).status_code == 303
    messages = outbox(VICTIM)
    assert len(messages) == 2
    for message in messages:
        for body in (message.body_text, message.body_html, message.subject):
            assert "Dear Supporter" not in body and "evil.example" not in body


def test_an_admins_name_is_quoted_defanged_in_an_invitation(app, db, browser_for, outbox):
    admin = _teacher(db, admin=True, name="www.evil.example/login says hi", email="a@org.example")
    response = browser_for(admin).post(
        "/admin/users/invite", data={"email": VICTIM, "role": "organiser"}
    )
    assert response.status_code == 303
    [message] = outbox(VICTIM)
    for body in (message.body_text, message.body_html):
        assert "www.evil.example" not in body
        assert "www[.]evil[.]example[/]login says hi" in body
        assert not re.search(r"^\s*(<p>)?www", body, re.M)  # never a line's opening
    assert "evil" not in message.subject


@pytest.mark.parametrize(
    ("typed", "quoted"),
    [
        ("Ada Lovelace", "Ada Lovelace"),
        ("J. R. Hartley", "J. R. Hartley"),
        ("https://x.example/a", "https[:]//x[.]example[/]a"),
        ("mail me: ada@x.example", "mail me: ada[@]x[.]example"),
        ("a\nb\t c", "a b c"),
        ("x" * 60, "x" * 39 + "…"),
    ],
)
def test_quoted_names_are_short_single_lines_no_client_links(typed, quoted):
    assert quoted_name(typed) == quoted


# 9. Pre-hijacking: signing up with someone else's address ------------------------------


def test_a_password_set_before_the_owner_confirmed_never_opens_the_account(app, db, outbox):
    attacker = _from(app, "203.0.113.66")
    attacker.post(
        "/account/signup",
        data={"name": "Victim", "email": VICTIM, "password": ATTACKER_PASSWORD},
    )
    path = _link(outbox(VICTIM)[0].body_text, "verify")

    # The owner opens the link from their mailbox, in their own browser.
    owner = app.test_client()
    page = owner.get(path)
    assert page.status_code == 200
    assert 'name="password"' in _text(page)  # they choose the password here
    assert owner.post(path).status_code == 422  # the bare button does not confirm
    assert _log_in(attacker, VICTIM, ATTACKER_PASSWORD).status_code == 422

    confirmed = owner.post(path, data={"password": "the owner's own passphrase"})
    assert confirmed.status_code == 303
    assert _logged_in(owner)
    assert _log_in(attacker, VICTIM, ATTACKER_PASSWORD).status_code == 422
    assert not _logged_in(attacker)
    assert _log_in(app.test_client(), VICTIM, "the owner's own passphrase").status_code == 303
    # Once confirmed, the link can no longer choose a password.
    assert 'name="password"' not in _text(attacker.get(path))
    assert attacker.post(path, data={"password": "another passphrase"}).status_code == 303
    assert _log_in(app.test_client(), VICTIM, "another passphrase").status_code == 422


def test_signing_up_over_a_waiting_account_never_lets_the_second_password_in(app, db, outbox):
    owner = app.test_client()
    owner.post(
        "/account/signup", data={"name": "Owner", "email": VICTIM, "password": "owner passphrase"}
    )
    attacker = _from(app, "203.0.113.67")
    attacker.post(
        "/account/signup", data={"name": "Owner", "email": VICTIM, "password": ATTACKER_PASSWORD}
    )
    # The owner confirms from the browser they signed up in: their password was replaced,
    # so this browser no longer knows it, and they are asked to choose one.
    path = _link(outbox(VICTIM)[0].body_text, "verify")
    assert 'name="password"' in _text(owner.get(path))
    assert owner.post(path, data={"password": "owner passphrase 2"}).status_code == 303
    assert _log_in(attacker, VICTIM, ATTACKER_PASSWORD).status_code == 422


def test_the_same_page_is_shown_for_a_new_a_waiting_and_a_confirmed_address(app, db):
    _teacher(db, email="confirmed@school.example")
    _teacher(db, unverified=True, email="waiting@school.example")
    pages = set()
    for email in ("new@school.example", "waiting@school.example", "confirmed@school.example"):
        response = app.test_client().post(
            "/account/signup", data={"name": "N", "email": email, "password": "long enough pass"}
        )
        pages.add((response.status_code, response.headers["Location"]))
    assert pages == {(303, "/account/check-email")}


# 10 and 17. Sessions: logout, switching off and time end every copy ------------------


def _copy_of(app, browser):
    thief = app.test_client()
    thief.set_cookie("session", browser.get_cookie("session").value, domain="localhost")
    return thief


def test_a_copied_session_cookie_dies_at_logout(app, db, client):
    user = _teacher(db)
    assert _log_in(client, user.email).status_code == 303
    thief = _copy_of(app, client)
    assert _logged_in(thief)

    client.post("/account/logout")

    assert not _logged_in(thief)
    assert not _logged_in(client)


def test_a_switched_off_account_switched_on_again_revives_no_session(app, db, browser_for):
    admin = browser_for(_teacher(db, admin=True, email="boss@org.example"))
    user = _teacher(db)
    victim = app.test_client()
    assert _log_in(victim, user.email).status_code == 303
    thief = _copy_of(app, victim)

    admin.post(f"/admin/users/{user.id}/disable")
    admin.post(f"/admin/users/{user.id}/enable")

    assert not _logged_in(thief)
    assert not _logged_in(victim)
    assert _log_in(victim, user.email).status_code == 303  # the owner logs in again


def test_a_session_used_all_the_time_still_ends_after_its_absolute_lifetime(
    app, db, client, monkeypatch
):
    user = _teacher(db)
    assert _log_in(client, user.email).status_code == 303
    start = utcnow()
    hours = app.config.get("SESSION_ABSOLUTE_HOURS", 12)
    for step in range(1, hours * 2):  # a request every half hour
        monkeypatch.setattr(
            "webapp.web.auth.utcnow",
            lambda s=step: start + timedelta(minutes=30 * s),
            raising=False,
        )
        assert _logged_in(client), step
    monkeypatch.setattr(
        "webapp.web.auth.utcnow", lambda: start + timedelta(hours=hours, minutes=1), raising=False
    )
    assert not _logged_in(client)


def test_a_session_left_unused_ends(app, db, client, monkeypatch):
    user = _teacher(db)
    assert _log_in(client, user.email).status_code == 303
    later = utcnow() + timedelta(minutes=app.config.get("SESSION_IDLE_MINUTES", 180) + 1)
    monkeypatch.setattr("webapp.web.auth.utcnow", lambda: later, raising=False)
    assert not _logged_in(client)


def test_the_session_cookie_holds_nothing_readable_about_the_user(app, db, client):
    user = _teacher(db)
    assert _log_in(client, user.email).status_code == 303
    serializer = app.session_interface.get_signing_serializer(app)
    held = serializer.loads(client.get_cookie("session").value)

    assert set(held) == {"session_token", "_permanent"}
    assert held["_permanent"] is True
    assert user.password_changed_at.isoformat() not in str(held)
    # The token is random and stored only as a hash.
    [row] = db.session.scalars(db.select(UserSession).where(UserSession.user_id == user.id))
    assert held["session_token"] not in row.id and len(held["session_token"]) >= 40


def test_sent_emails_are_delivered_after_the_cap_checks(app, db, outbox):
    """The cap counts rows in the outbox; delivering them keeps them counted."""
    user = _teacher(db)
    for n in range(2):
        _from(app, f"203.0.113.{n + 90}").post(
            "/account/forgot-password", data={"email": user.email}
        )
    assert deliver_due().sent == 2
    for n in range(3):
        _from(app, f"203.0.113.{n + 95}").post(
            "/account/forgot-password", data={"email": user.email}
        )
    assert (
        db.session.scalar(
            db.select(db.func.count(OutboxMessage.id)).where(OutboxMessage.recipient == user.email)
        )
        == 3
    )


def test_sessions_that_ran_out_are_tidied_away_at_the_next_login(app, db, monkeypatch):
    first, second = _teacher(db), _teacher(db)
    assert _log_in(app.test_client(), first.email).status_code == 303
    later = utcnow() + timedelta(hours=app.config["SESSION_ABSOLUTE_HOURS"], minutes=1)
    monkeypatch.setattr("webapp.web.auth.utcnow", lambda: later)
    assert _log_in(app.test_client(), second.email).status_code == 303
    rows = db.session.scalars(db.select(UserSession)).all()
    assert [row.user_id for row in rows] == [second.id]
