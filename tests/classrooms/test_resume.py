"""Resume codes: a teacher lets a student carry on on another device, once, for minutes
(issue 16, item 2)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.classrooms.conftest import OWN_SENTENCE
from webapp.classrooms import services
from webapp.models import Student, utcnow

CODE = re.compile(r'class="join-code"><span aria-hidden="true">([A-Z0-9]{4}-[A-Z0-9]{4})</span>')


def _student(db, name: str) -> Student:
    return db.session.scalars(db.select(Student).where(Student.display_name == name)).one()


def _make_code(teacher_client, classroom, student) -> tuple[int, str]:
    """The teacher presses the student's button; returns the status and the page."""
    response = teacher_client.post(f"/classrooms/{classroom.id}/students/{student.id}/resume-code")
    return response.status_code, response.get_data(as_text=True)


def _code_of(page: str) -> str:
    match = CODE.search(page)
    assert match, page
    return match.group(1)


def test_a_student_carries_on_on_another_device_with_their_drafts(
    app, db, classroom, teacher_client, join, write
):
    laptop = join(classroom, "Amira")
    assert write(laptop, submit=False).status_code == 303  # a draft
    amira = _student(db, "Amira")
    # The teacher sees Amira among the students, with her letter, and makes her a code.
    show = teacher_client.get(f"/classrooms/{classroom.id}").get_data(as_text=True)
    assert "Let them continue on another device" in show
    assert "<bdi>Amira</bdi>" in show
    status, page = _make_code(teacher_client, classroom, amira)
    assert status == 200
    code = _code_of(page)
    assert set(code.replace("-", "")) <= set(services.JOIN_CODE_ALPHABET)
    # The QR code scales (viewBox) and opens the join page with the code filled in.
    assert re.search(r"<svg[^>]*viewBox=", page)
    assert f"/join?resume={code}#resume" in page
    # Only a keyed hash is kept, with the time the code stops working.
    db.session.expire_all()
    amira = _student(db, "Amira")
    assert amira.resume_code_hash and code.replace("-", "") not in amira.resume_code_hash
    minutes = app.config["CLASS_RESUME_MINUTES"]
    left = amira.resume_expires_at - utcnow()
    assert timedelta(minutes=minutes - 1) < left <= timedelta(minutes=minutes)

    phone = app.test_client()
    filled = phone.get(f"/join?resume={code}").get_data(as_text=True)
    assert f'value="{code}"' in filled
    response = phone.post("/join/resume", data={"resume_code": code.lower()})
    assert response.status_code == 303
    assert response.location == "/class/"
    home = phone.get("/class/").get_data(as_text=True)
    assert "Hello, <bdi>Amira</bdi>" in home
    assert "Welcome back, Amira" in home
    letter_link = re.search(r'href="(/class/letters/\d+)"', home).group(1)
    assert OWN_SENTENCE in phone.get(letter_link).get_data(as_text=True)
    # The laptop carries on too: the same student, not a twin.
    assert "Hello, <bdi>Amira</bdi>" in laptop.get("/class/").get_data(as_text=True)
    assert db.session.query(Student).count() == 1

    # The code is spent: a third device gets nothing from it.
    again = app.test_client().post("/join/resume", data={"resume_code": code})
    assert again.status_code == 422
    assert "That resume code does not work" in again.get_data(as_text=True)
    db.session.expire_all()
    assert _student(db, "Amira").resume_code_hash is None


def test_a_new_code_replaces_the_old_one(app, db, classroom, teacher_client, join):
    join(classroom, "Amira")
    amira = _student(db, "Amira")
    first = _code_of(_make_code(teacher_client, classroom, amira)[1])
    second = _code_of(_make_code(teacher_client, classroom, amira)[1])
    assert first != second
    device = app.test_client()
    assert device.post("/join/resume", data={"resume_code": first}).status_code == 422
    assert device.post("/join/resume", data={"resume_code": second}).status_code == 303


def test_a_code_stops_working_after_its_time(app, db, classroom, teacher_client, join):
    join(classroom, "Amira")
    amira = _student(db, "Amira")
    code = _code_of(_make_code(teacher_client, classroom, amira)[1])
    amira.resume_expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = app.test_client().post("/join/resume", data={"resume_code": code})
    assert response.status_code == 422
    assert "too old" in response.get_data(as_text=True)


def test_only_the_classrooms_teacher_makes_codes(app, db, classroom, other_teacher, login, join):
    student_browser = join(classroom, "Amira")
    amira = _student(db, "Amira")
    path = f"/classrooms/{classroom.id}/students/{amira.id}/resume-code"
    intruder = app.test_client()
    login(intruder, other_teacher)
    assert intruder.post(path).status_code == 404
    # Students and visitors are sent to log in as a teacher.
    for browser in (student_browser, app.test_client()):
        response = browser.post(path)
        assert response.status_code == 302
        assert "/account/login" in response.location
    db.session.expire_all()
    assert _student(db, "Amira").resume_code_hash is None


def test_a_student_of_another_class_is_not_found(db, classroom, teacher, teacher_client, app):
    from tests.factories import ClassroomFactory

    other = ClassroomFactory(teacher=teacher, name="Year 9")
    stranger = Student(classroom=other, display_name="Tom")
    db.session.add(stranger)
    db.session.commit()
    status, _page = _make_code(teacher_client, classroom, stranger)
    assert status == 404


def test_a_closed_class_makes_no_codes_and_takes_none(app, db, classroom, teacher_client, join):
    join(classroom, "Amira")
    amira = _student(db, "Amira")
    code = _code_of(_make_code(teacher_client, classroom, amira)[1])
    services.close_classroom(classroom)
    db.session.commit()
    show = teacher_client.get(f"/classrooms/{classroom.id}").get_data(as_text=True)
    assert "Let them continue on another device" not in show
    response = teacher_client.post(
        f"/classrooms/{classroom.id}/students/{amira.id}/resume-code", follow_redirects=True
    )
    assert "This class is closed, so its students can no longer carry on" in response.get_data(
        as_text=True
    )
    # A code made before the class closed opens nothing now.
    refused = app.test_client().post("/join/resume", data={"resume_code": code})
    assert refused.status_code == 422
    assert "Your class is closed" in refused.get_data(as_text=True)


def test_wrong_resume_codes_are_limited_without_locking_out_join_codes(
    app, db, classroom, teacher_client, join, monkeypatch
):
    monkeypatch.setitem(app.config, "RESUME_FAILURE_LIMIT", "3 per 10 minutes")
    monkeypatch.setitem(app.config, "JOIN_FAILURE_LIMIT", "3 per 10 minutes")
    join(classroom, "Amira")
    amira = _student(db, "Amira")
    code = _code_of(_make_code(teacher_client, classroom, amira)[1])
    guesser = app.test_client()
    for guess in range(3):
        response = guesser.post("/join/resume", data={"resume_code": f"AAAA-AAA{guess}"})
        assert response.status_code == 422
    blocked = guesser.post("/join/resume", data={"resume_code": "AAAA-AAA9"})
    assert blocked.status_code == 429
    # From the same address: a wrong join code is still only wrong (its own allowance),
    # and a right join code still joins ...
    wrong_join = guesser.post("/join", data={"code": "AAAA-AAAA", "display_name": "Sam"})
    assert wrong_join.status_code == 422
    right_join = guesser.post("/join", data={"code": classroom.join_code, "display_name": "Sam"})
    assert right_join.status_code == 303
    # ... and a live resume code is never refused.
    assert app.test_client().post("/join/resume", data={"resume_code": code}).status_code == 303


@pytest.mark.parametrize("typed", ["", "7KMA", "not a code at all"])
def test_malformed_resume_codes_are_answered_on_the_form(client, db, classroom, typed):
    response = client.post("/join/resume", data={"resume_code": typed})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="resume_code-error"' in html
    assert 'aria-invalid="true"' in html
