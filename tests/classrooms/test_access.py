"""Who may open what, tried from the outside: every classroom and student-letter route."""

from __future__ import annotations

import pytest

from tests.factories import LetterFactory, StudentFactory, UserFactory
from webapp.models import (
    ClassPrintJob,
    ClassroomStatus,
    JobStatus,
    LetterStatus,
)

TEACHER_ROUTES = [
    ("GET", "/classrooms/"),
    ("GET", "/classrooms/new"),
    ("POST", "/classrooms/new"),
    ("GET", "/classrooms/{classroom}"),
    ("GET", "/classrooms/{classroom}/join-sheet"),
    ("GET", "/classrooms/{classroom}/letters/{letter}"),
    ("POST", "/classrooms/{classroom}/approve"),
    ("POST", "/classrooms/{classroom}/letters/{letter}/return"),
    ("POST", "/classrooms/{classroom}/prints"),
    ("GET", "/classrooms/{classroom}/prints/{job}"),
    ("GET", "/classrooms/{classroom}/prints/{job}/letters.pdf"),
    ("POST", "/classrooms/{classroom}/posted"),
    ("POST", "/classrooms/{classroom}/tally"),
    ("POST", "/classrooms/{classroom}/students/{student}/resume-code"),
    ("GET", "/classrooms/{classroom}/close"),
    ("POST", "/classrooms/{classroom}/close"),
]
# The routes that name one classroom: another teacher must not learn it exists.
CLASSROOM_ROUTES = [route for route in TEACHER_ROUTES if "{classroom}" in route[1]]


@pytest.fixture
def scene(db, classroom, lesson_case):
    """A class with one submitted letter and one finished class PDF."""
    student = StudentFactory(classroom=classroom, display_name="Amira")
    letter = LetterFactory(
        case=lesson_case,
        target=lesson_case.targets[0],
        classroom=classroom,
        student=student,
        writer_name="Amira",
        status=LetterStatus.SUBMITTED,
    )
    job = ClassPrintJob(classroom=classroom, status=JobStatus.DONE, pdf=b"%PDF-1.7 secret", total=1)
    db.session.add(job)
    db.session.flush()
    return {
        "classroom": classroom.id,
        "letter": letter.id,
        "job": job.id,
        "student": student.id,
        "objects": letter,
    }


def _request(client, method: str, path: str, scene: dict):
    url = path.format(**scene)
    data = {
        "letter": [str(scene["letter"])],
        "comment": "Please change this.",
        "pad_to_even": "y",
        "name": "Stolen",
        "school": "X",
        "town": "Y",
        "country": "GB",
        "age_band": "11-13",
    }
    return client.open(url, method=method, data=data if method == "POST" else None)


def _unchanged(db, scene, classroom) -> None:
    letter = scene["objects"]
    db.session.refresh(letter)
    db.session.refresh(classroom)
    assert letter.status is LetterStatus.SUBMITTED
    assert letter.review_comment == ""
    assert classroom.status is ClassroomStatus.OPEN
    assert db.session.query(ClassPrintJob).count() == 1
    db.session.refresh(letter.student)
    assert letter.student.resume_code_hash is None  # no code to take over a student


@pytest.mark.parametrize(("method", "path"), TEACHER_ROUTES)
def test_anonymous_visitors_get_the_login_page(client, db, scene, classroom, method, path):
    response = _request(client, method, path, scene)
    assert response.status_code == 302
    assert response.location.startswith("/account/login?next=")
    assert client.get(response.location).status_code == 200
    _unchanged(db, scene, classroom)


@pytest.mark.parametrize(("method", "path"), CLASSROOM_ROUTES)
def test_a_teacher_cannot_open_or_change_another_teachers_classroom(
    app, db, scene, classroom, other_teacher, login, method, path
):
    intruder = app.test_client()
    login(intruder, other_teacher)
    response = _request(intruder, method, path, scene)
    assert response.status_code == 404
    assert b"secret" not in response.data
    assert b"Amira" not in response.data
    _unchanged(db, scene, classroom)


def test_a_teachers_list_shows_only_their_own_classrooms(
    app, db, scene, classroom, other_teacher, login
):
    intruder = app.test_client()
    login(intruder, other_teacher)
    page = intruder.get("/classrooms/").get_data(as_text=True)
    assert classroom.name not in page


@pytest.mark.parametrize(("method", "path"), TEACHER_ROUTES)
def test_organisers_without_a_teacher_role_are_refused(
    app, db, scene, classroom, login, method, path
):
    organiser = UserFactory(organiser=True)
    browser = app.test_client()
    login(browser, organiser)
    assert _request(browser, method, path, scene).status_code == 403
    _unchanged(db, scene, classroom)


@pytest.mark.parametrize(("method", "path"), TEACHER_ROUTES)
def test_students_are_not_teachers(db, scene, classroom, join, method, path):
    student_browser = join(classroom, "Leo")
    response = _request(student_browser, method, path, scene)
    assert response.status_code == 302
    assert response.location.startswith("/account/login")
    _unchanged(db, scene, classroom)


def test_a_student_cannot_see_or_change_another_students_letter(
    db, scene, classroom, join, lesson_case
):
    other = join(classroom, "Leo")
    url = f"/class/letters/{scene['letter']}"
    assert other.get(url).status_code == 404
    response = other.post(url, data={"body": "Changed by someone else", "action": "submit"})
    assert response.status_code == 404
    letter = scene["objects"]
    db.session.refresh(letter)
    assert "Changed" not in letter.body
    assert "Amira" not in other.get("/class/").get_data(as_text=True)


@pytest.mark.parametrize(
    "path", ["/class/", "/class/letters/{letter}", "/class/cases/{slug}/write/appeal"]
)
def test_student_pages_need_a_joined_browser(client, scene, lesson_case, path):
    response = client.get(path.format(letter=scene["letter"], slug=lesson_case.slug))
    assert response.status_code == 302
    assert response.location == "/join"


def test_a_students_letter_is_not_reachable_by_its_token(client, scene):
    letter = scene["objects"]
    for path in ("", "/letter.pdf", "/page-1.png", "/edit"):
        assert client.get(f"/letters/{letter.token}{path}").status_code == 404


def test_a_student_cannot_write_for_a_case_outside_their_age(db, classroom, join, lesson_case):
    lesson_case.classroom_min_age = 14
    db.session.flush()
    student = join(classroom)
    assert student.get(f"/class/cases/{lesson_case.slug}/write/appeal").status_code == 404
    assert lesson_case.name not in student.get("/class/").get_data(as_text=True)
