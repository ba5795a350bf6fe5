"""Students write in the supporters' composer; the teacher reads, approves or returns."""

from __future__ import annotations

import pytest

from tests.classrooms.conftest import OWN_SENTENCE
from webapp.classrooms import services
from webapp.models import Letter, LetterStatus, Student


def _letters(db) -> list[Letter]:
    return list(db.session.scalars(db.select(Letter).order_by(Letter.id)))


def test_a_student_saves_a_draft_and_comes_back_to_it_on_the_same_device(
    db, classroom, join, write
):
    student = join(classroom)
    response = write(student, "I am still think", submit=False)
    assert response.status_code == 303
    letter = _letters(db)[0]
    assert letter.status is LetterStatus.DRAFT
    home = student.get("/class/").get_data(as_text=True)
    assert "A draft: not sent to your teacher yet" in home
    page = student.get(f"/class/letters/{letter.id}").get_data(as_text=True)
    assert "I am still think" in page  # the draft is back in the composer
    assert "Send to my teacher" in page


def test_the_student_composer_offers_sentence_starters_and_signs_with_the_first_name(
    classroom, join, lesson_case
):
    student = join(classroom, "Amira")
    page = student.get(f"/class/cases/{lesson_case.slug}/write/appeal").get_data(as_text=True)
    assert "Sentence starters" in page
    assert "I think it is unfair that" in page
    assert "signed “<bdi>Amira</bdi>, <bdi>Leeds</bdi>”" in page  # names isolated (bidi)
    assert 'name="writer_name"' not in page  # no name, town or country fields


def test_sending_the_template_unchanged_is_refused_with_a_kind_message(
    db, classroom, join, lesson_case
):
    from webapp.letters.services import composer
    from webapp.models import LetterKind

    student = join(classroom)
    start = composer(lesson_case, LetterKind.APPEAL, "en")
    response = student.post(
        f"/class/cases/{lesson_case.slug}/write/appeal",
        data={"language": "en", "body": start.body, "action": "submit"},
    )
    assert response.status_code == 422
    assert "add at least one sentence of your own" in response.get_data(as_text=True)
    assert _letters(db) == []


def test_the_teacher_sees_letters_waiting_and_approves_several_at_once(
    db, classroom, join, write, teacher_client
):
    for name in ("Amira", "Leo", "Sam"):
        assert write(join(classroom, name), f"{OWN_SENTENCE} Signed {name}.").status_code == 303
    first, second, third = _letters(db)
    page = teacher_client.get(f"/classrooms/{classroom.id}").get_data(as_text=True)
    assert "3 waiting for you" in page
    response = teacher_client.post(
        f"/classrooms/{classroom.id}/approve", data={"letter": [first.id, second.id]}
    )
    assert response.status_code == 303
    assert "2 letters approved" in teacher_client.get(response.location).get_data(as_text=True)
    db.session.expire_all()
    assert [letter.status for letter in _letters(db)] == [
        LetterStatus.APPROVED,
        LetterStatus.APPROVED,
        LetterStatus.SUBMITTED,
    ]
    assert third.status is LetterStatus.SUBMITTED


def test_a_returned_letter_goes_back_with_the_comment_and_can_be_sent_again(
    db, classroom, join, write, teacher_client
):
    student = join(classroom, "Amira")
    write(student)
    letter = _letters(db)[0]
    review = teacher_client.get(f"/classrooms/{classroom.id}/letters/{letter.id}")
    assert OWN_SENTENCE in review.get_data(as_text=True)
    empty = teacher_client.post(
        f"/classrooms/{classroom.id}/letters/{letter.id}/return", data={"comment": "  "}
    )
    assert empty.status_code == 422
    response = teacher_client.post(
        f"/classrooms/{classroom.id}/letters/{letter.id}/return",
        data={"comment": "Lovely! Please say why it matters to you."},
    )
    assert response.status_code == 303
    home = student.get("/class/").get_data(as_text=True)
    assert "Your teacher says: <bdi>Lovely! Please say why it matters to you.</bdi>" in home
    resend = student.post(
        f"/class/letters/{letter.id}",
        data={
            "body": f"{letter.body}\n\nIt matters because speaking is not a crime.",
            "action": "submit",
        },
    )
    assert resend.status_code == 303
    db.session.refresh(letter)
    assert letter.status is LetterStatus.SUBMITTED
    assert "speaking is not a crime" in letter.body


def test_an_approved_letter_can_no_longer_be_changed_by_the_student(
    db, classroom, join, write, teacher_client
):
    student = join(classroom)
    write(student)
    letter = _letters(db)[0]
    teacher_client.post(f"/classrooms/{classroom.id}/approve", data={"letter": [letter.id]})
    page = student.get(f"/class/letters/{letter.id}").get_data(as_text=True)
    assert "Approved by your teacher" in page
    assert "Send to my teacher" not in page
    response = student.post(
        f"/class/letters/{letter.id}", data={"body": "Something else", "action": "submit"}
    )
    assert response.status_code == 303
    db.session.refresh(letter)
    assert "Something else" not in letter.body
    assert letter.status is LetterStatus.APPROVED


def test_a_closed_classroom_accepts_no_new_letters_or_changes(db, classroom, join, write):
    student = join(classroom)
    write(student, submit=False)
    draft = _letters(db)[0]
    services.close_classroom(classroom)
    db.session.commit()
    response = write(student, "A new letter after the class closed, written anyway.")
    assert response.status_code == 422
    assert "Your class is closed" in response.get_data(as_text=True)
    change = student.post(
        f"/class/letters/{draft.id}", data={"body": "Changed after closing", "action": "draft"}
    )
    assert change.status_code == 303
    db.session.refresh(draft)
    assert "Changed after closing" not in draft.body
    assert len(_letters(db)) == 1
    assert "Your class is closed" in student.get("/class/").get_data(as_text=True)


def test_the_teacher_reports_handwritten_letters_and_they_join_the_case_count(
    db, client, classroom, teacher_client, lesson_case
):
    field = f"tally_{lesson_case.id}_appeal"
    response = teacher_client.post(f"/classrooms/{classroom.id}/tally", data={field: "12"})
    assert response.status_code == 303
    case_page = " ".join(client.get(f"/cases/{lesson_case.slug}").get_data(as_text=True).split())
    assert "12 written by hand in classrooms (reported by teachers)" in case_page
    # Reporting again corrects the number; it does not add to it.
    teacher_client.post(f"/classrooms/{classroom.id}/tally", data={field: "9"})
    case_page = " ".join(client.get(f"/cases/{lesson_case.slug}").get_data(as_text=True).split())
    assert "9 written by hand" in case_page


@pytest.mark.parametrize("value", ["-1", "abc", "100000"])
def test_a_tally_that_is_not_a_sensible_number_is_refused(
    classroom, teacher_client, lesson_case, value
):
    response = teacher_client.post(
        f"/classrooms/{classroom.id}/tally", data={f"tally_{lesson_case.id}_appeal": value}
    )
    assert response.status_code == 422
    assert "Please check the form" in response.get_data(as_text=True)


def test_a_teacher_opens_a_classroom_and_gets_a_join_sheet_with_a_qr_code(db, teacher_client):
    response = teacher_client.post(
        "/classrooms/new",
        data={
            "name": "Year 6 Rights",
            "school": "Hill Primary",
            "town": "Bristol",
            "country": "GB",
            "age_band": "under-11",
        },
    )
    assert response.status_code == 303
    page = teacher_client.get(response.location).get_data(as_text=True)
    assert "Your classroom is open" in page
    classroom = db.session.scalars(
        db.select(services.Classroom).where(services.Classroom.name == "Year 6 Rights")
    ).one()
    code = services.format_join_code(classroom.join_code)
    assert code in page
    sheet = teacher_client.get(f"/classrooms/{classroom.id}/join-sheet").get_data(as_text=True)
    assert code in sheet
    assert "http://localhost/join" in sheet
    assert "<svg" in sheet and "QR code" in sheet


def test_a_classroom_form_with_missing_fields_says_what_is_missing(db, teacher_client):
    response = teacher_client.post("/classrooms/new", data={"name": "", "age_band": "99"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Please give the class a name." in html
    assert "Please choose an age from the list." in html


def test_a_letter_taken_back_to_edit_is_not_approved_half_written(
    db, classroom, join, write, teacher_client
):
    student = join(classroom)
    write(student)
    letter = _letters(db)[0]
    # The student saves it as a draft again just before the teacher's click arrives.
    student.post(f"/class/letters/{letter.id}", data={"body": "Half a thought", "action": "draft"})
    response = teacher_client.post(
        f"/classrooms/{classroom.id}/approve", data={"letter": [letter.id]}
    )
    assert "already reviewed" in teacher_client.get(response.location).get_data(as_text=True)
    db.session.refresh(letter)
    assert letter.status is LetterStatus.DRAFT


def test_two_changes_to_one_letter_at_once_do_not_overwrite_each_other(db, classroom, join, write):
    from sqlalchemy import text
    from sqlalchemy.orm.exc import StaleDataError

    write(join(classroom))
    letter = _letters(db)[0]
    # Another process changes the letter after this one read it.
    db.session.execute(
        text("UPDATE letters SET version = version + 1, body = 'theirs' WHERE id = :id"),
        {"id": letter.id},
    )
    with pytest.raises(StaleDataError):
        services.return_letter(letter, "Please add a sentence.")
        db.session.flush()
    db.session.rollback()


def test_a_students_session_does_not_open_a_later_student_with_the_same_id(
    app, db, classroom, join
):
    from tests.factories import StudentFactory

    old_browser = join(classroom, "Amira")
    amira = db.session.scalars(db.select(Student)).one()
    amira_id = amira.id
    db.session.delete(amira)
    db.session.commit()
    # SQLite hands a deleted row's id to the next row: the next student gets it.
    StudentFactory(id=amira_id, classroom=classroom, display_name="Bilal")
    db.session.commit()
    response = old_browser.get("/class/")
    assert response.status_code == 302
    assert response.location == "/join"


def test_the_join_sheet_qr_code_needs_no_inline_style(teacher_client, classroom):
    """The Content-Security-Policy allows no inline style: the QR code uses none."""
    html = teacher_client.get(f"/classrooms/{classroom.id}/join-sheet").get_data(as_text=True)
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "style=" not in svg
