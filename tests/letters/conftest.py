"""Fixtures for letters: a case with texts in two languages, and a way to count fetches."""

from __future__ import annotations

import pytest

from tests.factories import LetterTemplateFactory, leyla_ahmadi_case

PERSIAN_SALUTATION = "جناب آقای رئیس محترم قوه قضاییه،"
PERSIAN_TEXT = "من برای آزادی لیلا احمدی به شما نامه می‌نویسم.\n\nاو فقط یک شعر نوشته است."


@pytest.fixture
def case(db):
    """A published case taking appeals in English and Persian, and cards without address."""
    case = leyla_ahmadi_case()
    LetterTemplateFactory(case=case)
    LetterTemplateFactory(
        case=case,
        language="fa",
        salutation=PERSIAN_SALUTATION,
        closing="با احترام،",
        body=PERSIAN_TEXT,
        key_points=["آزادی فوری لیلا"],
        tips=["مودب باشید"],
    )
    LetterTemplateFactory(case=case, card=True)
    db.session.refresh(case)
    return case
