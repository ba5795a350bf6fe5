"""Organisers write the letter texts a case offers, per kind and language; a text that
does not render in the sandbox is refused with a clear message."""

from __future__ import annotations

import pytest

from tests.factories import CaseFactory, LetterTemplateFactory
from webapp.models import AgeBand, AuditEvent, LetterKind, LetterTemplate


def text_form(**overrides) -> dict:
    form = {
        "kind": "appeal",
        "language": "es",
        "salutation": "",
        "closing": "Atentamente,",
        "body": "Le escribo para pedirle que libere a {{ person }}.",
        "key_points": "Liberación inmediata\r\n\r\nAcceso a su familia",
        "tips": "Sea cortés",
    }
    form.update(overrides)
    return form


@pytest.fixture
def case(db):
    case = CaseFactory(name="Amina Diallo", takes_cards=True)
    db.session.commit()
    return case


def test_a_letter_text_is_written_and_edited(db, organiser, client, case, audit_actions):
    response = organiser.post(f"/admin/content/cases/{case.id}/letters/new", data=text_form())
    assert response.status_code == 303
    template = db.session.scalars(db.select(LetterTemplate)).one()
    assert (template.kind, template.language) == (LetterKind.APPEAL, "es")
    assert template.key_points == ["Liberación inmediata", "Acceso a su familia"]
    assert template.tips == ["Sea cortés"]
    page = organiser.get(response.location).get_data(as_text=True)
    assert "Le escribo para pedirle que libere a Amina Diallo." in page

    form = text_form(body="Libere a {{ person }} ya.\r\n\r\nGracias.")
    assert organiser.post(response.location, data=form).status_code == 303
    db.session.expire_all()
    assert (
        db.session.get(LetterTemplate, template.id).body == "Libere a {{ person }} ya.\n\nGracias."
    )
    assert audit_actions() == ["letter_text.created", "letter_text.updated"]
    # Supporters can now write appeals in Spanish.
    assert "Write a letter" in client.get(f"/cases/{case.slug}").get_data(as_text=True)


def test_a_card_text_needs_its_greeting(db, organiser, case):
    response = organiser.post(
        f"/admin/content/cases/{case.id}/letters/new", data=text_form(kind="card")
    )
    assert response.status_code == 422
    assert "A card needs its greeting" in response.get_data(as_text=True)
    form = text_form(kind="card", salutation="Querida Amina,")
    assert (
        organiser.post(f"/admin/content/cases/{case.id}/letters/new", data=form).status_code == 303
    )


@pytest.mark.parametrize(
    "body",
    [
        "Hello {{ person ",
        "{% for x in y %}never closed",
        "{{ person.__class__.__mro__ }}",
        "{{ ''.__class__.__subclasses__() }}",
        "{{ 1 / 0 }}",
        "{{ range(10**9)|list }}",
        "{% include 'document.html' %}",
    ],
)
def test_a_text_that_does_not_render_in_the_sandbox_is_refused(
    db, organiser, case, audit_actions, body
):
    response = organiser.post(
        f"/admin/content/cases/{case.id}/letters/new", data=text_form(body=body)
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This text does not work as a letter:" in page
    assert "The only placeholder is {{ person }}" in page
    assert db.session.query(LetterTemplate).count() == 0
    assert audit_actions() == []


def test_one_text_per_case_kind_and_language(db, organiser, case):
    LetterTemplateFactory(case=case, language="es")
    other = LetterTemplateFactory(case=case, language="fr")
    db.session.commit()
    response = organiser.post(f"/admin/content/cases/{case.id}/letters/new", data=text_form())
    assert response.status_code == 422
    assert "This case already has an appeal text in “es”" in response.get_data(as_text=True)
    moved = organiser.post(f"/admin/content/letters/{other.id}/edit", data=text_form())
    assert moved.status_code == 422
    assert db.session.query(AuditEvent).count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"language": "Spanish"}, "Please give a language code such as en, es, fa or pt-BR."),
        ({"language": "zz"}, "We do not know the language code “zz”."),
        ({"kind": "email"}, "Please choose a kind of letter from the list."),
        ({"closing": ""}, "Please give the closing"),
        ({"body": ""}, "Please write the suggested text."),
        ({"body": "x" * 5001}, "Please shorten this to 5,000 characters or fewer."),
    ],
)
def test_invalid_letter_texts_are_refused(db, organiser, case, overrides, message):
    response = organiser.post(
        f"/admin/content/cases/{case.id}/letters/new", data=text_form(**overrides)
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.query(LetterTemplate).count() == 0


# Texts per age band (issue 16, item 5) -----------------------------------------------


def test_an_organiser_writes_a_text_for_one_age_band_beside_the_text_for_every_age(
    db, organiser, case, audit_actions
):
    url = f"/admin/content/cases/{case.id}/letters/new"
    assert organiser.post(url, data=text_form()).status_code == 303
    young = text_form(age_band="under-11", body="Por favor, deje que {{ person }} vuelva a casa.")
    response = organiser.post(url, data=young)
    assert response.status_code == 303

    texts = db.session.scalars(db.select(LetterTemplate).order_by(LetterTemplate.id)).all()
    assert [(t.language, t.age_band) for t in texts] == [("es", None), ("es", AgeBand.UNDER_11)]
    page = organiser.get(response.location).get_data(as_text=True)
    assert "(Under 11)" in page  # the heading names the band
    assert '<option selected value="under-11">' in page or 'value="under-11" selected' in page
    # The case's list tells the texts apart by their band.
    listing = organiser.get(f"/admin/content/cases/{case.id}/edit").get_data(as_text=True)
    assert "Appeal · es · every age" in listing
    assert "Appeal · es · Under 11" in listing
    assert audit_actions() == ["letter_text.created", "letter_text.created"]


def test_a_second_text_for_the_same_band_is_refused_on_the_band_field(db, organiser, case):
    url = f"/admin/content/cases/{case.id}/letters/new"
    assert organiser.post(url, data=text_form(age_band="11-13")).status_code == 303
    response = organiser.post(url, data=text_form(age_band="11-13"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "already has a text of this kind in “es” for this age" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(LetterTemplate)) == 1
    # Another band, or the same band in another language, is a text of its own.
    assert organiser.post(url, data=text_form(age_band="14-18")).status_code == 303
    assert organiser.post(url, data=text_form(age_band="11-13", language="fr")).status_code == 303


def test_an_unknown_band_is_refused(db, organiser, case):
    response = organiser.post(
        f"/admin/content/cases/{case.id}/letters/new", data=text_form(age_band="adults")
    )
    assert response.status_code == 422
    assert "Please choose who the text is for from the list." in response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["anonymous", "teacher", "student"])
def test_only_organisers_reach_the_letter_texts(db, app, people, browser_for, case, who):
    """A teacher, a student or a passer-by can neither open nor post a letter text."""
    from tests.factories import ClassroomFactory

    if who == "teacher":
        browser = browser_for(people["teacher"])
    else:
        browser = app.test_client()
    if who == "student":
        classroom = ClassroomFactory(teacher=people["teacher"])
        db.session.commit()
        joined = browser.post("/join", data={"code": classroom.join_code, "display_name": "Sam"})
        assert joined.status_code == 303
    template = LetterTemplateFactory(case=case, age_band=AgeBand.UNDER_11)
    db.session.commit()
    for url in (
        f"/admin/content/cases/{case.id}/letters/new",
        f"/admin/content/letters/{template.id}/edit",
        f"/admin/content/cases/{case.id}/edit",
    ):
        assert browser.get(url).status_code in (302, 403), url
        posted = browser.post(url, data=text_form(age_band="under-11", body="Changed."))
        assert posted.status_code in (302, 400, 403), url
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(LetterTemplate)) == 1
    assert db.session.get(LetterTemplate, template.id).body != "Changed."


def test_an_organiser_writes_the_stories_for_students_beside_the_case_story(
    db, organiser, case, audit_actions
):
    from webapp.content.forms import CaseForm
    from webapp.models import Case

    form = {k: v for k, v in CaseForm.data_of(case).items() if v not in (False, None)}
    form.update(
        story_under_11="Amina loves **music**.",
        story_11_13="Amina is a singer who was put in prison for a song.",
        story_14_18="",
    )
    page = organiser.get(f"/admin/content/cases/{case.id}/edit").get_data(as_text=True)
    assert "Story for classes under 11" in page
    response = organiser.post(f"/admin/content/cases/{case.id}/edit", data=form)
    assert response.status_code == 303, response.get_data(as_text=True)
    db.session.expire_all()
    saved = db.session.get(Case, case.id)
    assert saved.story_under_11 == "Amina loves **music**."
    assert saved.story_11_13.startswith("Amina is a singer")
    assert saved.story_14_18 == ""
    assert audit_actions() == ["case.updated"]


@pytest.mark.parametrize("band", [None, AgeBand.FROM_11])
def test_the_database_keeps_one_text_per_case_kind_language_and_band(db, case, band):
    """Behind the service's check: NULL bands are distinct in a unique constraint, so the
    texts for every age have a partial unique index of their own (0012_age_bands)."""
    from sqlalchemy.exc import IntegrityError

    LetterTemplateFactory(case=case, language="es", age_band=band)
    LetterTemplateFactory(case=case, language="es", age_band=AgeBand.UNDER_11)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        LetterTemplateFactory(case=case, language="es", age_band=band)
