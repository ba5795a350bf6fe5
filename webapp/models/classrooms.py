"""Classrooms: a teacher's group, its students (a first name, nothing more), the tallies
it reports and the class PDFs it prints."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.models.ages import AgeBand
from webapp.models.base import Base, enum_type, utcnow
from webapp.models.jobs import PdfJob
from webapp.models.letters import LetterKind

if TYPE_CHECKING:
    from webapp.models.accounts import User
    from webapp.models.campaigns import Case


class ClassroomStatus(enum.Enum):
    OPEN = "open"
    CLOSED = "closed"  # no new students or letters; letters deleted after the retention time


class Classroom(Base):
    """A teacher's group of students writing letters together."""

    __tablename__ = "classrooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    school: Mapped[str] = mapped_column(String(150))
    town: Mapped[str] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2))
    age_band: Mapped[AgeBand] = mapped_column(enum_type(AgeBand))
    # Stored without its hyphen, in capitals: what normalise_join_code() makes of any input.
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[ClassroomStatus] = mapped_column(
        enum_type(ClassroomStatus), default=ClassroomStatus.OPEN
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    # When retention deleted the students' letters; the tallies stay.
    letters_deleted_at: Mapped[datetime | None]

    teacher: Mapped[User] = relationship()
    students: Mapped[list[Student]] = relationship(
        back_populates="classroom", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_open(self) -> bool:
        return self.status is ClassroomStatus.OPEN


def new_student_key() -> str:
    """A random key kept in the student's session beside their id: ids are reused by
    SQLite after deletions, keys never match again."""
    return secrets.token_urlsafe(16)


class Student(Base):
    """A student in a classroom: a first name or nickname, and nothing else about them."""

    __tablename__ = "students"

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(
        ForeignKey("classrooms.id", ondelete="CASCADE"), index=True
    )
    display_name: Mapped[str] = mapped_column(String(40))
    session_key: Mapped[str] = mapped_column(String(32), default=new_student_key)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A one-time code the teacher gave to continue on another device: only its keyed
    # hash (webapp.keys), looked up by it, and when it stops working. Cleared once used.
    resume_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    resume_expires_at: Mapped[datetime | None]

    classroom: Mapped[Classroom] = relationship(back_populates="students")


class TallyReview(enum.Enum):
    """Whether a hand tally counts: numbers above TALLY_REVIEW_ABOVE wait for an organiser."""

    APPROVED = "approved"
    PENDING = "pending"
    REFUSED = "refused"


class ClassroomTally(Base):
    """What a classroom counts towards a case: letters and cards written by hand and
    reported by the teacher, and letters written here whose text retention deleted."""

    __tablename__ = "classroom_tallies"
    __table_args__ = (UniqueConstraint("classroom_id", "case_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[LetterKind] = mapped_column(enum_type(LetterKind))
    # What the teacher last reported ...
    reported: Mapped[int] = mapped_column(default=0)
    # ... and what of it counts publicly: the last number approved (by the threshold or an
    # organiser). While `review` is PENDING, `reported` waits and `counted` stays.
    counted: Mapped[int] = mapped_column(default=0)
    review: Mapped[TallyReview] = mapped_column(
        enum_type(TallyReview), default=TallyReview.APPROVED, index=True
    )
    # Written on the platform, counted before their text was deleted (see retention).
    archived_written: Mapped[int] = mapped_column(default=0)
    archived_posted: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    case: Mapped[Case] = relationship()
    classroom: Mapped[Classroom] = relationship()


class ClassPrintJob(PdfJob, Base):
    """One PDF of a classroom's approved letters, built in the background when large."""

    __tablename__ = "class_print_jobs"
    __table_args__ = (Index("ix_class_print_jobs_status_created_at", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(
        ForeignKey("classrooms.id", ondelete="CASCADE"), index=True
    )
    pad_to_even: Mapped[bool] = mapped_column(default=True)
    # False: only the letters not printed yet; True: the teacher asked to print all again.
    reprint_all: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The language the cover sheet is written in: the teacher's when they asked for it.
    language: Mapped[str] = mapped_column(String(16), default="en", server_default="en")

    classroom: Mapped[Classroom] = relationship()
