"""Cases in the reader's language (issue 20): organisers translate a case, its petition,
its targets and its issue area beside the original; readers get each text in their
language where it exists, else the original marked with its language and a note; a
changed original marks its translations out of date; letters use the person's name and
the official's title in the letter's language; the API says the same."""

from __future__ import annotations

import re

import pytest

from tests.factories import (
    CaseFactory,
    IssueAreaFactory,
    LetterTemplateFactory,
    PetitionFactory,
    TargetFactory,
)
from webapp.models import AuditEvent, CaseTranslation, LetterKind

STORY_EN = "Leyla wrote a poem about her sister.\n\nThe court sentenced her to six years for it."
STORY_FR = (
    "Leyla a écrit un poème sur sa sœur.\n\n"
    "Le tribunal l’a condamnée à six ans de prison pour ce poème."
)
STORY_AR = "كتبت ليلى قصيدة عن أختها.\n\nحكمت عليها المحكمة بالسجن ست سنوات بسببها."


@pytest.fixture
def case(db):
    area = IssueAreaFactory(name="Freedom of expression", summary="Words are not crimes.")
    case = CaseFactory(
        slug="leyla",
        name="Leyla Ahmadi",
        country="IR",
        issue_area=area,
        headline="Jailed for a poem",
        story=STORY_EN,
        ask="Release Leyla now.",
    )
    PetitionFactory(case=case, slug="free-leyla", title="Free Leyla", body="Release her.")
    TargetFactory(case=case, title="Head of the Judiciary", salutation="Dear Sir,")
    db.session.commit()
    return case


def _translate(browser, case, language, **texts):
    page = browser.get(f"/admin/content/cases/{case.id}/translations/{language}")
    assert page.status_code == 200
    return browser.post(f"/admin/content/cases/{case.id}/translations/{language}", data=texts)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text.replace("\n", " ")) if s.strip()]


def test_a_translated_case_reads_in_french_with_no_english_sentence_of_its_story(
    case, people, browser_for, client
):
    organiser = browser_for(people["organiser"])
    response = _translate(
        organiser,
        case,
        "fr",
        case__headline="Emprisonnée pour un poème",
        case__story=STORY_FR,
        case__ask="Libérez Leyla maintenant.",
        **{f"petition_{case.petitions[0].id}__title": "Libérez Leyla"},
    )
    assert response.status_code == 303
    page = client.get("/cases/leyla", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Emprisonnée pour un poème" in page
    assert "Le tribunal l’a condamnée à six ans de prison pour ce poème." in page
    assert "Libérez Leyla" in page
    for sentence in _sentences(STORY_EN) + ["Jailed for a poem", "Release Leyla now."]:
        assert sentence not in page
    assert "pas encore disponible" not in page  # the story is translated: no note


def test_an_untranslated_story_shows_the_original_with_its_language_and_a_note(case, client):
    page = client.get("/cases/leyla", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    story = re.search(r'<div lang="en" dir="ltr">(.*?)</div>', page, re.S)
    assert story is not None and "Leyla wrote a poem about her sister." in story.group(1)
    assert "Cette histoire n’est pas encore disponible en français." in page
    assert re.search(r'<p class="lead" lang="en" dir="ltr">Jailed for a poem</p>', page)
    # In the original's own language nothing is marked.
    english = client.get("/cases/leyla").get_data(as_text=True)
    assert 'lang="en" dir="ltr">Jailed' not in english
    assert "not yet available" not in english


def test_arabic_reads_right_to_left_and_the_name_in_its_own_script(case, people, browser_for):
    organiser = browser_for(people["organiser"])
    assert (
        _translate(organiser, case, "ar", case__name="ليلى أحمدي", case__story=STORY_AR)
    ).status_code == 303
    reader = browser_for(people["teacher"])
    page = reader.get("/cases/leyla?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert "ليلى أحمدي" in page
    assert "حكمت عليها المحكمة" in page
    # Not translated: the headline, in English, marked left to right inside the RTL page.
    assert '<p class="lead" lang="en" dir="ltr">Jailed for a poem</p>' in page


def test_editing_the_original_marks_its_translations_out_of_date(case, people, browser_for, db):
    organiser = browser_for(people["organiser"])
    _translate(organiser, case, "fr", case__headline="Emprisonnée pour un poème")
    overview = organiser.get(f"/admin/content/cases/{case.id}/translations").get_data(as_text=True)
    assert "Out of date" not in overview
    assert "Partly translated" in overview

    case.headline = "Jailed for a poem, now on hunger strike"
    db.session.commit()
    overview = organiser.get(f"/admin/content/cases/{case.id}/translations").get_data(as_text=True)
    assert re.search(r"Français \(fr\).*?Out of date", overview, re.S)
    form = organiser.get(f"/admin/content/cases/{case.id}/translations/fr").get_data(as_text=True)
    assert form.count("the original changed after this was translated") == 1
    assert "Jailed for a poem, now on hunger strike" in form  # the original, beside it
    # Readers still get the translation meanwhile.
    reader = browser_for(people["teacher"])
    assert "Emprisonnée pour un poème" in reader.get("/cases/leyla?lang=fr").get_data(as_text=True)

    # Saved again (checked against the new original): up to date.
    _translate(organiser, case, "fr", case__headline="Emprisonnée, en grève de la faim")
    overview = organiser.get(f"/admin/content/cases/{case.id}/translations").get_data(as_text=True)
    assert "Out of date" not in overview
    actions = [e.action for e in db.session.scalars(db.select(AuditEvent))]
    assert actions.count("translation.saved") == 2


def test_an_emptied_field_goes_back_to_the_original(case, people, browser_for, db):
    organiser = browser_for(people["organiser"])
    _translate(organiser, case, "es", case__headline="Encarcelada por un poema")
    _translate(organiser, case, "es", case__headline="")
    assert db.session.scalars(db.select(CaseTranslation)).all() == []


def test_the_translation_form_refuses_bad_input_with_a_message(case, people, browser_for, db):
    organiser = browser_for(people["organiser"])
    response = _translate(organiser, case, "fr", case__headline="x" * 201)
    assert response.status_code == 422
    assert "Please shorten this to 200 characters or fewer." in response.get_data(as_text=True)
    assert db.session.scalars(db.select(CaseTranslation)).all() == []
    # The original's language, and what is no language code, are no page.
    assert organiser.get(f"/admin/content/cases/{case.id}/translations/en").status_code == 404
    assert organiser.get(f"/admin/content/cases/{case.id}/translations/x1").status_code == 404
    refused = organiser.post(
        f"/admin/content/cases/{case.id}/translations", data={"language": "en"}
    )
    assert refused.status_code == 422
    assert "That is the language of the original" in refused.get_data(as_text=True)
    opened = organiser.post(f"/admin/content/cases/{case.id}/translations", data={"language": "ru"})
    assert opened.location.endswith(f"/admin/content/cases/{case.id}/translations/ru")


@pytest.mark.parametrize("role", [None, "teacher"])
def test_only_organisers_translate(case, people, browser_for, app, role, db):
    browser = browser_for(people[role]) if role else app.test_client()
    url = f"/admin/content/cases/{case.id}/translations/fr"
    assert browser.get(url).status_code in (302, 303, 403, 404)
    response = browser.post(url, data={"case__headline": "Piraté"})
    assert response.status_code in (302, 303, 400, 403, 404)
    assert db.session.scalars(db.select(CaseTranslation)).all() == []


def test_issue_area_in_the_readers_language(case, people, browser_for, client):
    organiser = browser_for(people["organiser"])
    area = case.issue_area
    url = f"/admin/content/issue-areas/{area.id}/translations/es"
    assert organiser.get(url).status_code == 200
    response = organiser.post(
        url,
        data={
            "area__name": "Libertad de expresión",
            "area__summary": "Las palabras no son delitos.",
            "area__facts": "Un dato con una cifra: 42.",
        },
    )
    assert response.status_code == 303
    page = client.get(f"/issues/{area.slug}", headers={"Accept-Language": "es"})
    text = page.get_data(as_text=True)
    assert "Libertad de expresión" in text and "Un dato con una cifra: 42." in text
    assert "Freedom of expression" not in text
    case_page = client.get("/cases/leyla?lang=es").get_data(as_text=True)
    assert ">Libertad de expresión</a>" in case_page  # the breadcrumb too


def test_letters_use_the_name_and_title_in_the_letters_language(case, people, browser_for, db):
    from webapp.letters import services

    LetterTemplateFactory(
        case=case,
        kind=LetterKind.APPEAL,
        language="ru",
        salutation="",
        body="Я пишу Вам по поводу приговора {{ person }}.\n\nПрошу освободить её.",
    )
    LetterTemplateFactory(case=case, kind=LetterKind.APPEAL, language="en", salutation="")
    db.session.commit()
    organiser = browser_for(people["organiser"])
    target = case.targets[0]
    response = _translate(
        organiser,
        case,
        "ru",
        case__name="Лейлы Ахмади",
        **{
            f"target_{target.id}__title": "Глава судебной власти",
            f"target_{target.id}__salutation": "Уважаемый господин,",
        },
    )
    assert response.status_code == 303
    start = services.composer(case, LetterKind.APPEAL, "ru")
    assert start.body.startswith("Я пишу Вам по поводу приговора Лейлы Ахмади.")
    assert "Leyla" not in start.body and "Ahmadi" not in start.body
    [recipient] = services.recipients(case, start)
    assert "Глава судебной власти" in recipient.lines
    assert recipient.salutation == "Уважаемый господин,"
    # In English, the original forms.
    english = services.composer(case, LetterKind.APPEAL, "en")
    assert "release Leyla Ahmadi now" in english.body
    [recipient] = services.recipients(case, english)
    assert "Head of the Judiciary" in recipient.lines and recipient.salutation == "Dear Sir,"


def test_the_api_gives_a_case_in_the_language_asked_for_and_its_languages(
    case, people, browser_for, client
):
    organiser = browser_for(people["organiser"])
    _translate(organiser, case, "fr", case__headline="Emprisonnée pour un poème")
    document = client.get("/api/v1/cases/leyla?lang=fr").get_json()
    assert document["headline"] == "Emprisonnée pour un poème"
    assert document["story"] == STORY_EN
    assert document["text_languages"]["headline"] == "fr"
    assert document["text_languages"]["story"] == "en"
    assert document["languages"] == ["en", "fr"]
    assert document["original_language"] == "en"
    by_header = client.get("/api/v1/cases/leyla", headers={"Accept-Language": "fr;q=0.9, de"})
    assert by_header.get_json()["headline"] == "Emprisonnée pour un poème"
    assert client.get("/api/v1/cases/leyla?lang=1").status_code == 400
    assert client.get("/api/v1/cases/nobody").status_code == 404
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/cases/{slug}" in spec["paths"]
    assert any(p["name"] == "lang" for p in spec["paths"]["/cases/{slug}"]["get"]["parameters"])


def test_every_public_page_names_its_language_versions_and_each_is_its_own(case, client):
    page = client.get("/cases/leyla?lang=es").get_data(as_text=True)
    assert '<html lang="es"' in page
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))
    assert alternates["fr"].endswith("/cases/leyla?lang=fr")
    assert alternates["ar"].endswith("/cases/leyla?lang=ar")
    assert alternates["x-default"].endswith("/cases/leyla")
    assert re.search(r'<link rel="canonical" href="[^"]+/cases/leyla\?lang=es">', page)
    # The picker sends the reader back to the same page, in the language just chosen.
    response = client.get("/language?locale=fr&next=/cases/leyla")
    assert response.status_code == 303 and response.location.endswith("/cases/leyla")
    response = client.get(
        "/language", query_string={"locale": "fr", "next": "/cases/leyla?lang=es"}
    )
    assert response.location.endswith("/cases/leyla")
    assert '<html lang="fr"' in client.get(response.location).get_data(as_text=True)


def test_a_persian_letter_holds_the_persian_form_of_the_name(case, people, browser_for, db):
    from webapp.letters import services

    LetterTemplateFactory(
        case=case,
        kind=LetterKind.APPEAL,
        language="fa",
        salutation="",
        body="اینجانب درباره‌ی {{ person }} به شما نامه می‌نویسم.\n\nلطفاً او را آزاد کنید.",
    )
    db.session.commit()
    organiser = browser_for(people["organiser"])
    assert _translate(organiser, case, "fa", case__name="لیلا احمدی").status_code == 303
    start = services.composer(case, LetterKind.APPEAL, "fa")
    assert "لیلا احمدی" in start.body
    assert "Leyla" not in start.body and "Ahmadi" not in start.body


def test_a_translated_title_too_long_for_the_envelope_window_is_refused_on_its_field(
    case, people, browser_for, db
):
    organiser = browser_for(people["organiser"])
    target = case.targets[0]
    key = f"target_{target.id}__title"
    response = _translate(organiser, case, "de", **{key: "Oberster " * 12 + "Richter"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    # The message sits on the title's field, and says which line to shorten and by how much.
    summary = re.search(rf'<a href="#{key}-field"[^>]*>Title: Line 2, (.*?)</a>', page, re.S)
    assert summary is not None
    assert "too wide for the window of a DL envelope" in summary.group(1)
    assert re.search(r"shorten it to about \d+ characters", summary.group(1))
    db.session.expire_all()
    assert not any(t.language == "de" for t in target.translations)
    # A title that fits is saved.
    assert _translate(organiser, case, "de", **{key: "Oberster Richter"}).status_code == 303
