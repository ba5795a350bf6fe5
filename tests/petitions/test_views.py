"""Signing and confirming through the pages a supporter uses."""

from __future__ import annotations

import re

import pytest

from tests.factories import PetitionFactory, SignatureFactory
from webapp.models import Signature, SignatureStatus
from webapp.petitions.services import signature_count

VALID = {"full_name": "Ada Lovelace", "email": "ada@example.org", "country": "GB"}


def _confirm_path(message) -> str:
    return re.search(r"http://localhost(/confirm/\S+)", message.body_text).group(1)


def test_signing_redirects_to_check_your_email(client, db, outbox):
    petition = PetitionFactory()
    response = client.post(f"/petitions/{petition.slug}/sign", data=VALID)

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/petitions/{petition.slug}/check-your-email")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Check your email" in page
    assert len(outbox("ada@example.org")) == 1


def test_the_opt_in_is_unticked_and_recorded_only_when_ticked(client, db):
    petition = PetitionFactory()
    page = client.get(f"/cases/{petition.case.slug}").get_data(as_text=True)
    checkbox = re.search(r'<input[^>]*name="opt_in"[^>]*>', page).group(0)
    assert "checked" not in checkbox

    client.post(f"/petitions/{petition.slug}/sign", data=VALID)
    client.post(
        f"/petitions/{petition.slug}/sign", data={**VALID, "email": "bo@example.org", "opt_in": "y"}
    )
    opt_ins = dict(db.session.execute(db.select(Signature.email, Signature.opt_in)).all())
    assert opt_ins == {"ada@example.org": False, "bo@example.org": True}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "", "Please enter your name."),
        ("full_name", "   ", "Please enter your name."),
        ("full_name", "x" * 201, "Please shorten your name to 200 characters or fewer."),
        ("full_name", "Ada\x00Lovelace", "Please remove the special characters from this field."),
        # The names are printed for the petition's hand-over: none may print as a box.
        ("full_name", "Ada 🌻", "“🌻” (Sunflower) cannot be printed on paper."),
        ("email", "", "Please enter your email address."),
        ("email", "not-an-email", "Please enter a valid email address, like name@example.org."),
        ("email", "ada@", "Please enter a valid email address, like name@example.org."),
        ("email", "a" * 250 + "@example.org", "That email address is too long."),
        ("country", "", "Please choose your country."),
        ("country", "XX", "Please choose a country from the list."),
    ],
)
def test_each_invalid_field_gets_a_clear_message_beside_it(
    client, db, outbox, field, value, message
):
    petition = PetitionFactory()
    response = client.post(f"/petitions/{petition.slug}/sign", data={**VALID, field: value})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    beside_field = re.search(
        rf'<p class="field__error" id="{field}-error">.*?</p>\s*<[^>]*id="{field}"', page, re.S
    )
    assert beside_field and message in beside_field.group(0)
    # The summary links to the field's wrapper: its label and message come into view too.
    assert f'href="#{field}-field"' in page and f'id="{field}-field"' in page
    assert 'aria-invalid="true"' in page
    assert db.session.scalar(db.select(db.func.count(Signature.id))) == 0
    assert outbox() == []


def test_the_form_keeps_what_was_typed_after_an_error(client, db):
    petition = PetitionFactory()
    response = client.post(f"/petitions/{petition.slug}/sign", data={**VALID, "email": "nope"})
    assert 'value="Ada Lovelace"' in response.get_data(as_text=True)


def test_signing_twice_looks_exactly_like_signing_once(client, db, outbox):
    petition = PetitionFactory()
    first = client.post(f"/petitions/{petition.slug}/sign", data=VALID)
    second = client.post(
        f"/petitions/{petition.slug}/sign", data={**VALID, "email": "ADA+x@example.org"}
    )
    assert (first.status_code, first.headers["Location"]) == (
        second.status_code,
        second.headers["Location"],
    )
    assert db.session.scalar(db.select(db.func.count(Signature.id))) == 1


def test_opening_the_link_does_not_confirm_pressing_the_button_does(client, db, outbox):
    petition = PetitionFactory()
    client.post(f"/petitions/{petition.slug}/sign", data=VALID)
    path = _confirm_path(outbox()[0])

    for _ in range(3):  # a mail scanner, a link preview, the person
        page = client.get(path)
        assert page.status_code == 200
        assert "Confirm my signature" in page.get_data(as_text=True)
    assert signature_count(petition) == 0
    assert db.session.scalar(db.select(Signature.status)) is SignatureStatus.PENDING

    response = client.post(path)
    assert response.status_code == 303
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thank you" in thanks
    assert "1 signature of a goal of 1,000" in thanks
    assert signature_count(petition) == 1


def test_the_link_again_after_confirming_says_it_already_counts(client, db, outbox):
    petition = PetitionFactory()
    client.post(f"/petitions/{petition.slug}/sign", data=VALID)
    path = _confirm_path(outbox()[0])
    client.post(path)

    page = client.get(path).get_data(as_text=True)
    assert "already counts" in page
    assert client.post(path).status_code == 303
    assert signature_count(petition) == 1


def test_a_bad_link_gets_a_clear_page(client, db):
    response = client.get("/confirm/not-a-real-token")
    assert response.status_code == 404
    assert "This confirmation link is not valid" in response.get_data(as_text=True)
    assert client.post("/confirm/not-a-real-token").status_code == 404


def test_a_closed_petition_shows_no_form_and_refuses_signatures(client, db, outbox):
    petition = PetitionFactory(closed=True)
    page = client.get(f"/cases/{petition.case.slug}").get_data(as_text=True)
    assert "This petition is closed" in page
    assert 'name="email"' not in page

    response = client.post(f"/petitions/{petition.slug}/sign", data=VALID)
    assert response.status_code == 409
    assert outbox() == []


@pytest.mark.parametrize("trait", ["draft", "case_draft"])
def test_hidden_petitions_are_not_found(client, db, trait):
    traits = {"draft": {"draft": True}, "case_draft": {"case__draft": True}}[trait]
    petition = PetitionFactory(**traits)
    assert client.get(f"/petitions/{petition.slug}").status_code == 404
    assert client.post(f"/petitions/{petition.slug}/sign", data=VALID).status_code == 404


def test_a_petition_without_a_case_has_its_own_page(client, db):
    petition = PetitionFactory(case=None)
    page = client.get(f"/petitions/{petition.slug}")
    assert page.status_code == 200
    assert "Sign the petition" in page.get_data(as_text=True)


def test_the_petition_url_leads_to_its_case_page(client, db):
    petition = PetitionFactory()
    response = client.get(f"/petitions/{petition.slug}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/cases/{petition.case.slug}#sign"


def test_the_thank_you_page_shows_the_count_and_next_actions(client, db):
    petition = PetitionFactory(goal=10)
    SignatureFactory.create_batch(2, petition=petition, confirmed=True)
    from webapp.petitions.services import recount

    recount([petition.id])
    page = client.get(f"/petitions/{petition.slug}/thank-you").get_data(as_text=True)
    assert "2 signatures of a goal of 10" in page
    assert 'value="2"' in page
    assert "Sign for another person at risk" in page


def test_no_page_shows_signer_data(client, db):
    signature = SignatureFactory(
        full_name="Secret Signer", email="secret@example.org", confirmed=True
    )
    case_page = client.get(f"/cases/{signature.petition.case.slug}").get_data(as_text=True)
    thanks = client.get(f"/petitions/{signature.petition.slug}/thank-you").get_data(as_text=True)
    for page in (case_page, thanks):
        assert "Secret Signer" not in page
        assert "secret@example.org" not in page


def test_a_page_with_form_errors_says_error_first_in_its_title(client, db):
    petition = PetitionFactory()
    fine = client.get(f"/cases/{petition.case.slug}").get_data(as_text=True)
    assert "<title>Error:" not in fine
    refused = client.post(f"/petitions/{petition.slug}/sign", data={**VALID, "email": "x"})
    title = re.search(r"<title>(.*?)</title>", refused.get_data(as_text=True), re.S).group(1)
    assert title.startswith("Error: ")
    french = client.post(
        f"/petitions/{petition.slug}/sign",
        data={**VALID, "email": "x"},
        headers={"Accept-Language": "fr"},
    )
    title = re.search(r"<title>(.*?)</title>", french.get_data(as_text=True), re.S).group(1)
    assert title.startswith("Erreur\u00a0: ")
