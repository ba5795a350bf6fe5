"""A class reads the letter texts and stories written for its age band; an under-11 class
never gets the appeal written for adults (issue 16, item 5)."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import select

from tests.factories import APPEAL_TEXT, ClassroomFactory, LetterTemplateFactory
from webapp.models import AgeBand, Letter, LetterKind, LetterStatus

ADULT_BODY = "I am writing to ask you to release Leyla Ahmadi now."
ADULT_POINT = "Let their family visit"
BAND_BODIES = {
    AgeBand.UNDER_11: "Please let {{ person }} go home to her family.",
    AgeBand.FROM_11: "Please free {{ person }}: writing a poem is not a crime.",
    AgeBand.FROM_14: "I ask you to release {{ person }}, jailed for a poem she wrote.",
}
SENTENCE = "I am in Year 4 in Leeds and we read about you in class today."


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


@pytest.fixture
def class_of(db, teacher, join):
    """A browser of a student in a new class of the given age band."""

    def joined(band: AgeBand):
        classroom = ClassroomFactory(teacher=teacher, age_band=band)
        db.session.commit()
        return join(classroom)

    return joined


def _band_texts(case, *bands, language="en", kind=LetterKind.APPEAL):
    for band in bands:
        LetterTemplateFactory(
            case=case,
            kind=kind,
            language=language,
            age_band=band,
            body=BAND_BODIES[band],
            key_points=[f"Point for {band.value}"],
            salutation="Dear friend," if kind is LetterKind.CARD else "",
        )


def _composer(student, case, kind="appeal") -> str:
    response = student.get(f"/class/cases/{case.slug}/write/{kind}")
    assert response.status_code == 200
    return _text(response)


@pytest.mark.parametrize("band", list(AgeBand))
def test_each_class_gets_the_text_written_for_its_band(db, lesson_case, class_of, band):
    _band_texts(lesson_case, *AgeBand)
    db.session.commit()
    page = _composer(class_of(band), lesson_case)
    expected = BAND_BODIES[band].replace("{{ person }}", "Leyla Ahmadi")
    assert expected in page
    assert f"Point for {band.value}" in page
    for other in set(AgeBand) - {band}:
        assert BAND_BODIES[other].replace("{{ person }}", "Leyla Ahmadi") not in page
    assert ADULT_BODY not in page and ADULT_POINT not in page


@pytest.mark.parametrize("band", [AgeBand.FROM_11, AgeBand.FROM_14])
def test_older_classes_without_a_text_of_their_own_read_the_text_for_every_age(
    db, lesson_case, class_of, band
):
    _band_texts(lesson_case, AgeBand.UNDER_11)
    db.session.commit()
    page = _composer(class_of(band), lesson_case)
    assert ADULT_BODY in page and ADULT_POINT in page


def test_an_under_11_class_without_its_text_reads_the_11_to_13_text(db, lesson_case, class_of):
    _band_texts(lesson_case, AgeBand.FROM_11)
    db.session.commit()
    page = _composer(class_of(AgeBand.UNDER_11), lesson_case)
    assert "Please free Leyla Ahmadi: writing a poem is not a crime." in page
    assert ADULT_BODY not in page and ADULT_POINT not in page


def test_an_under_11_class_with_only_the_adult_text_starts_from_sentence_starters(
    db, lesson_case, class_of
):
    """The case has only its appeal for every age: the class gets a blank page with
    sentence starters, never the legal text, and can write and send its letter."""
    student = class_of(AgeBand.UNDER_11)
    page = _composer(student, lesson_case)
    assert ADULT_BODY not in page and ADULT_POINT not in page
    assert "There is no letter for your age to start from yet" in page
    assert "I am writing to you about Leyla Ahmadi. I learned that …" in page
    assert "Ask kindly for what you wish for them" in page

    from webapp.letters.services import composer

    start = composer(lesson_case, LetterKind.APPEAL, "en", band=AgeBand.UNDER_11)
    assert start.scaffold
    # Sent as it is, the starters are not the student's letter yet.
    refused = student.post(
        f"/class/cases/{lesson_case.slug}/write/appeal",
        data={"language": "en", "body": start.body, "action": "submit"},
    )
    assert refused.status_code == 422
    sent = student.post(
        f"/class/cases/{lesson_case.slug}/write/appeal",
        data={"language": "en", "body": f"{start.body}\n\n{SENTENCE}", "action": "submit"},
    )
    assert sent.status_code == 303
    letter = db.session.scalars(select(Letter)).one()
    assert letter.status is LetterStatus.SUBMITTED
    assert ADULT_BODY not in letter.body
    assert letter.salutation == "Dear Head of the Judiciary,"  # the target's own


def test_an_under_11_class_never_gets_the_adult_appeal_in_any_language(db, lesson_case, class_of):
    """Even when asked for by language, or for a language that has only the adult text."""
    LetterTemplateFactory(case=lesson_case, language="fa", body="متن بزرگسالان {{ person }}")
    _band_texts(lesson_case, AgeBand.UNDER_11)
    db.session.commit()
    student = class_of(AgeBand.UNDER_11)
    for language in ("en", "fa", "es", ""):
        response = student.get(
            f"/class/cases/{lesson_case.slug}/write/appeal", query_string={"language": language}
        )
        page = _text(response)
        assert ADULT_BODY not in page and "متن بزرگسالان" not in page, language
        assert ADULT_POINT not in page


def test_a_class_cards_fall_back_to_the_card_for_every_age(db, lesson_case, class_of):
    """A card speaks to the person in plain words: every class may read it."""
    page = _composer(class_of(AgeBand.UNDER_11), lesson_case, "card")
    assert "We are thinking of you every day." in page


def test_supporters_keep_the_text_for_every_age(db, client, lesson_case):
    _band_texts(lesson_case, *AgeBand)
    db.session.commit()
    page = _text(client.get(f"/cases/{lesson_case.slug}/write/appeal"))
    assert ADULT_BODY in page
    for body in BAND_BODIES.values():
        assert body.replace("{{ person }}", "Leyla Ahmadi") not in page


def test_a_case_with_only_texts_for_classes_offers_supporters_no_letter(db, client, lesson_case):
    from webapp.letters.services import offered_kinds
    from webapp.models import LetterTemplate

    db.session.execute(LetterTemplate.__table__.delete().where(LetterTemplate.age_band.is_(None)))
    _band_texts(lesson_case, AgeBand.FROM_11)
    db.session.commit()
    db.session.expire_all()
    assert offered_kinds(lesson_case) == []
    assert offered_kinds(lesson_case, AgeBand.FROM_11) == [LetterKind.APPEAL]
    assert client.get(f"/cases/{lesson_case.slug}/write/appeal").status_code == 404


def test_a_band_text_left_unchanged_is_not_the_students_letter(db, lesson_case, class_of):
    _band_texts(lesson_case, AgeBand.FROM_11)
    db.session.commit()
    student = class_of(AgeBand.FROM_11)
    body = BAND_BODIES[AgeBand.FROM_11].replace("{{ person }}", "Leyla Ahmadi")
    url = f"/class/cases/{lesson_case.slug}/write/appeal"
    assert student.post(url, data={"body": body, "action": "submit"}).status_code == 422
    # The adult text plus a sentence is not a letter from the band's text either: the
    # class writes from its own text, and the check is against it.
    sent = student.post(url, data={"body": f"{body}\n\n{SENTENCE}", "action": "submit"})
    assert sent.status_code == 303
    assert db.session.scalars(select(Letter)).one().status is LetterStatus.SUBMITTED
    assert APPEAL_TEXT  # the factory's adult text, for the reader of this test


# Stories ------------------------------------------------------------------------------


@pytest.mark.parametrize("band", list(AgeBand))
def test_each_class_reads_the_story_written_for_its_band(db, lesson_case, class_of, band):
    lesson_case.story_under_11 = "Leyla loves *poems*."
    lesson_case.story_11_13 = "Leyla wrote a poem and was put in prison for it."
    lesson_case.story_14_18 = "Leyla, 23, was sentenced to six years for a poem."
    db.session.commit()
    page = _text(class_of(band).get(f"/class/cases/{lesson_case.slug}"))
    expected = {
        AgeBand.UNDER_11: "Leyla loves <em>poems</em>.",
        AgeBand.FROM_11: "Leyla wrote a poem and was put in prison for it.",
        AgeBand.FROM_14: "Leyla, 23, was sentenced to six years for a poem.",
    }
    assert expected[band] in page
    assert sum(story in page for story in expected.values()) == 1
    assert "First paragraph." not in page  # the case's story, for adults


@pytest.mark.parametrize("band", [AgeBand.UNDER_11, AgeBand.FROM_11])
def test_younger_classes_without_their_story_see_the_headline_and_the_ask(
    db, lesson_case, class_of, band
):
    page = _text(class_of(band).get(f"/class/cases/{lesson_case.slug}"))
    assert "First paragraph." not in page and "Second paragraph." not in page
    assert lesson_case.headline in page
    assert "What we are asking for" in page
    assert lesson_case.ask in page


def test_a_class_of_14_to_18_without_its_story_reads_the_case_story(db, lesson_case, class_of):
    page = _text(class_of(AgeBand.FROM_14).get(f"/class/cases/{lesson_case.slug}"))
    assert "First paragraph." in page and "Second paragraph." in page


def test_a_students_story_is_sanitised_markdown(db, lesson_case, class_of):
    lesson_case.story_under_11 = "Hello <script>alert(1)</script> [a](javascript:alert(1)) **hi**"
    db.session.commit()
    page = class_of(AgeBand.UNDER_11).get(f"/class/cases/{lesson_case.slug}")
    html = page.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert 'href="javascript' not in html
    assert "<strong>hi</strong>" in html


def test_the_sentence_starters_come_in_the_letters_language(db, lesson_case, class_of):
    """A Spanish appeal for adults only: an under-11 class writing in Spanish starts from
    Spanish sentence starters, and its letter is in Spanish."""
    LetterTemplateFactory(
        case=lesson_case, language="es", body="Le pido que anule la condena de {{ person }}."
    )
    db.session.commit()
    student = class_of(AgeBand.UNDER_11)
    url = f"/class/cases/{lesson_case.slug}/write/appeal"
    page = _text(student.get(url, query_string={"language": "es"}))
    assert "anule la condena" not in page
    assert "Le escribo por Leyla Ahmadi. He sabido que …" in page
    from webapp.letters.services import composer

    with student.application.test_request_context():  # starters in the letter's language
        start = composer(lesson_case, LetterKind.APPEAL, "es", band=AgeBand.UNDER_11)
    assert start.scaffold and start.body.startswith("Me llamo")
    sent = student.post(
        url,
        data={
            "language": "es",
            "body": f"{start.body}\n\nVivo en Leeds y pienso en ti.",
            "action": "submit",
        },
    )
    assert sent.status_code == 303
    assert db.session.scalars(select(Letter)).one().language == "es"
