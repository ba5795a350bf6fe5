"""Organisers write the letter texts a case offers, per kind and language; a text that
does not render in the sandbox is refused with a clear message."""

from __future__ import annotations

import pytest

from tests.factories import CaseFactory, LetterTemplateFactory
from webapp.models import AuditEvent, LetterKind, LetterTemplate


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
