"""Signing and confirming through the pages a supporter uses."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.factories import (
    CaseFactory,
    LetterTemplateFactory,
    PetitionFactory,
    SignatureFactory,
    TargetFactory,
)
from webapp.models import Signature, SignatureStatus
from webapp.petitions.services import recount, signature_count

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


def _thank_you(client, petition) -> str:
    recount([petition.id])
    return client.get(f"/petitions/{petition.slug}/thank-you").get_data(as_text=True)


def test_the_thank_you_page_says_who_signed_with_you_and_the_count(client, db):
    petition = PetitionFactory(goal=10, case__name="Leyla Ahmadi")
    SignatureFactory(petition=petition, confirmed=True)
    assert "You are the first to sign for <bdi>Leyla Ahmadi</bdi>." in _thank_you(client, petition)

    SignatureFactory(petition=petition, confirmed=True)
    page = _thank_you(client, petition)
    assert "You and 1 other person have signed for <bdi>Leyla Ahmadi</bdi>." in page

    SignatureFactory.create_batch(2, petition=petition, confirmed=True)
    page = _thank_you(client, petition)
    assert "You and 3 others have signed for <bdi>Leyla Ahmadi</bdi>." in page
    assert "4 signatures of a goal of 10" in page and 'value="4"' in page
    assert "Sign for another person at risk" in page


def test_the_thank_you_page_leads_to_a_letter_to_the_petitions_addressee(client, db):
    case = CaseFactory(name="Leyla Ahmadi")
    TargetFactory(case=case, name="Minister Ana Ruiz", position=0)
    judge = TargetFactory(case=case, name="Dr Hossein Karimi-Nejad", position=1)
    LetterTemplateFactory(case=case)
    petition = PetitionFactory(case=case, target=judge)
    page = _thank_you(client, petition)

    button = re.search(
        r'<a class="button button--primary" href="([^"]+)">([^<]*<bdi>[^<]+</bdi>)', page
    )
    assert button.group(2) == "Write to <bdi>Dr Hossein Karimi-Nejad</bdi>"
    composer = client.get(button.group(1).replace("&amp;", "&")).get_data(as_text=True)
    # The composer opens with the judge chosen, not the case's first target.
    assert re.search(rf'<option selected value="{judge.id}">', composer)

    # A card is offered beside it only where the case takes cards.
    assert "Send a solidarity card" not in page


def test_without_an_appeal_text_the_card_is_the_next_step(client, db):
    case = CaseFactory(name="Rina Santos", takes_cards=True)
    TargetFactory(case=case)
    LetterTemplateFactory(case=case, card=True)
    page = _thank_you(client, PetitionFactory(case=case))
    assert "Write to" not in page
    assert re.search(
        r'<a class="button button--primary" href="/cases/[^"]+/write/card">Send a solidarity card',
        page,
    )


def test_the_thank_you_page_says_the_petition_was_delivered(client, db):
    petition = PetitionFactory(delivered_on=date(2026, 12, 10), delivered_to="The Ministry")
    page = _thank_you(client, petition)
    assert "Delivered to <bdi>The Ministry</bdi> on December 10, 2026." in page


def test_share_links_point_at_the_case_page_from_base_url(client, db):
    petition = PetitionFactory(title="Free Rina & Tomás", case__slug="rina")
    page = _thank_you(client, petition)
    case_url = "http://localhost/cases/rina"
    assert f'value="{case_url}"' in page
    whatsapp = re.search(r'href="(https://wa\.me/[^"]+)"', page).group(1)
    assert (
        whatsapp
        == "https://wa.me/?text=Free%20Rina%20%26%20Tom%C3%A1s%0Ahttp%3A%2F%2Flocalhost%2Fcases%2Frina"
    )
    for service in ("Telegram", "Facebook", "X", "Bluesky", "Email"):
        assert f">{service}<" in page
    assert "For Signal or any other app: the message to copy" in page


def test_no_page_of_the_journey_loads_anything_from_another_site(client, db):
    petition = PetitionFactory()
    pages = [
        client.get("/").get_data(as_text=True),
        client.get(f"/cases/{petition.case.slug}").get_data(as_text=True),
        _thank_you(client, petition),
    ]
    for page in pages:
        assert "<iframe" not in page
        # Scripts, images, styles and fonts come from this site; links out are only links.
        for src in re.findall(
            r'<(?:script|img|source|link|video|audio)\b[^>]*\b(?:src|href)="([^"]+)"', page
        ):
            # The canonical address is absolute, from BASE_URL: this site too.
            own = src.startswith("http://localhost/") or not src.startswith("//")
            assert own and (src.startswith(("/", "http://localhost/"))), src


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
