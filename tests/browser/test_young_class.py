"""An under-11 class in real browsers: the story told for its age, and a letter begun from
sentence starters when the case has only the appeal for adults (issue 16, item 5)."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.pages import wait_out_fill_time
from tests.factories import ClassroomFactory
from webapp.classrooms.services import format_join_code
from webapp.models import AgeBand, Case


@pytest.fixture
def young_class(site, committed_db):
    """The site's case with a story for under 11s, and a class of under 11s: its code."""
    case = committed_db.session.scalars(committed_db.select(Case)).one()
    case.story_under_11 = "Leyla loves **poems**. She wrote one about walking without fear."
    classroom = ClassroomFactory(age_band=AgeBand.UNDER_11)
    code = format_join_code(classroom.join_code)
    committed_db.session.commit()
    committed_db.session.remove()  # on SQLite, an open transaction would lock the server out
    return code


def test_a_young_student_reads_their_story_and_writes_from_sentence_starters(
    journeys, site, young_class
):
    student = journeys("young-student")
    desk = student.page
    desk.goto("/join")
    shown = time.monotonic()
    desk.get_by_label("Class code", exact=True).fill(young_class)
    desk.get_by_label("Your first name or a nickname", exact=True).fill("Mia")
    wait_out_fill_time(shown)
    desk.get_by_role("button", name="Join").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Hello, Mia")

    desk.get_by_role("link", name=f"Read about {site.case_name}").click()
    expect(desk.get_by_text("Leyla loves poems.")).to_be_visible()
    student.check("young-case")

    desk.goto(f"/class/cases/{site.case_slug}/write/appeal")
    student.check("young-compose")
    letter = desk.get_by_label("Your letter", exact=True)
    expect(letter).to_have_value(re.compile("^My name is … and I am … years old."))
    expect(letter).not_to_have_value(re.compile(re.escape(site.letter_start)))
    letter.fill(
        "My name is Mia and I am 8 years old. I live in Leeds.\n\n"
        "I am writing to you about Leyla Ahmadi. I learned that she wrote a poem.\n\n"
        "Please let Leyla go home to her family."
    )
    desk.get_by_role("button", name="Send to my teacher").click()
    expect(desk.get_by_role("heading", name="Sent to your teacher")).to_be_visible()
    student.check("young-sent")
