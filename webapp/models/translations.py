"""What organisers wrote about a case in other languages than its original (issue 20).

One row per translated field and language, beside the original's columns: a case's
headline in French is a CaseTranslation(language="fr", field="headline"). Each row keeps
a digest of the original's text as it was when the translation was saved, so a changed
original shows which translations are out of date (webapp/campaigns/translations.py).
A field with no row reads as the original.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.models.base import Base, utcnow


class _TranslatedField:
    """The columns every translation table shares."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # A BCP 47 tag: "fr", or with a script where a language has two ("sr-Latn").
    language: Mapped[str] = mapped_column(String(16))
    field: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    # SHA-256 of the original field's text when this translation was saved.
    source_digest: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def _owner(table: str) -> Mapped[int]:
    return mapped_column(ForeignKey(f"{table}.id", ondelete="CASCADE"), index=True)


class CaseTranslation(_TranslatedField, Base):
    __tablename__ = "case_translations"
    __table_args__ = (UniqueConstraint("case_id", "language", "field"),)
    case_id: Mapped[int] = _owner("cases")


class IssueAreaTranslation(_TranslatedField, Base):
    __tablename__ = "issue_area_translations"
    __table_args__ = (UniqueConstraint("issue_area_id", "language", "field"),)
    issue_area_id: Mapped[int] = _owner("issue_areas")


class PetitionTranslation(_TranslatedField, Base):
    __tablename__ = "petition_translations"
    __table_args__ = (UniqueConstraint("petition_id", "language", "field"),)
    petition_id: Mapped[int] = _owner("petitions")


class TargetTranslation(_TranslatedField, Base):
    __tablename__ = "target_translations"
    __table_args__ = (UniqueConstraint("target_id", "language", "field"),)
    target_id: Mapped[int] = _owner("targets")


__all__ = [
    "CaseTranslation",
    "IssueAreaTranslation",
    "PetitionTranslation",
    "TargetTranslation",
]
