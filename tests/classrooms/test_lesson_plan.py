"""The lesson plan: before, during and after a 45 to 60 minute lesson, with the
platform's steps in order, worded for each age band (issue 16, item 8)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.factories import ClassroomFactory
from webapp.classrooms.lesson_plan import LESSON_MINUTES, PHASES, lesson_minutes
from webapp.models import AgeBand

# The platform's steps, in the order the plan must give them.
PLATFORM_STEPS = [
    "Open a classroom",
    "Print or project the join sheet",
    "Join with the code",
    "Write",
    "Review the letters",
    "Print",
    "Sign",
    "Post",
    "Mark them as posted",
    "Share the good news",
]


def _text(response) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


@pytest.mark.parametrize("band", list(AgeBand))
def test_each_bands_lesson_lasts_45_to_60_minutes(band):
    low, high = LESSON_MINUTES
    assert low <= lesson_minutes(band) <= high
    during = next(phase for phase in PHASES if phase.key == "during")
    assert all(step.minutes.get(band) for step in during.steps)


@pytest.mark.parametrize("band", list(AgeBand))
def test_the_plan_for_each_band_gives_the_steps_in_order_with_timings(client, band):
    response = client.get(f"/classrooms/lesson-plan/{band.value}")
    assert response.status_code == 200
    text = " ".join(_text(response).split())
    headings = [
        " ".join(unescape(re.sub(r"<span.*?</span>", "", h)).split())
        for h in re.findall(r"<h3>(.*?)</h3>", response.get_data(as_text=True), re.S)
    ]
    assert [h for h in headings if h in PLATFORM_STEPS] == PLATFORM_STEPS
    assert text.index("Before the lesson") < text.index("During the lesson")
    assert text.index("During the lesson") < text.index("After the lesson")
    assert f"about {lesson_minutes(band)} minutes" in text
    assert "10 minutes" in text and "5 minutes" in text


def test_each_band_reads_its_own_activities(client):
    pages = {
        band: " ".join(_text(client.get(f"/classrooms/lesson-plan/{band.value}")).split())
        for band in AgeBand
    }
    assert "read their story aloud" in pages[AgeBand.UNDER_11]
    assert "Universal Declaration" not in pages[AgeBand.UNDER_11]
    assert "Students read the story in pairs" in pages[AgeBand.FROM_11]
    assert "torture or the death penalty" in pages[AgeBand.FROM_14]
    assert "torture" not in pages[AgeBand.UNDER_11]
    assert len(set(pages.values())) == 3


def test_the_plan_is_linked_from_the_classroom_and_new_class_pages(db, teacher, teacher_client):
    classroom = ClassroomFactory(teacher=teacher, age_band=AgeBand.FROM_14)
    db.session.commit()
    page = teacher_client.get(f"/classrooms/{classroom.id}").get_data(as_text=True)
    assert 'href="/classrooms/lesson-plan/14-18"' in page
    new = teacher_client.get("/classrooms/new").get_data(as_text=True)
    assert 'href="/classrooms/lesson-plan"' in new
    landing = _text(teacher_client.get("/classrooms/lesson-plan"))
    assert "Before the lesson" in landing and landing.count("minutes") >= 3


def test_anyone_may_read_the_plan_but_not_the_classrooms(client):
    assert client.get("/classrooms/lesson-plan").status_code == 200
    assert client.get("/classrooms/lesson-plan/under-11").status_code == 200
    assert client.get("/classrooms/lesson-plan/adults").status_code == 404
    assert client.get("/classrooms/").status_code == 302  # the rest still wants a teacher


@pytest.mark.parametrize(
    ("locale", "heading", "step"),
    [
        ("es", "Antes de la clase", "Marca las cartas como enviadas"),
        ("fr", "Avant le cours", "Indiquez que les lettres sont postées"),
    ],
)
def test_the_plan_is_translated(client, locale, heading, step):
    client.set_cookie("locale", locale)
    text = " ".join(_text(client.get("/classrooms/lesson-plan/11-13")).split())
    assert heading in text
    assert step in text
