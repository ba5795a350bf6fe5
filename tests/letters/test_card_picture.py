"""The card's picture is described for screen readers in the card's language, whoever
renders it: a supporter's request in another language, or the worker with none."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.factories import CaseFactory, LetterFactory
from webapp.letters import services
from webapp.models import LetterKind


def _picture_descriptions(content: bytes) -> list[tuple[str, str]]:
    """(alternate text, its language) of every figure the PDF's tags describe."""
    reader = PdfReader(BytesIO(content))
    found = []
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:  # noqa: BLE001, S112 - a free entry of the cross-reference table
            continue
        if hasattr(obj, "get") and obj.get("/Alt") is not None:
            found.append((str(obj["/Alt"]), str(obj.get("/Lang", ""))))
    return found


@pytest.mark.parametrize(
    ("card_language", "interface", "description", "language"),
    [
        ("fr", "en", "Une bougie allumée, symbole d’espoir pour les personnes emprisonnées", "fr"),
        ("es", "fr", "Una vela encendida, símbolo de esperanza para las personas presas", "es"),
        # A language the interface does not speak: the writer's, said so.
        ("ru", "fr", "Une bougie allumée, symbole d’espoir pour les personnes emprisonnées", "fr"),
    ],
)
def test_a_cards_picture_is_described_in_the_cards_language(
    app, db, card_language, interface, description, language
):
    case = CaseFactory(card_address="Evin Prison\nTehran", card_country="IR")
    card = LetterFactory(case=case, target=None, kind=LetterKind.CARD, language=card_language)
    db.session.commit()
    with app.app_context():  # as the worker renders a class's cards: no request, no locale
        rendered = services.letter_to_render(
            card, page_url="https://w4r.example/l/x", ui_language=interface
        ).render()
    assert _picture_descriptions(rendered.content) == [(description, language)]
