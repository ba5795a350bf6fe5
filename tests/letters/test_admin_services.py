"""The organiser's rules for letter texts, called directly (webapp.letters.services): one
text per case, kind and language, rendered in the sandbox before it is saved. The pages
that call them are tested in tests/content/test_letter_texts.py."""

from __future__ import annotations

import pytest

from tests.factories import CaseFactory, LetterTemplateFactory
from webapp.letters.services import (
    LetterError,
    LetterTextValues,
    create_letter_text,
    rendered_letter_text,
)
from webapp.models import LetterKind, LetterTemplate


def values(**changes) -> LetterTextValues:
    text = {
        "kind": LetterKind.APPEAL,
        "language": "es",
        "salutation": "",
        "closing": "Atentamente,",
        "body": "Le escribo para pedirle que libere a {{ person }}.",
        "key_points": [],
        "tips": [],
    }
    return LetterTextValues(**{**text, **changes})


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"body": "{{ person.__class__ }}"}, "body"),
        ({"body": "{% for x in y %}"}, "body"),
        ({"language": "xx-@@"}, "language"),
        ({"kind": LetterKind.CARD}, "salutation"),
    ],
)
def test_a_refused_letter_text_names_its_field_and_nothing_is_saved(db, people, changes, field):
    case = CaseFactory()
    with pytest.raises(LetterError) as refused:
        create_letter_text(people["organiser"], case, values(**changes))
    assert refused.value.field == field
    assert db.session.query(LetterTemplate).count() == 0


def test_one_text_per_case_kind_and_language(db, people):
    case = CaseFactory(name="Amina Diallo")
    LetterTemplateFactory(case=case, language="es")
    with pytest.raises(LetterError, match="already has an appeal text") as refused:
        create_letter_text(people["organiser"], case, values())
    assert refused.value.field == "language"
    card = create_letter_text(
        people["organiser"], case, values(kind=LetterKind.CARD, salutation="Querida Amina,")
    )
    assert rendered_letter_text(card) == "Le escribo para pedirle que libere a Amina Diallo."


def test_a_saved_text_that_does_not_render_reads_as_nothing(db):
    template = LetterTemplateFactory(body="{{ person.__class__ }}")
    assert rendered_letter_text(template) is None
