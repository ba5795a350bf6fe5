"""What a student may call themselves: a first name or a nickname, in any script, digits
and all; never an email address or a phone number (issue 16)."""

from __future__ import annotations

import pytest

from webapp.classrooms.services import StudentNameError, student_name_concern


@pytest.mark.parametrize(
    "name",
    [
        "Max2013",
        "Sam1280",
        "Zoë",
        "Jo-Anne",
        "O'Neill",
        "محمد",
        "小明",
        "Аня",
        "Léa 2",
        "Ali ١٢٣٤",  # four Arabic-Indic digits: still a nickname
    ],
)
def test_first_names_and_nicknames_are_welcome(name):
    assert student_name_concern(name) is None


@pytest.mark.parametrize(
    "name",
    [
        "07700 900123",  # United Kingdom
        "+44 7700 900 123",
        "(555) 123-4567",  # United States
        "06 12 34 56 78",  # France
        "+33612345678",
        "0151 23456789",  # Germany
        "98765 43210",  # India
        "٠٥٥٥١٢٣٤٥٦٧",  # Arabic-Indic digits
        "１２３４５６７８",  # full-width digits
        "Sam 0612345678",
    ],
)
def test_phone_numbers_are_refused(name):
    with pytest.raises(StudentNameError, match="phone number"):
        student_name_concern(name)


@pytest.mark.parametrize("name", ["sam@example.org", "sam@school", "sam.jones.com"])
def test_email_addresses_are_refused(name):
    with pytest.raises(StudentNameError, match="email"):
        student_name_concern(name)


def test_a_nickname_with_digits_joins_through_the_page(client, db, classroom):
    """Through the join page: no loop of refusals for "Max2013"."""
    from webapp.classrooms.services import format_join_code

    response = client.post(
        "/join",
        data={"code": format_join_code(classroom.join_code), "display_name": "Max2013"},
    )
    assert response.status_code == 303
    assert client.get("/class/").status_code == 200
    assert "Max2013" in client.get("/class/").get_data(as_text=True)


def test_a_nickname_no_font_prints_is_refused_by_name(client, db, classroom):
    """The name goes on the class's cover sheet: an emoji would print as a box."""
    from webapp.classrooms.services import format_join_code

    response = client.post(
        "/join",
        data={"code": format_join_code(classroom.join_code), "display_name": "Sam 😎"},
    )
    assert response.status_code == 422
    assert "“😎” (Smiling face with sunglasses) cannot be printed" in response.get_data(
        as_text=True
    )
