"""The lesson plan, as a teacher finds it from their classroom's page, reads it on a phone
or a desktop, and prints it on A4 or Letter without the site's header (issue 16, item 8)."""

from __future__ import annotations

import subprocess

import pytest

from tests.browser.pages import SCREENSHOTS, log_in
from tests.factories import ClassroomFactory
from webapp.models import AgeBand


@pytest.fixture
def classroom(committed_db):
    """A teacher's open classroom of under 11s: its id and its teacher's email."""
    classroom = ClassroomFactory(age_band=AgeBand.UNDER_11)
    found = (classroom.id, classroom.teacher.email)
    committed_db.session.commit()
    committed_db.session.remove()  # on SQLite, an open transaction would lock the server out
    return found


def test_a_teacher_finds_reads_and_prints_the_plan_for_their_class(
    journeys, classroom, tmp_path, viewport
):
    classroom_id, teacher_email = classroom
    teacher = journeys("lesson-plan")
    page = teacher.page
    page.goto("/account/login")
    log_in(page, teacher_email)
    page.goto(f"/classrooms/{classroom_id}")
    page.get_by_role("link", name="Lesson plan for this class").click()
    page.wait_for_url("**/classrooms/lesson-plan/under-11")
    teacher.check("lesson-plan-under-11")
    assert page.get_by_role("heading", level=1).inner_text() == "Lesson plan (Under 11)"
    assert page.get_by_role("heading", name="During the lesson").is_visible()
    assert page.get_by_text("read their story aloud").is_visible()

    # Another band's plan is one link away, with its own activities.
    page.get_by_role("link", name="14 to 18").click()
    page.wait_for_url("**/classrooms/lesson-plan/14-18")
    teacher.check("lesson-plan-14-18")
    assert page.get_by_text("Universal Declaration of Human Rights").first.is_visible()

    for paper in ("A4", "Letter"):
        printed = tmp_path / f"plan-{paper}.pdf"
        printed.write_bytes(page.pdf(format=paper))
        text = subprocess.run(
            ["pdftotext", "-layout", printed, "-"], check=True, capture_output=True, text=True
        ).stdout
        if viewport["width"] > 400:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            (SCREENSHOTS / f"lesson-plan-14-18-{paper}.pdf").write_bytes(printed.read_bytes())
        assert "Lesson plan (14 to 18)" in text
        assert "Before the lesson" in text and "After the lesson" in text
        assert "Mark them as posted" in text
        # Printed without the site's header, navigation and links to other bands.
        assert "My classrooms" not in text and "Log out" not in text
        assert "The plan for your class" not in text
        info = subprocess.run(
            ["pdfinfo", printed], check=True, capture_output=True, text=True
        ).stdout
        size = {"A4": "595.92 x 842.88", "Letter": "612 x 792"}[paper]
        assert size in info, info


def test_anyone_can_read_the_plan_without_javascript(journeys, committed_db):
    visitor = journeys("lesson-plan-visitor", javascript=False)
    page = visitor.page
    page.goto("/classrooms/lesson-plan")
    visitor.check("lesson-plan")
    page.get_by_role("link", name="11 to 13").click()
    page.wait_for_url("**/classrooms/lesson-plan/11-13")
    visitor.check("lesson-plan-11-13")
    assert page.get_by_text("Students read the story in pairs").is_visible()
