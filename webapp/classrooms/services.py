"""Classroom rules: join codes, students without personal data, review, tallies, closing."""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from flask import current_app
from flask_babel import format_number
from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from webapp.domain import DomainError
from webapp.extensions import db
from webapp.keys import keyed
from webapp.letters import services as letters
from webapp.models import (
    WRITTEN_STATUSES,
    AgeBand,
    Case,
    CaseStatus,
    ClassPrintJob,
    Classroom,
    ClassroomStatus,
    ClassroomTally,
    Letter,
    LetterKind,
    LetterStatus,
    Student,
    TallyReview,
    User,
    UserRole,
    utcnow,
)

log = logging.getLogger(__name__)

# Capitals and digits that cannot be mistaken for one another on a board or a screen:
# no 0/O/Q/D, 1/I/L, 2/Z, 5/S, 8/B, G, U/V. 20 symbols, 8 of them: 2.6 × 10^10 codes,
# so guessing one of a thousand open classes at the join limit would take centuries.
JOIN_CODE_ALPHABET = "34679ACEFHJKMNPRTWXY"
JOIN_CODE_LENGTH = 8
STUDENT_NAME_MAX = 30

_EMAIL_LIKE = re.compile(r"\S+@\S+|\S+\.(com|org|net|edu)\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d")
# The fewest digits a phone number has, with its area code (ITU-T E.164 national numbers
# run from about 7 digits up): "Max2013" or "Sam1280" is a nickname, not a number.
PHONE_MIN_DIGITS = 7
_NAME_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


class ClassroomError(DomainError):
    """A classroom rule was broken; the message is fit to show the person."""


class JoinError(ClassroomError):
    """The join code matches no open class."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="code")


class StudentNameError(ClassroomError):
    """The name is personal data we must not take (an email, a phone number)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="display_name")


def new_join_code() -> str:
    """A fresh random join code, as stored (no hyphen)."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def format_join_code(code: str) -> str:
    """The code as shown and read aloud: two groups of four."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def normalise_join_code(text: str) -> str:
    """What a student typed, as stored: capitals, no spaces or hyphens."""
    return re.sub(r"[\s\-‐‑–—_.]", "", text).upper()


def create_classroom(
    teacher: User, *, name: str, school: str, town: str, country: str, age_band: AgeBand
) -> Classroom:
    """Open a classroom with a new join code."""
    if not teacher.is_verified:
        raise ClassroomError(_("Please confirm your email address before opening a classroom."))
    for _attempt in range(5):
        classroom = Classroom(
            teacher=teacher,
            name=name.strip(),
            school=school.strip(),
            town=town.strip(),
            country=country,
            age_band=age_band,
            join_code=new_join_code(),
        )
        try:
            with db.session.begin_nested():
                db.session.add(classroom)
        except IntegrityError:  # the code was taken: astronomically rare, but try another
            continue
        log.info("teacher %s opened classroom %s", teacher.id, classroom.id)
        return classroom
    raise ClassroomError(_("We could not make a join code just now. Please try again."))


def teacher_classrooms(teacher: User) -> list[Classroom]:
    """The teacher's own classrooms, open ones first, newest first."""
    return list(
        db.session.scalars(
            select(Classroom)
            .where(Classroom.teacher_id == teacher.id)
            .order_by(Classroom.status.desc(), Classroom.created_at.desc(), Classroom.id.desc())
        )
    )


def get_teacher_classroom(teacher: User, classroom_id: int) -> Classroom | None:
    """The classroom, only if it is this teacher's."""
    classroom = db.session.get(Classroom, classroom_id)
    if classroom is None or classroom.teacher_id != teacher.id:
        return None
    return classroom


def close_classroom(classroom: Classroom) -> None:
    """No more students or letters; the letters are deleted after the retention time."""
    if classroom.status is ClassroomStatus.CLOSED:
        return
    classroom.status = ClassroomStatus.CLOSED
    classroom.closed_at = utcnow()
    log.info("classroom %s closed", classroom.id)


# Students ------------------------------------------------------------------------------


def student_name_concern(name: str) -> str | None:
    """A gentle word when a name looks like a first name and a surname; None if fine.

    Emails and phone numbers are refused outright (StudentNameError): a student's name
    here is a first name or a nickname, never anything that identifies or reaches them.
    """
    if _EMAIL_LIKE.search(name):
        raise StudentNameError(
            _(
                "That looks like an email address. Please use just your first name or a "
                "nickname: we never ask students for an email."
            )
        )
    if len(_DIGITS.findall(name)) >= PHONE_MIN_DIGITS:
        raise StudentNameError(
            _("That looks like a phone number. Please use just your first name or a nickname.")
        )
    words = _NAME_WORD.findall(name)
    if len(words) >= 2 and sum(word[0].isupper() for word in words) >= 2:
        return _(
            "That looks like a first name and a surname. Please use only your first name "
            "or a nickname. If this is just your first name, tick the box below."
        )
    if len(words) >= 3:
        return _(
            "That looks like a full name. Please use only your first name or a nickname. "
            "If this is just your first name, tick the box below."
        )
    return None


def open_classroom_for_code(code: str) -> Classroom:
    """The open classroom with this join code."""
    normalised = normalise_join_code(code)
    classroom = None
    if len(normalised) == JOIN_CODE_LENGTH:
        classroom = db.session.scalar(select(Classroom).where(Classroom.join_code == normalised))
    if classroom is None:
        raise JoinError(
            _(
                "That code does not match a class. Please check it with your teacher: it has "
                "eight letters and numbers, like 7KMA-3RXT."
            )
        )
    if not classroom.is_open:
        raise JoinError(_("This class is closed, so it takes no new letters. Ask your teacher."))
    return classroom


def join_classroom(
    code: str, display_name: str, *, name_confirmed: bool, returning: Student | None = None
) -> Student:
    """Add a student to the open class with this code, under a first name or nickname.

    `returning` is the student this browser already is, if any: joining again with the
    same class and name gives them back (with their drafts), never a twin of them."""
    classroom = open_classroom_for_code(code)
    display_name = " ".join(display_name.split())
    if (
        returning is not None
        and returning.classroom_id == classroom.id
        and returning.display_name.casefold() == display_name.casefold()
    ):
        log.info("student %s came back to classroom %s", returning.id, classroom.id)
        return returning
    if not display_name:
        raise StudentNameError(_("Please enter your first name or a nickname."))
    if len(display_name) > STUDENT_NAME_MAX:
        raise StudentNameError(
            _(
                "Please use a shorter name: %(max)s characters at most.",
                max=format_number(STUDENT_NAME_MAX),
            )
        )
    concern = student_name_concern(display_name)
    if concern and not name_confirmed:
        raise StudentNameError(concern)
    student = Student(classroom=classroom, display_name=display_name)
    db.session.add(student)
    db.session.flush()
    log.info("student %s joined classroom %s", student.id, classroom.id)
    return student


def get_student(student_id: int | None, session_key: str | None) -> Student | None:
    """The student of this browser's session, while their class keeps their letters.

    The id alone is not enough: SQLite gives a deleted student's id to the next one."""
    if student_id is None or not session_key:
        return None
    student = db.session.get(Student, student_id)
    if student is None or not secrets.compare_digest(student.session_key, session_key):
        return None
    return student


def classroom_students(classroom: Classroom) -> list[tuple[Student, int]]:
    """The class's students, in the order they joined, with how many letters each has."""
    written = (
        select(Letter.student_id, func.count().label("letters"))
        .where(Letter.classroom_id == classroom.id)
        .group_by(Letter.student_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Student, func.coalesce(written.c.letters, 0))
        .outerjoin(written, written.c.student_id == Student.id)
        .where(Student.classroom_id == classroom.id)
        .order_by(Student.joined_at, Student.id)
    ).all()
    return [(student, count) for student, count in rows]


def get_classroom_student(classroom: Classroom, student_id: int) -> Student | None:
    """The student, only if they are in this classroom."""
    student = db.session.get(Student, student_id)
    if student is None or student.classroom_id != classroom.id:
        return None
    return student


# Resume codes: a student carries on on another device ------------------------------------
# The teacher makes the code and shows it (or its QR) to the student; typed at /join on
# the other device, it opens this student's session there, once, for CLASS_RESUME_MINUTES.
# Same alphabet and length as join codes: easy to read off a screen and type, and 2.6e10
# codes against a few live ones and a rate-limited guesser.


class ResumeError(ClassroomError):
    """The resume code opens nothing (mistyped, used, too old) or the class is closed."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="resume_code")


class ResumeCode(NamedTuple):
    code: str  # as shown: two groups of four
    expires_at: datetime


def _resume_hash(normalised_code: str) -> str:
    # Keyed: a copy of the database alone cannot turn the stored hashes back into codes.
    return keyed(f"class-resume:{normalised_code}").hexdigest()


def make_resume_code(classroom: Classroom, student: Student) -> ResumeCode:
    """A new one-time code for this student, replacing any code made before."""
    if student.classroom_id != classroom.id:
        raise ClassroomError(_("This student is not in this class."))
    if not classroom.is_open:
        raise ClassroomError(
            _("This class is closed, so its students can no longer carry on writing.")
        )
    expires_at = utcnow() + timedelta(minutes=current_app.config["CLASS_RESUME_MINUTES"])
    for _attempt in range(5):
        code = new_join_code()
        try:
            with db.session.begin_nested():
                student.resume_code_hash = _resume_hash(code)
                student.resume_expires_at = expires_at
                db.session.flush()
        except IntegrityError:  # another student's live code: astronomically rare
            continue
        log.info("classroom %s: resume code made for student %s", classroom.id, student.id)
        return ResumeCode(format_join_code(code), expires_at)
    raise ClassroomError(_("We could not make a code just now. Please try again."))


def _resume_refused() -> ResumeError:
    return ResumeError(
        _(
            "That resume code does not work: it may be mistyped, used already or too old. "
            "Please check it, or ask your teacher for a new one."
        )
    )


def resume_student_for_code(code: str) -> Student | None:
    """The student whose live resume code this is, without spending it; None if none."""
    normalised = normalise_join_code(code)
    if len(normalised) != JOIN_CODE_LENGTH:
        return None
    return db.session.scalar(
        select(Student).where(
            Student.resume_code_hash == _resume_hash(normalised),
            Student.resume_expires_at > utcnow(),
        )
    )


def resume_student(code: str) -> Student:
    """Spend a resume code: the student it was made for, whose session this device takes."""
    student = resume_student_for_code(code)
    if student is None:
        raise _resume_refused()
    if not student.classroom.is_open:
        raise ResumeError(
            _("Your class is closed, so letters can no longer be written or changed.")
        )
    # Spent by one guarded UPDATE: of two devices sending the code at once, one gets it.
    spent = db.session.execute(
        update(Student)
        .where(
            Student.id == student.id,
            Student.resume_code_hash == student.resume_code_hash,
            Student.resume_expires_at > utcnow(),
        )
        .values(resume_code_hash=None, resume_expires_at=None)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if spent != 1:
        raise _resume_refused()
    log.info("student %s carried on on another device", student.id)
    return student


def cases_for_classroom(classroom: Classroom) -> list[tuple[Case, list[LetterKind]]]:
    """The published cases this class's age may write for, with the kinds each takes."""
    cases = db.session.scalars(
        select(Case)
        .where(
            Case.status == CaseStatus.PUBLISHED,
            Case.classroom_min_age <= classroom.age_band.min_age,
        )
        .options(selectinload(Case.targets))
        .order_by(Case.featured.desc(), Case.name)
    )
    offered = [(case, letters.offered_kinds(case, classroom.age_band)) for case in cases]
    return [(case, kinds) for case, kinds in offered if kinds]


def get_classroom_case(classroom: Classroom, slug: str) -> Case | None:
    """A case this class may write for."""
    return next((case for case, _ in cases_for_classroom(classroom) if case.slug == slug), None)


# Students' letters -----------------------------------------------------------------------

# A student may change a letter until the teacher approves it.
STUDENT_EDITABLE = (LetterStatus.DRAFT, LetterStatus.SUBMITTED, LetterStatus.RETURNED)


def _check_class_open(classroom: Classroom) -> None:
    if not classroom.is_open:
        raise ClassroomError(
            _("Your class is closed, so letters can no longer be written or changed.")
        )


def write_student_letter(
    student: Student,
    case: Case,
    *,
    kind: LetterKind,
    language: str,
    target_id: int | None,
    body: str,
    submit: bool,
) -> Letter:
    """Save a student's new letter as a draft, or send it to the teacher."""
    classroom = student.classroom
    _check_class_open(classroom)
    if kind not in letters.offered_kinds(case, classroom.age_band):
        raise letters.LetterError(_("This case does not take this kind of letter now."))
    start = letters.composer(case, kind, language, band=classroom.age_band)
    letter = Letter(
        case=case,
        kind=kind,
        language=start.language,
        closing=start.closing,
        classroom=classroom,
        student=student,
    )
    _fill_student_letter(letter, start, target_id, body, submit)
    db.session.add(letter)
    db.session.flush()
    log.info("student %s wrote letter %s (%s)", student.id, letter.id, letter.status.value)
    return letter


def edit_student_letter(
    letter: Letter, *, target_id: int | None, body: str, submit: bool
) -> Letter:
    """Change a student's letter until it is approved."""
    _check_class_open(letter.classroom)
    if letter.status not in STUDENT_EDITABLE:
        raise ClassroomError(_("Your teacher has approved this letter, so it cannot change now."))
    start = letters.composer(
        letter.case, letter.kind, letter.language, band=letter.classroom.age_band
    )
    _fill_student_letter(letter, start, target_id, body, submit)
    letter.document = None
    db.session.flush()
    return letter


def _fill_student_letter(
    letter: Letter, start: letters.Composer, target_id: int | None, body: str, submit: bool
) -> None:
    classroom = letter.classroom
    target = letters.target_for(letter.case, letter.kind, target_id)
    letters.fill_letter(
        letter,
        start,
        target,
        letter.student.display_name,
        classroom.town,
        classroom.country,
        None,
        body,
        final=submit,
    )
    if submit:
        letter.status = LetterStatus.SUBMITTED
        letter.submitted_at = utcnow()
    elif letter.status is not LetterStatus.RETURNED:
        letter.status = LetterStatus.DRAFT


def student_letters(student: Student) -> list[Letter]:
    """A student's own letters, newest first."""
    return list(
        db.session.scalars(
            select(Letter)
            .where(Letter.student_id == student.id)
            .options(selectinload(Letter.case))
            .order_by(Letter.id.desc())
        )
    )


def get_student_letter(student: Student, letter_id: int) -> Letter | None:
    """The letter, only if this student wrote it."""
    letter = db.session.get(Letter, letter_id)
    if letter is None or letter.student_id != student.id:
        return None
    return letter


# Review --------------------------------------------------------------------------------


def classroom_letters(classroom: Classroom) -> list[Letter]:
    """Every letter of the class, for the teacher, in the order they arrived."""
    return list(
        db.session.scalars(
            select(Letter)
            .where(Letter.classroom_id == classroom.id)
            .options(selectinload(Letter.case), selectinload(Letter.student))
            .order_by(Letter.submitted_at.is_(None), Letter.submitted_at, Letter.id)
        )
    )


def get_classroom_letter(classroom: Classroom, letter_id: int) -> Letter | None:
    """The letter, only if it belongs to this classroom."""
    letter = db.session.get(Letter, letter_id)
    if letter is None or letter.classroom_id != classroom.id:
        return None
    return letter


def approve_letters(classroom: Classroom, letter_ids: list[int]) -> int:
    """Approve the class's submitted letters among these; returns how many were approved."""
    if not letter_ids:
        raise ClassroomError(_("Please tick the letters you want to approve."))
    # One UPDATE guarded by the status: a letter its student took back to edit a moment
    # ago is no longer "submitted", so it is not approved half-written.
    approved = db.session.execute(
        update(Letter)
        .where(
            Letter.classroom_id == classroom.id,
            Letter.id.in_(letter_ids),
            Letter.status == LetterStatus.SUBMITTED,
        )
        .values(
            status=LetterStatus.APPROVED,
            reviewed_at=utcnow(),
            review_comment="",
            version=Letter.version + 1,
        )
        .execution_options(synchronize_session="fetch")
    ).rowcount
    log.info("classroom %s: %d letter(s) approved", classroom.id, approved)
    return approved


def return_letter(letter: Letter, comment: str) -> None:
    """Send a letter back to its student with a comment to act on."""
    if letter.status is not LetterStatus.SUBMITTED:
        raise ClassroomError(_("Only a letter waiting for review can be returned."))
    comment = comment.strip()
    if not comment:
        raise ClassroomError(_("Please write a comment, so the student knows what to change."))
    letter.status = LetterStatus.RETURNED
    letter.review_comment = comment
    letter.reviewed_at = utcnow()


@dataclass(frozen=True)
class ClassroomSummary:
    students: int
    by_status: dict[LetterStatus, int]

    @property
    def approved(self) -> int:
        return sum(self.by_status.get(s, 0) for s in WRITTEN_STATUSES)

    @property
    def to_print(self) -> int:
        """Approved and not in a class PDF yet: what the next PDF holds."""
        return self.by_status.get(LetterStatus.APPROVED, 0)

    @property
    def waiting(self) -> int:
        """Submitted, waiting for the teacher's review."""
        return self.by_status.get(LetterStatus.SUBMITTED, 0)

    @property
    def returned(self) -> int:
        """Sent back to their students with a comment."""
        return self.by_status.get(LetterStatus.RETURNED, 0)

    @property
    def drafts(self) -> int:
        """Still being written."""
        return self.by_status.get(LetterStatus.DRAFT, 0)

    @property
    def printed(self) -> int:
        """In the class PDF, and not yet said to be posted."""
        return self.by_status.get(LetterStatus.PRINTED, 0)


def classroom_summary(classroom: Classroom) -> ClassroomSummary:
    """How many students joined and how many letters are at each step."""
    students = db.session.scalar(
        select(func.count()).select_from(Student).where(Student.classroom_id == classroom.id)
    )
    rows = db.session.execute(
        select(Letter.status, func.count())
        .where(Letter.classroom_id == classroom.id)
        .group_by(Letter.status)
    ).all()
    return ClassroomSummary(students=students or 0, by_status=dict(rows))


# Reported tallies ------------------------------------------------------------------------


def tallies(classroom: Classroom) -> dict[tuple[int, LetterKind], ClassroomTally]:
    """The classroom's tallies, by case and kind."""
    rows = db.session.scalars(
        select(ClassroomTally).where(ClassroomTally.classroom_id == classroom.id)
    )
    return {(t.case_id, t.kind): t for t in rows}


def _tally_row(
    classroom: Classroom, case_id: int, kind: LetterKind, existing: dict
) -> ClassroomTally:
    tally = existing.get((case_id, kind))
    if tally is None:
        tally = ClassroomTally(
            classroom_id=classroom.id,
            case_id=case_id,
            kind=kind,
            reported=0,
            counted=0,
            review=TallyReview.APPROVED,
            archived_written=0,
            archived_posted=0,
        )
        db.session.add(tally)
        existing[(case_id, kind)] = tally
    return tally


def report_tallies(classroom: Classroom, counts: dict[tuple[int, LetterKind], int]) -> int:
    """Record how many letters and cards the class wrote by hand, per case and kind;
    returns how many of the numbers wait for an organiser's review.

    The numbers replace what was reported before (a teacher corrects a tally by
    reporting it again), so reporting twice never counts twice. A number above
    TALLY_REVIEW_ABOVE counts only once an organiser approves it (webapp.moderation);
    until then the last approved number counts (issue 21, item 13).
    """
    maximum = current_app.config["TALLY_MAX"]
    review_above = current_app.config["TALLY_REVIEW_ABOVE"]
    allowed = {(case.id, kind) for case, kinds in cases_for_classroom(classroom) for kind in kinds}
    existing = tallies(classroom)
    waiting = 0
    for (case_id, kind), count in counts.items():
        if count < 0 or count > maximum:
            raise ClassroomError(
                _(
                    "Please give a number between 0 and %(maximum)s for each case.",
                    maximum=format_number(maximum),
                )
            )
        if (case_id, kind) not in allowed and count:
            raise ClassroomError(_("One of those cases is not open to this class."))
        if (case_id, kind) not in existing and not count:
            continue
        tally = _tally_row(classroom, case_id, kind, existing)
        if count <= review_above:
            tally.counted, tally.review = count, TallyReview.APPROVED
        elif (tally.review is TallyReview.APPROVED and count == tally.counted) or (
            tally.review is not TallyReview.APPROVED and count == tally.reported
        ):
            pass  # the form sends every number again: an unchanged one keeps its state
        else:
            tally.review = TallyReview.PENDING
        tally.reported = count
        waiting += tally.review is TallyReview.PENDING
    db.session.flush()
    log.info("classroom %s reported its handwritten tally (%s to review)", classroom.id, waiting)
    return waiting


def mark_class_posted(classroom: Classroom) -> int:
    """The teacher posted the printed letters: they count as posted. Returns how many."""
    printed = db.session.scalars(
        select(Letter).where(
            Letter.classroom_id == classroom.id, Letter.status == LetterStatus.PRINTED
        )
    ).all()
    now = utcnow()
    for letter in printed:
        letter.status = LetterStatus.POSTED
        letter.posted_at = now
    db.session.flush()
    log.info("classroom %s: %d letter(s) posted", classroom.id, len(printed))
    return len(printed)


# Retention -----------------------------------------------------------------------------


def purge_closed_classrooms(now: datetime, retention_days: int) -> int:
    """Delete the students and letters of classes closed more than retention_days ago.

    What they counted towards each case is kept first, in the classroom's tallies, so the
    organisation's totals do not change. Returns how many letters were deleted.
    """
    cutoff = now - timedelta(days=retention_days)
    due = db.session.scalars(
        select(Classroom.id).where(
            Classroom.status == ClassroomStatus.CLOSED,
            Classroom.closed_at <= cutoff,
            Classroom.letters_deleted_at.is_(None),
        )
    ).all()
    deleted = 0
    for classroom_id in due:
        # Claim the classroom first: when two workers purge at once, the second waits on
        # this row, then finds it taken, so no letter is counted into the tallies twice.
        claimed = db.session.execute(
            update(Classroom)
            .where(Classroom.id == classroom_id, Classroom.letters_deleted_at.is_(None))
            .values(letters_deleted_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:
            continue
        classroom = db.session.get(Classroom, classroom_id)
        rows = db.session.execute(
            select(Letter.case_id, Letter.kind, Letter.status, func.count())
            .where(Letter.classroom_id == classroom.id, Letter.status.in_(WRITTEN_STATUSES))
            .group_by(Letter.case_id, Letter.kind, Letter.status)
        ).all()
        existing = tallies(classroom)
        for case_id, kind, status, count in rows:
            tally = _tally_row(classroom, case_id, kind, existing)
            tally.archived_written += count
            if status is LetterStatus.POSTED:
                tally.archived_posted += count
        db.session.flush()
        # Letters go with their students (and PDFs with their letters): database cascades.
        deleted += db.session.execute(
            delete(Letter).where(Letter.classroom_id == classroom.id)
        ).rowcount
        db.session.execute(delete(Student).where(Student.classroom_id == classroom.id))
        db.session.execute(delete(ClassPrintJob).where(ClassPrintJob.classroom_id == classroom.id))
        log.info("classroom %s: students and letters deleted after closing", classroom.id)
    db.session.flush()
    return deleted


# Demo ----------------------------------------------------------------------------------


def seed_demo_classroom() -> Classroom:
    """A verified demo teacher with one open classroom, to try the classroom side."""
    from webapp.accounts.services import demo_user

    teacher = demo_user(UserRole.TEACHER)
    classroom = db.session.scalar(
        select(Classroom).where(Classroom.teacher_id == teacher.id).order_by(Classroom.id)
    )
    if classroom is None:
        classroom = create_classroom(
            teacher,
            name="Year 8 Citizenship",
            school="Riverside School",
            town="Leeds",
            country="GB",
            age_band=AgeBand.FROM_11,
        )
    return classroom
