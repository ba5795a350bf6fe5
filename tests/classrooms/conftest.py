"""Fixtures for classrooms: a case to write for, two teachers, and students in browsers."""

from __future__ import annotations

import pytest

from tests.factories import (
    ClassroomFactory,
    LetterTemplateFactory,
    UserFactory,
    leyla_ahmadi_case,
)
from webapp.classrooms.services import format_join_code

# Enough words of their own for the composer to accept it as the student's letter.
OWN_SENTENCE = "My class in Leeds read your story today and we all think of you."


@pytest.fixture
def lesson_case(db):
    """A published case for any age, with an appeal text and a card text."""
    case = leyla_ahmadi_case()
    LetterTemplateFactory(case=case)
    LetterTemplateFactory(case=case, card=True)
    db.session.refresh(case)
    return case


@pytest.fixture
def teacher(db):
    return UserFactory(name="Ms Okafor")


@pytest.fixture
def other_teacher(db):
    return UserFactory(name="Mr Brandt")


@pytest.fixture
def classroom(db, teacher, lesson_case):
    classroom = ClassroomFactory(teacher=teacher, name="Year 8 Citizenship")
    # Into the test's outer transaction: a view's rollback after a refused form must not
    # take the test's own rows with it (it still all rolls back when the test ends).
    db.session.commit()
    return classroom


@pytest.fixture
def teacher_client(app, teacher, login):
    client = app.test_client()
    assert login(client, teacher).status_code == 303
    return client


@pytest.fixture
def join(app):
    """A new browser that joins the class under a name; returns the browser."""

    def joined(classroom, name: str = "Amira"):
        browser = app.test_client()
        response = browser.post(
            "/join", data={"code": format_join_code(classroom.join_code), "display_name": name}
        )
        assert response.status_code == 303, response.get_data(as_text=True)
        return browser

    return joined


@pytest.fixture
def write(lesson_case):
    """A student's browser writes (and by default sends) a letter; returns the response."""

    def written(browser, sentence: str = OWN_SENTENCE, *, kind: str = "appeal", submit=True):
        from webapp.letters.services import composer
        from webapp.models import LetterKind

        start = composer(lesson_case, LetterKind(kind), "en")
        return browser.post(
            f"/class/cases/{lesson_case.slug}/write/{kind}",
            data={
                "language": "en",
                "body": f"{start.body}\n\n{sentence}",
                "action": "submit" if submit else "draft",
            },
        )

    return written
