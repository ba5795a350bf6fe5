"""The CMS refuses a case text longer than a printed letter takes (issue 21, item 12), and
an address that would not show whole through an envelope's window (issue 17): the same
rules webapp.printing renders by, with a message at the field naming the line to change."""

from __future__ import annotations

import pytest

from tests.content.test_cases import case_form, target_form
from tests.factories import CaseFactory
from webapp.models import Case, Target
from webapp.printing import envelopes
from webapp.printing.pdf import MAX_FIELD_CHARS


def _lines(count: int) -> str:
    return "\r\n".join(f"Line {n}" for n in range(1, count + 1))


def test_safety_notes_longer_than_a_card_takes_are_refused(db, organiser):
    response = organiser.post(
        "/admin/content/cases/new", data=case_form(safety_notes="x" * (MAX_FIELD_CHARS + 1))
    )
    assert response.status_code == 422
    assert "500 characters" in response.get_data(as_text=True)
    assert db.session.scalars(db.select(Case)).first() is None
    ok = organiser.post(
        "/admin/content/cases/new", data=case_form(safety_notes="x" * MAX_FIELD_CHARS)
    )
    assert ok.status_code == 303


def test_the_envelopes_hold_what_the_issue_says():
    """DL windows show 6 lines, #10 windows 5: every address fits the smaller."""
    assert envelopes.A4_DL.max_lines == 6
    assert envelopes.LETTER_NO10.max_lines == 5


def test_a_card_address_with_too_many_lines_is_refused(db, organiser):
    # The person's name, four lines and the country line: six, one too many for a #10.
    response = organiser.post(
        "/admin/content/cases/new",
        data=case_form(solidarity_safe="y", card_address=_lines(4), card_country="IR"),
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This address has 6 lines" in page and "#10 envelope shows 5" in page
    assert "“IRAN” would not show" in page


# With the name, the title and the country line: seven lines.
SEVEN_LINES = "\r\n".join(
    [
        "Fiscalía General de la República",
        "Calle Río Nazas 147, Colonia Cuauhtémoc",
        "Alcaldía Cuauhtémoc",
        "06500 Ciudad de México, CDMX",
    ]
)


@pytest.mark.parametrize(
    ("address", "message"),
    [
        (
            SEVEN_LINES,
            "This address has 7 lines, counting the name and the country line; the window "
            "of a #10 envelope shows 5. Please join or remove 2 lines above the country line, "
            "which is added for you: from “06500 Ciudad "
            "de México, CDMX” on, they would not show.",
        ),
        (
            "Calle Río Nazas 147, Colonia Cuauhtémoc, Alcaldía Cuauhtémoc",
            "Line 3, “Calle Río Nazas 147, Colonia Cuauhtémoc, Alcaldía Cuauhtémoc”, is too "
            "wide for the window of a DL envelope",
        ),
        ("Ministry\r\n" + "y" * (MAX_FIELD_CHARS + 1), "is too wide for the window"),
    ],
)
def test_a_target_address_that_does_not_fit_a_window_is_refused(db, organiser, address, message):
    case = CaseFactory()
    db.session.commit()
    response = organiser.post(
        f"/admin/content/cases/{case.id}/targets/new",
        data=target_form(address=address, country="MX"),
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True).replace("&#34;", '"')
    assert db.session.scalars(db.select(Target).where(Target.case_id == case.id)).all() == []


def test_a_target_address_that_fits_both_windows_is_saved(db, organiser):
    case = CaseFactory()
    db.session.commit()
    response = organiser.post(
        f"/admin/content/cases/{case.id}/targets/new",
        data=target_form(
            address="Calle Río Nazas 147, Col. Cuauhtémoc\r\n06500 Ciudad de México, CDMX",
            country="MX",
        ),
    )
    assert response.status_code == 303


def test_the_forms_say_how_many_lines_an_address_may_have(db, organiser):
    case = CaseFactory()
    db.session.commit()
    target = organiser.get(f"/admin/content/cases/{case.id}/targets/new").get_data(as_text=True)
    assert "without the country: at most 2 lines" in target
    card = organiser.get(f"/admin/content/cases/{case.id}/edit").get_data(as_text=True)
    assert "without the country: at most 3 lines" in card
