"""After sending, a student is told so and shown where to go next, not left on the same
editable form (issue 16)."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import select

from tests.classrooms.conftest import OWN_SENTENCE
from webapp.models import Letter, LetterStatus


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


def _only_letter(db) -> Letter:
    return db.session.scalars(select(Letter)).one()


def test_a_sent_letter_reads_as_sent_with_the_ways_on(db, classroom, join, write):
    student = join(classroom)
    sent = write(student)
    assert sent.status_code == 303
    page = student.get(sent.headers["Location"])
    text = _text(page)

    assert "Sent to your teacher" in text
    assert OWN_SENTENCE in text  # the letter as sent, to read
    assert 'href="/class/"' in text  # Back to my class
    assert "Back to my class" in text and "Write another" in text
    assert "Send to my teacher" not in text  # no longer a form to send again
    assert "<textarea" not in text


def test_a_sent_letter_can_still_change_until_the_teacher_reads_it(db, classroom, join, write):
    student = join(classroom)
    write(student)
    letter = _only_letter(db)
    page = _text(student.get(f"/class/letters/{letter.id}?change=1"))
    assert "<textarea" in page and "Send to my teacher" in page

    response = student.post(
        f"/class/letters/{letter.id}?change=1",
        data={"body": f"{letter.body}\n\nOne more thought.", "action": "submit"},
    )
    assert response.status_code == 303
    db.session.refresh(letter)
    assert letter.body.endswith("One more thought.")
    assert letter.status is LetterStatus.SUBMITTED


def test_a_returned_letter_is_a_form_again_with_the_teachers_comment(
    db, classroom, join, write, teacher_client
):
    student = join(classroom)
    write(student)
    letter = _only_letter(db)
    teacher_client.post(
        f"/classrooms/{classroom.id}/letters/{letter.id}/return",
        data={"comment": "Please say who you are writing to."},
    )
    page = _text(student.get(f"/class/letters/{letter.id}"))
    assert "Your teacher says: <bdi>Please say who you are writing to.</bdi>" in page
    assert "<textarea" in page and "Send to my teacher" in page
    assert "Sent to your teacher" not in page


@pytest.fixture
def shared_pages(app, monkeypatch):
    """Case pages shared between anonymous visitors, as in production."""
    from webapp.web import pagecache

    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 60)
    pagecache.clear()
    yield
    pagecache.clear()


def test_a_student_who_wanders_off_finds_my_class_on_every_page(
    app, db, classroom, join, lesson_case, shared_pages
):
    student = join(classroom)
    anonymous = app.test_client()
    for path in ("/", f"/cases/{lesson_case.slug}", "/privacy"):
        assert anonymous.get(path).status_code == 200  # a page kept for everyone first
        page = _text(student.get(path))
        assert '<a href="/class/">My class</a>' in page, path
        # ...and the page kept for everyone never shows a student's link.
        assert "My class" not in _text(anonymous.get(path)), path


def _join_again(browser, classroom, name: str):
    from webapp.classrooms.services import format_join_code

    return browser.post(
        "/join", data={"code": format_join_code(classroom.join_code), "display_name": name}
    )


def test_joining_again_on_the_same_device_gives_the_student_back_their_drafts(
    db, classroom, join, write
):
    from webapp.models import Student

    student = join(classroom, "Amira")
    write(student, "I am still thinking about", submit=False)
    draft = _only_letter(db)

    # The student follows the footer's join link and types the same code and name
    # (in other capitals): the same student, with the same draft.
    assert _join_again(student, classroom, "amira").status_code == 303
    assert db.session.scalars(select(Student)).all() == [draft.student]
    home = _text(student.get("/class/"))
    assert "A draft: not sent to your teacher yet" in home
    assert f"/class/letters/{draft.id}" in home


def test_another_name_on_the_same_device_is_another_student(db, classroom, join):
    from webapp.models import Student

    browser = join(classroom, "Amira")
    assert _join_again(browser, classroom, "Sam").status_code == 303
    names = sorted(s.display_name for s in db.session.scalars(select(Student)))
    assert names == ["Amira", "Sam"]


def test_sentence_starters_come_before_the_send_button(classroom, join, lesson_case):
    """On a phone the page is one column: the starters must come before Send, not after
    the whole form (issue 16)."""
    student = join(classroom)
    page = _text(student.get(f"/class/cases/{lesson_case.slug}/write/appeal"))
    assert page.index("Sentence starters") < page.index("Send to my teacher")
    assert page.index('name="body"') < page.index("Sentence starters")


def test_students_see_each_persons_photo_and_can_read_their_story(db, classroom, join, lesson_case):
    # The story told for the class's age (11 to 13), not the case's story for adults.
    lesson_case.story_11_13 = "Leyla loves **poems**."
    db.session.commit()
    student = join(classroom)
    home = _text(student.get("/class/"))
    assert f'href="/class/cases/{lesson_case.slug}"' in home
    assert f"Read about <bdi>{lesson_case.name}</bdi>" in home

    page = student.get(f"/class/cases/{lesson_case.slug}")
    assert page.status_code == 200
    text = _text(page)
    assert "Their story" in text
    assert "Leyla loves <strong>poems</strong>." in text
    assert lesson_case.story.split("\n")[0] not in text
    assert lesson_case.headline in text
    assert f"/class/cases/{lesson_case.slug}/write/appeal" in text
    # A case the class may not write for is not found, as it is not listed.
    assert student.get("/class/cases/not-a-case").status_code == 404


def test_a_case_page_for_students_needs_a_student(client, lesson_case):
    response = client.get(f"/class/cases/{lesson_case.slug}")
    assert response.status_code == 302
    assert response.location.endswith("/join")
