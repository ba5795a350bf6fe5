"""One self-registered teacher cannot inflate the public counts (issue 21, item 13): a
hand tally above TALLY_REVIEW_ABOVE waits for an organiser's approval, and no single
number may be above TALLY_MAX."""

from __future__ import annotations

import re

import pytest

from tests.factories import UserFactory
from webapp.models import AuditEvent


@pytest.fixture
def organiser_client(app, db, login):
    organiser = UserFactory(organiser=True, name="Olu Organiser")
    db.session.commit()
    client = app.test_client()
    assert login(client, organiser).status_code == 303
    return client


def _case_page(client, case) -> str:
    return " ".join(client.get(f"/cases/{case.slug}").get_data(as_text=True).split())


def _report(teacher_client, classroom, case, number: str):
    return teacher_client.post(
        f"/classrooms/{classroom.id}/tally", data={f"tally_{case.id}_appeal": number}
    )


def _review(organiser_client, decision: str, expected: str = "500"):
    page = organiser_client.get("/admin/moderation/").get_data(as_text=True)
    action = re.search(r'action="(/admin/moderation/tallies/\d+)"', page)
    assert action, "the pending tally is listed"
    return organiser_client.post(action[1], data={"expected": expected, "decision": decision}), page


def test_a_large_tally_waits_for_review_and_counts_once_approved(
    db, client, app, classroom, teacher_client, organiser_client, lesson_case
):
    assert _report(teacher_client, classroom, lesson_case, "40").status_code == 303
    assert "40 written by hand" in _case_page(client, lesson_case)

    response = _report(teacher_client, classroom, lesson_case, "500")
    assert response.status_code == 303
    # Not counted: the last approved number still is.
    assert "500 written by hand" not in _case_page(client, lesson_case)
    assert "40 written by hand" in _case_page(client, lesson_case)
    dashboard = organiser_client.get("/admin/").get_data(as_text=True)
    assert "500" not in dashboard
    # The teacher sees it waits.
    classroom_page = teacher_client.get(f"/classrooms/{classroom.id}").get_data(as_text=True)
    assert "Waiting for review" in classroom_page

    response, moderation_page = _review(organiser_client, "approve")
    assert response.status_code == 303
    assert classroom.name in moderation_page and "500" in moderation_page
    assert "500 written by hand" in _case_page(client, lesson_case)
    event = db.session.scalars(db.select(AuditEvent)).all()[-1]
    assert event.action == "tally.approved" and event.details["reported"] == 500
    assert "No hand tally is waiting" in organiser_client.get("/admin/moderation/").get_data(
        as_text=True
    )


def test_a_refused_tally_never_counts_and_reporting_it_again_changes_nothing(
    db, client, classroom, teacher_client, organiser_client, lesson_case
):
    _report(teacher_client, classroom, lesson_case, "500")
    response, _ = _review(organiser_client, "refuse")
    assert response.status_code == 303
    assert "500 written by hand" not in _case_page(client, lesson_case)
    assert db.session.scalars(db.select(AuditEvent)).all()[-1].action == "tally.refused"
    # The form sends every number again: the same refused one does not queue again.
    _report(teacher_client, classroom, lesson_case, "500")
    assert "No hand tally is waiting" in organiser_client.get("/admin/moderation/").get_data(
        as_text=True
    )
    page = teacher_client.get(f"/classrooms/{classroom.id}").get_data(as_text=True)
    assert "did not approve" in page


def test_an_organiser_approves_only_the_number_they_saw(
    classroom, teacher_client, organiser_client, client, lesson_case
):
    _report(teacher_client, classroom, lesson_case, "500")
    page = organiser_client.get("/admin/moderation/").get_data(as_text=True)
    action = re.search(r'action="(/admin/moderation/tallies/\d+)"', page)[1]
    _report(teacher_client, classroom, lesson_case, "900")
    organiser_client.post(action, data={"expected": "500", "decision": "approve"})
    assert "written by hand" not in _case_page(client, lesson_case)


def test_a_teacher_cannot_review_tallies(classroom, teacher_client, lesson_case):
    _report(teacher_client, classroom, lesson_case, "500")
    assert teacher_client.get("/admin/moderation/").status_code == 403


@pytest.mark.parametrize("number", ["1001", "10000"])
def test_no_single_number_is_above_the_maximum(classroom, teacher_client, lesson_case, number):
    response = _report(teacher_client, classroom, lesson_case, number)
    assert response.status_code == 422
    assert "between 0 and 1,000" in response.get_data(as_text=True)


def test_the_hand_tally_is_a_compact_table_with_labelled_numbers(
    classroom, teacher_client, lesson_case
):
    """One row a case and a column a kind, not a column of full-width boxes (issue 16);
    each box keeps its full label for screen readers."""
    page = teacher_client.get(f"/classrooms/{classroom.id}").get_data(as_text=True)
    table = page[
        page.index('<table class="tally-table">') : page.index(
            "</table>", page.index("tally-table")
        )
    ]
    assert f'<th scope="row">{lesson_case.name}</th>' in table
    field = f"tally_{lesson_case.id}_appeal"
    assert re.search(
        rf'<label class="visually-hidden" for="{field}">Letters for {lesson_case.name}</label>',
        table,
    )
    assert f'id="{field}"' in table
