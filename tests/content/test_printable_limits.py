"""The CMS refuses a case text longer than a printed letter takes (issue 21, item 12):
the same bounds webapp.printing.pdf renders, with a message at the field."""

from __future__ import annotations

from tests.content.test_cases import case_form, target_form
from tests.factories import CaseFactory
from webapp.models import Case, Target
from webapp.printing.pdf import MAX_ADDRESS_LINES, MAX_FIELD_CHARS


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


def test_a_card_address_with_too_many_lines_is_refused(db, organiser):
    response = organiser.post(
        "/admin/content/cases/new",
        data=case_form(
            solidarity_safe="y", card_address=_lines(MAX_ADDRESS_LINES + 1), card_country="IR"
        ),
    )
    assert response.status_code == 422
    assert f"at most {MAX_ADDRESS_LINES} lines" in response.get_data(as_text=True)


def test_a_target_address_that_does_not_fit_a_letter_is_refused(db, organiser):
    case = CaseFactory()
    db.session.commit()
    for address, message in [
        (_lines(MAX_ADDRESS_LINES + 1), f"at most {MAX_ADDRESS_LINES} lines"),
        ("Ministry\r\n" + "y" * (MAX_FIELD_CHARS + 1), "500 characters"),
    ]:
        response = organiser.post(
            f"/admin/content/cases/{case.id}/targets/new", data=target_form(address=address)
        )
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert db.session.scalars(db.select(Target).where(Target.case_id == case.id)).all() == []
    response = organiser.post(
        f"/admin/content/cases/{case.id}/targets/new",
        data=target_form(address=_lines(MAX_ADDRESS_LINES)),
    )
    assert response.status_code == 303
