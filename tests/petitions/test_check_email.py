"""After signing: "Check your email" names the address, offers "Send it again" and "Wrong
address? Sign again", and tells nobody whether an address had signed before; and the
form asks "Did you mean …@gmail.com?" before a typo loses a signature (issue 15, item 3)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.factories import PetitionFactory
from webapp.models import Signature, SignatureStatus
from webapp.outbox.services import deliver_due
from webapp.petitions.links import confirmation_token
from webapp.petitions.services import confirm_signature, sign_petition

SIGNER = {"full_name": "Ada Lovelace", "country": "GB"}


@pytest.fixture
def petition(db):
    petition = PetitionFactory(title="Free Leyla")
    db.session.commit()  # the views' rollbacks keep it
    return petition


def _sign(client, petition, email, **extra):
    return client.post(f"/petitions/{petition.slug}/sign", data={**SIGNER, "email": email, **extra})


def _comparable(page: str, email: str) -> str:
    """A page with what differs between any two visitors taken out: the address they
    typed (which the page must show) and the per-session CSRF token."""
    page = page.replace(email, "ADDRESS")
    return re.sub(r'name="csrf_token" type="hidden" value="[^"]+"', "CSRF", page)


def test_the_page_names_the_address_and_is_kept_by_no_cache(client, petition):
    response = _sign(client, petition, "ada@example.org")
    assert "ada@example.org" not in response.location  # never in an address
    page = client.get(response.location)
    html = page.get_data(as_text=True)
    assert re.search(r'to <strong class="sent-to"><bdi>ada@example.org</bdi></strong>', html)
    assert page.headers["Cache-Control"] == "private, no-store"
    assert "Cookie" in page.headers["Vary"]
    assert "Send it again" in html and "Wrong address? Sign again" in html


def test_without_a_signing_in_this_browser_the_page_names_no_address(app, petition):
    html = app.test_client().get(f"/petitions/{petition.slug}/check-your-email")
    text = html.get_data(as_text=True)
    assert "Check your email" in text and "Send it again" not in text


def test_pages_and_emails_are_the_same_for_new_pending_and_confirmed_addresses(
    app, db, petition, smtp_server, monkeypatch
):
    # One test machine is one client: its own limit is tested below.
    monkeypatch.setitem(app.config, "SIGN_RESEND_CLIENT_LIMIT", "100 per minute")
    # Before: one address pending, one confirmed, one never used.
    for email in ("pending@example.org", "confirmed@example.org"):
        sign_petition(petition, full_name="Earlier", email=email, country="GB", opt_in=False)
    confirmed = db.session.scalar(select(Signature).where(Signature.email.like("confirmed@%")))
    confirm_signature(confirmation_token(confirmed))
    db.session.commit()
    deliver_due()
    before = {email: _received(smtp_server, email) for email in ADDRESSES}

    pages, resent = {}, {}
    for email in ADDRESSES:
        browser = app.test_client()
        signed = _sign(browser, petition, email)
        shown = browser.get(signed.location).get_data(as_text=True)
        again = [browser.post(f"/petitions/{petition.slug}/send-again") for _ in range(6)]
        assert {response.status_code for response in again} == {303}
        after = browser.get(signed.location).get_data(as_text=True)
        pages[email] = _comparable(shown, email)
        resent[email] = _comparable(after, email)
    assert len(set(pages.values())) == 1
    assert len(set(resent.values())) == 1
    assert "We have asked for the email to be sent again to ADDRESS" in resent[ADDRESSES[0]]

    deliver_due()
    cap = app.config["SIGNATURE_NOTICE_CAP"]
    received = {email: _received(smtp_server, email) - before[email] for email in ADDRESSES}
    # The new address: its confirmation, then what the limits let through again; the
    # others: at most the signature's daily cap of follow-up emails, whatever was pressed.
    assert 1 <= received["new@example.org"] <= 1 + cap
    assert 1 <= received["pending@example.org"] <= cap
    assert 1 <= received["confirmed@example.org"] <= cap
    confirmed_mail = [m for to, m in smtp_server.messages if to == ["confirmed@example.org"]]
    assert all("/confirm/" not in m.get_body(("plain",)).get_content() for m in confirmed_mail[1:])
    db.session.expire_all()
    assert confirmed.status is SignatureStatus.CONFIRMED


ADDRESSES = ("new@example.org", "pending@example.org", "confirmed@example.org")


def _received(smtp_server, email: str) -> int:
    return sum(1 for to, _message in smtp_server.messages if to == [email])


def test_send_it_again_is_limited_per_client(app, client, petition, monkeypatch):
    monkeypatch.setitem(app.config, "SIGN_RESEND_CLIENT_LIMIT", "2 per minute")
    _sign(client, petition, "ada@example.org")
    codes = [client.post(f"/petitions/{petition.slug}/send-again").status_code for _ in range(3)]
    assert codes == [303, 303, 429]


def test_a_pending_signature_gets_its_link_again(client, db, petition, outbox):
    _sign(client, petition, "ada@example.org")
    client.post(f"/petitions/{petition.slug}/send-again")
    first, again = outbox("ada@example.org")
    link = re.search(r"/confirm/\S+", first.body_text).group(0)
    assert link in again.body_text


def test_wrong_address_goes_back_to_the_form_with_the_name_kept(client, db, petition):
    _sign(client, petition, "ada@wrong-address.example")
    page = client.get(f"/petitions/{petition.slug}/sign-again")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "private, no-store"
    assert re.search(r'<input[^>]*name="full_name"[^>]*value="Ada Lovelace"', html)
    email_input = re.search(r'<input[^>]*name="email"[^>]*>', html).group(0)
    assert 'value=""' in email_input or "value=" not in email_input
    assert "wrong-address" not in html


# "Did you mean …?"


def _signatures(db) -> list[str]:
    return list(db.session.scalars(select(Signature.email).order_by(Signature.id)))


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("ada@gmial.com", "ada@gmail.com"),
        ("ada@hotmial.com", "ada@hotmail.com"),
        ("ada@yaho.com", "ada@yahoo.com"),
        ("ada@outlok.com", "ada@outlook.com"),
    ],
)
def test_a_typo_in_the_domain_is_asked_about_before_anything_is_stored(
    client, db, petition, outbox, typed, meant
):
    response = _sign(client, petition, typed)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f"Did you mean <strong><bdi>{meant}</bdi></strong>?" in html
    assert f'value="suggested" class="button button--primary">Yes, use <bdi>{meant}</bdi>' in html
    assert f'value="typed" class="button">No, send to <bdi>{typed}</bdi>' in html
    assert re.search(r'<input[^>]*name="full_name"[^>]*value="Ada Lovelace"', html)
    assert response.headers["Cache-Control"] == "private, no-store"
    assert _signatures(db) == [] and outbox() == []


def test_yes_signs_with_the_suggested_address(client, db, petition, outbox):
    response = _sign(client, petition, "ada@gmial.com", email_choice="suggested")
    assert response.status_code == 303
    assert _signatures(db) == ["ada@gmail.com"]
    assert len(outbox("ada@gmail.com")) == 1
    assert "ada@gmail.com" in client.get(response.location).get_data(as_text=True)


def test_no_keeps_what_was_typed(client, db, petition, outbox):
    response = _sign(client, petition, "ada@gmial.com", email_choice="typed")
    assert response.status_code == 303
    assert _signatures(db) == ["ada@gmial.com"]


@pytest.mark.parametrize(
    "email", ["ada@gmail.com", "ada@example.org", "ada@ox.ac.uk", "ada@yahoo.de", "ada@posteo.de"]
)
def test_an_address_that_looks_right_is_not_questioned(client, db, petition, email):
    assert _sign(client, petition, email).status_code == 303
    assert _signatures(db) == [email]
