"""Classroom work done twice at once, on PostgreSQL, with real commits from many threads."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import (
    CaseFactory,
    ClassroomFactory,
    LetterFactory,
    StudentFactory,
    TargetFactory,
)
from tests.petitions.test_concurrency import _in_threads
from webapp.classrooms import printing, services
from webapp.extensions import db
from webapp.letters.services import letter_counts
from webapp.models import ClassPrintJob, JobStatus, Letter, LetterStatus, utcnow
from webapp.privacy.jobs import apply_retention

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("committed_db")]


def _classroom_with_letters(count: int, status=LetterStatus.APPROVED) -> tuple[int, int]:
    case = CaseFactory()
    target = TargetFactory(case=case)
    classroom = ClassroomFactory()
    for number in range(count):
        student = StudentFactory(classroom=classroom)
        LetterFactory(
            case=case,
            target=target,
            classroom=classroom,
            student=student,
            writer_name=student.display_name,
            body=f"I write from Leeds to ask you to release them. Letter {number}.",
            status=status,
        )
    db.session.commit()
    return classroom.id, case.id


def test_workers_purging_at_once_count_each_letter_once(app):
    classroom_id, case_id = _classroom_with_letters(5, LetterStatus.POSTED)
    classroom = db.session.get(services.Classroom, classroom_id)
    services.close_classroom(classroom)
    classroom.closed_at = utcnow() - timedelta(days=60)
    db.session.commit()
    before = letter_counts([case_id])[case_id]

    _in_threads(app, 6, lambda _: (apply_retention(), db.session.commit()))

    db.session.remove()
    assert db.session.scalar(db.select(db.func.count(Letter.id))) == 0
    assert letter_counts([case_id])[case_id] == before == type(before)(5, 5, 0)


def test_builders_racing_for_one_job_build_it_once(app):
    classroom_id, _ = _classroom_with_letters(4)
    job = printing.request_class_pdf(
        db.session.get(services.Classroom, classroom_id), pad_to_even=True
    )
    db.session.commit()
    job_id = job.id
    built = []

    def build(_):
        built.append(printing.run_print_jobs())

    _in_threads(app, 4, build)
    db.session.remove()
    assert sorted(built) == [0, 0, 0, 1]
    job = db.session.get(ClassPrintJob, job_id)
    assert job.status is JobStatus.DONE and job.done == 4


def test_devices_sending_one_resume_code_at_once_get_one_student_session(app):
    """Four devices type the same resume code at the same moment: one carries on as the
    student, the others are told the code does not work (it is good for one use)."""
    classroom_id, _ = _classroom_with_letters(1)
    classroom = db.session.get(services.Classroom, classroom_id)
    student = classroom.students[0]
    code = services.make_resume_code(classroom, student).code
    db.session.commit()
    outcomes = []

    def resume(_):
        try:
            services.resume_student(code)
            db.session.commit()
            outcomes.append("resumed")
        except services.ResumeError:
            db.session.rollback()
            outcomes.append("refused")

    _in_threads(app, 4, resume)
    assert sorted(outcomes) == ["refused", "refused", "refused", "resumed"]
