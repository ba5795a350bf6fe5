"""Appeal letters and solidarity cards, the texts they start from, and their printed PDFs."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.models.ages import AgeBand
from webapp.models.base import Base, enum_type, utcnow

if TYPE_CHECKING:
    from webapp.models.campaigns import Case, Target
    from webapp.models.classrooms import Classroom, Student


class LetterKind(enum.Enum):
    APPEAL = "appeal"  # to the authority that holds the person
    CARD = "card"  # a solidarity card to the person themselves


class LetterStatus(enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # a student's letter waiting for the teacher
    APPROVED = "approved"
    RETURNED = "returned"
    PRINTED = "printed"
    POSTED = "posted"


# A letter counts as written once its text is final: downloaded to print, approved or posted.
WRITTEN_STATUSES = (LetterStatus.APPROVED, LetterStatus.PRINTED, LetterStatus.POSTED)


class PaperSize(enum.Enum):
    A4 = "a4"
    LETTER = "letter"


class LetterTemplate(Base):
    """The text a letter starts from, for one case, kind and language, with advice beside it.

    Organisers edit these: the body is plain text whose only code is placeholders such as
    {{ person }}, filled in by webapp.printing.pdf.render_text.

    A text is for every writer (age_band NULL: supporters, and classes with no text of
    their own) or for the classes of one age band (issue 16, item 5).
    """

    __tablename__ = "letter_templates"
    __table_args__ = (
        # One text per case, kind, language and band; NULLs are distinct in a unique
        # constraint, so the texts for every age get a partial unique index of their own.
        UniqueConstraint("case_id", "kind", "language", "age_band"),
        Index(
            "uq_letter_templates_general",
            "case_id",
            "kind",
            "language",
            unique=True,
            sqlite_where=text("age_band IS NULL"),
            postgresql_where=text("age_band IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[LetterKind] = mapped_column(enum_type(LetterKind))
    language: Mapped[str] = mapped_column(String(10))
    age_band: Mapped[AgeBand | None] = mapped_column(enum_type(AgeBand))
    # Empty: the target's own salutation (cards always give one).
    salutation: Mapped[str] = mapped_column(String(200), default="")
    closing: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    key_points: Mapped[list[str]] = mapped_column(JSON, default=list)
    tips: Mapped[list[str]] = mapped_column(JSON, default=list)

    case: Mapped[Case] = relationship()


def new_letter_token() -> str:
    """The unguessable key in a letter's address: supporters have no account to own it by."""
    return secrets.token_urlsafe(16)


class Letter(Base):
    """One appeal letter or solidarity card, as its writer finished it."""

    __tablename__ = "letters"
    __table_args__ = (
        Index("ix_letters_case_id_status", "case_id", "status"),
        Index("ix_letters_classroom_id_status", "classroom_id", "status"),
        # An update's sending checks its letter writers still ask, by address (the few
        # letters whose link was emailed: a partial index).
        Index(
            "ix_letters_link_email",
            "link_email",
            postgresql_where=text("link_email IS NOT NULL"),
            sqlite_where=text("link_email IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True, default=new_letter_token)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    # Appeals go to a target; cards go to the person, at the case's card address.
    target_id: Mapped[int | None] = mapped_column(ForeignKey("targets.id", ondelete="SET NULL"))
    kind: Mapped[LetterKind] = mapped_column(enum_type(LetterKind))
    language: Mapped[str] = mapped_column(String(10))
    writer_name: Mapped[str] = mapped_column(String(100))
    writer_town: Mapped[str] = mapped_column(String(100), default="")
    writer_country: Mapped[str] = mapped_column(String(2))
    paper: Mapped[PaperSize] = mapped_column(enum_type(PaperSize), default=PaperSize.A4)
    salutation: Mapped[str] = mapped_column(String(200))
    closing: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[LetterStatus] = mapped_column(
        enum_type(LetterStatus), default=LetterStatus.DRAFT
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    printed_at: Mapped[datetime | None]
    posted_at: Mapped[datetime | None]
    # A student's letter: it belongs to the student and goes through the teacher's review.
    classroom_id: Mapped[int | None] = mapped_column(
        ForeignKey("classrooms.id", ondelete="CASCADE")
    )
    student_id: Mapped[int | None] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True
    )
    submitted_at: Mapped[datetime | None]
    reviewed_at: Mapped[datetime | None]
    review_comment: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    # Set when a supporter's name, town and text were wiped after LETTER_DATA_DAYS; the
    # row stays so that the counts of letters written stay right.
    anonymised_at: Mapped[datetime | None]
    # "Email me this link": the address the letter's private link was last sent to, kept
    # no longer than the letter's own name, town and text (wiped with them), and whether
    # its writer asked to hear what happens to the person (unticked unless asked; for a
    # later issue to act on). Issue 15, item 7.
    link_email: Mapped[str | None] = mapped_column(String(254))
    updates_opt_in: Mapped[bool] = mapped_column(default=False, server_default=false())
    # One reminder to post it, LETTER_REMINDER_DAYS after the link was emailed, unless the
    # writer said no on the form or pressed "I posted it" first (issue 18, item 7).
    link_emailed_at: Mapped[datetime | None]
    # The interface language the link was asked for in: the reminder speaks it too.
    link_locale: Mapped[str | None] = mapped_column(String(10))
    post_reminder_wanted: Mapped[bool] = mapped_column(default=False, server_default=false())
    post_reminder_sent_at: Mapped[datetime | None]
    # Optimistic locking: a teacher approving while the student saves must not let one
    # silently overwrite the other (the second gets a "this changed" page instead).
    version: Mapped[int] = mapped_column(default=1, server_default=text("1"))

    case: Mapped[Case] = relationship()
    target: Mapped[Target | None] = relationship()
    classroom: Mapped[Classroom | None] = relationship()
    student: Mapped[Student | None] = relationship()
    document: Mapped[LetterDocument | None] = relationship(
        back_populates="letter", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version}


class LetterDocument(Base):
    """A letter's PDF, rendered once when final and kept, so a class PDF merges, not renders.

    Its own table keeps the letters table small for counting.
    """

    __tablename__ = "letter_documents"

    letter_id: Mapped[int] = mapped_column(
        ForeignKey("letters.id", ondelete="CASCADE"), primary_key=True
    )
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    page_count: Mapped[int]
    rendered_at: Mapped[datetime] = mapped_column(default=utcnow)

    letter: Mapped[Letter] = relationship(back_populates="document")
