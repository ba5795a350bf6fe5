"""Closing a classroom: after the retention time the students' letters go, the counts stay."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import LetterFactory, StudentFactory
from webapp.classrooms import printing, services
from webapp.letters.services import letter_counts
from webapp.models import (
    ClassPrintJob,
    ClassroomTally,
    Letter,
    LetterDocument,
    LetterKind,
    LetterStatus,
    Student,
    utcnow,
)
from webapp.privacy.jobs import apply_retention


def _class_with_letters(db, classroom, lesson_case):
    statuses = [
        LetterStatus.APPROVED,
        LetterStatus.PRINTED,
        LetterStatus.POSTED,
        LetterStatus.POSTED,
        LetterStatus.DRAFT,
        LetterStatus.RETURNED,
    ]
    for number, status in enumerate(statuses):
        student = StudentFactory(classroom=classroom, display_name=f"Kid{number}")
        LetterFactory(
            case=lesson_case,
            target=lesson_case.targets[0],
            classroom=classroom,
            student=student,
            writer_name=student.display_name,
            status=status,
        )
    # Printed and posted letters too: "Print all again" renders every written letter.
    job = printing.request_class_pdf(classroom, pad_to_even=True, reprint_all=True)
    printing.build_now(job)
    services.report_tallies(classroom, {(lesson_case.id, LetterKind.APPEAL): 7})
    db.session.commit()


def _count(db, model) -> int:
    return db.session.query(model).count()


def test_after_the_retention_days_letters_and_students_are_gone_and_counts_unchanged(
    app, db, classroom, lesson_case
):
    _class_with_letters(db, classroom, lesson_case)
    before = letter_counts([lesson_case.id])[lesson_case.id]
    assert (before.written, before.posted, before.reported) == (4, 2, 7)
    assert _count(db, LetterDocument) == 4  # the approved letters were rendered for the PDF

    services.close_classroom(classroom)
    db.session.commit()
    days = app.config["CLASSROOM_RETENTION_DAYS"]
    assert days == 30

    # A day early: nothing goes.
    early = apply_retention(classroom.closed_at + timedelta(days=days - 1))
    assert early["closed_classroom_letters_deleted"] == 0
    assert _count(db, Letter) == 6

    removed = apply_retention(classroom.closed_at + timedelta(days=days, minutes=1))
    db.session.commit()
    assert removed["closed_classroom_letters_deleted"] == 6
    assert _count(db, Letter) == 0
    assert _count(db, Student) == 0
    assert _count(db, LetterDocument) == 0
    assert _count(db, ClassPrintJob) == 0
    db.session.refresh(classroom)
    assert classroom.letters_deleted_at is not None

    after = letter_counts([lesson_case.id])[lesson_case.id]
    assert after == before
    tally = db.session.scalars(db.select(ClassroomTally)).one()
    assert (tally.archived_written, tally.archived_posted, tally.reported) == (4, 2, 7)

    # Running again changes nothing and counts nothing twice.
    again = apply_retention(classroom.closed_at + timedelta(days=days + 5))
    assert again["closed_classroom_letters_deleted"] == 0
    assert letter_counts([lesson_case.id])[lesson_case.id] == before


def test_retention_days_come_from_configuration(app, db, classroom, lesson_case, monkeypatch):
    _class_with_letters(db, classroom, lesson_case)
    monkeypatch.setitem(app.config, "CLASSROOM_RETENTION_DAYS", 2)
    services.close_classroom(classroom)
    classroom.closed_at = utcnow() - timedelta(days=3)
    db.session.commit()
    assert apply_retention()["closed_classroom_letters_deleted"] == 6


def test_open_classrooms_keep_their_letters(db, classroom, lesson_case):
    _class_with_letters(db, classroom, lesson_case)
    assert apply_retention(utcnow() + timedelta(days=400))["closed_classroom_letters_deleted"] == 0
    assert _count(db, Letter) == 6


def test_the_purge_command_applies_classroom_retention(
    app, db, runner, classroom, lesson_case, client
):
    _class_with_letters(db, classroom, lesson_case)
    services.close_classroom(classroom)
    classroom.closed_at = utcnow() - timedelta(days=31)
    db.session.commit()
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0
    assert "closed classroom letters deleted: 6" in result.output
    page = " ".join(client.get(f"/cases/{lesson_case.slug}").get_data(as_text=True).split())
    assert "4 letters written, 2 posted, and 7 written by hand" in page


def test_the_teacher_page_says_when_the_letters_will_go_and_when_they_went(
    db, classroom, teacher_client, lesson_case
):
    response = teacher_client.post(f"/classrooms/{classroom.id}/close")
    assert response.status_code == 303
    page = teacher_client.get(response.location).get_data(as_text=True)
    assert "will be deleted 30 days after closing" in page
    apply_retention(utcnow() + timedelta(days=31))
    db.session.commit()
    page = teacher_client.get(response.location).get_data(as_text=True)
    assert "letters were deleted on" in page


def test_a_class_that_reported_nothing_keeps_its_counts_too(db, classroom, lesson_case):
    for status in (LetterStatus.APPROVED, LetterStatus.POSTED):
        LetterFactory(
            case=lesson_case,
            target=lesson_case.targets[0],
            classroom=classroom,
            student=StudentFactory(classroom=classroom),
            status=status,
        )
    services.close_classroom(classroom)
    db.session.commit()
    before = letter_counts([lesson_case.id])[lesson_case.id]
    apply_retention(utcnow() + timedelta(days=31))
    db.session.commit()
    assert _count(db, Letter) == 0
    assert letter_counts([lesson_case.id])[lesson_case.id] == before
    assert (before.written, before.posted) == (2, 1)
