"""Every link the app emails is opaque (issue 21, item 17): base64-decoding its token
shows no email address, no name and no time of a password change, only ids and keyed
digests. The links still work, once where they worked once."""

from __future__ import annotations

import base64
import re
import zlib

import pytest

from tests.factories import PetitionFactory, UserFactory

LINK = re.compile(r"http://localhost(/\S+)")


def _decoded(path: str) -> bytes:
    """Everything readable in a link's token without the key: its payload, and the
    timestamp itsdangerous adds (a number of seconds)."""
    token = path.rstrip("/").rsplit("/", 1)[1]
    compressed = token.startswith(".")
    payload = token.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return zlib.decompress(raw) if compressed else raw


def _assert_opaque(path: str, *secrets: str) -> None:
    decoded = _decoded(path)
    assert b"@" not in decoded
    for secret in secrets:
        assert secret.encode() not in decoded
    # No date or time of day, as an isoformat would show (the password's last change).
    assert not re.search(rb"\d{4}-\d\d-\d\d|\d\d:\d\d", decoded)


def _emailed_link(outbox, recipient: str, kind: str) -> str:
    for message in reversed(outbox(recipient)):
        for path in LINK.findall(message.body_text):
            if kind in path:
                return path
    raise AssertionError(f"no {kind} link emailed to {recipient}")


def test_the_sign_up_verification_link_is_opaque_and_works(client, db, outbox):
    data = {"name": "Ada Lovelace", "email": "ada.lovelace@example.org", "password": "x" * 12}
    assert client.post("/account/signup", data=data).status_code == 303
    path = _emailed_link(outbox, "ada.lovelace@example.org", "/account/verify/")
    _assert_opaque(path, "ada", "lovelace", "example")
    assert client.post(path).status_code == 303


def test_the_reset_link_is_opaque_and_works_once(client, db, outbox):
    user = UserFactory(email="grace.hopper@example.org")
    db.session.commit()
    client.post("/account/forgot-password", data={"email": user.email})
    path = _emailed_link(outbox, user.email, "/account/reset-password/")
    _assert_opaque(path, "grace", "hopper", user.password_changed_at.isoformat()[:10])
    assert client.post(path, data={"password": "a brand new passphrase"}).status_code == 303
    assert client.post(path, data={"password": "yet another passphrase"}).status_code == 400


def test_the_invitation_link_is_opaque(client, db, outbox, people, browser_for):
    admin = browser_for(people["admin"])
    sent = admin.post(
        "/admin/users/invite", data={"email": "olga.new@example.org", "role": "organiser"}
    )
    assert sent.status_code == 303
    _assert_opaque(_emailed_link(outbox, "olga.new@example.org", "/account/invitation/"), "olga")


def test_the_signature_confirmation_link_is_opaque(client, db, outbox):
    petition = PetitionFactory()
    db.session.commit()
    data = {"full_name": "Ada Lovelace", "email": "ada@example.org", "country": "GB"}
    assert client.post(f"/petitions/{petition.slug}/sign", data=data).status_code == 303
    path = _emailed_link(outbox, "ada@example.org", "/confirm/")
    _assert_opaque(path, "ada", "Lovelace")
    assert client.post(path).status_code == 303


@pytest.mark.parametrize("field", ["e", "p"])
def test_an_old_style_link_with_readable_fields_opens_nothing(app, client, db, field):
    """Links made before this change carried the address or the time in clear; whoever
    holds the key could make them, so they are refused like any wrong link."""
    from itsdangerous import URLSafeTimedSerializer

    user = UserFactory(email="old@example.org", unverified=True)
    db.session.commit()
    purpose, value = ("verify", user.email) if field == "e" else ("reset", "x")
    serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=f"account-{purpose}")
    token = serializer.dumps({"u": user.id, field: value})
    if purpose == "verify":
        assert client.post(f"/account/verify/{token}").status_code in (400, 404)
    else:
        page = client.post(f"/account/reset-password/{token}", data={"password": "x" * 12})
        assert page.status_code == 400
