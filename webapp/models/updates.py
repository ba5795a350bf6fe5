"""What happened since: updates on a case (good news, the authority's answer, a transfer,
the petition's delivery), published by organisers to the people who acted."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.models.base import Base, enum_type, utcnow

if TYPE_CHECKING:
    from webapp.models.campaigns import Case


class UpdateKind(enum.Enum):
    RELEASED = "released"
    CHARGES_DROPPED = "charges_dropped"
    SENTENCE_COMMUTED = "commuted"
    AUTHORITY_RESPONSE = "response"
    TRANSFERRED = "transferred"
    PETITION_DELIVERED = "delivered"
    OTHER = "other"

    @property
    def is_good_news(self) -> bool:
        return self in (
            UpdateKind.RELEASED,
            UpdateKind.CHARGES_DROPPED,
            UpdateKind.SENTENCE_COMMUTED,
        )


class CaseUpdate(Base):
    """One update on a case, written in one language (`language`), with translations in
    `texts`. A draft until published_at is set."""

    __tablename__ = "case_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[UpdateKind] = mapped_column(enum_type(UpdateKind))
    happened_on: Mapped[date]
    language: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    # An optional photo (issue 18, item 1), re-encoded as case photos are (every hidden
    # detail removed); its address carries photo_digest, so a new photo is a new address.
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    photo_mime: Mapped[str] = mapped_column(String(30), default="", server_default=text("''"))
    photo_digest: Mapped[str] = mapped_column(String(64), default="", server_default=text("''"))
    photo_alt: Mapped[str] = mapped_column(String(300), default="", server_default=text("''"))
    photo_width: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    photo_height: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    case: Mapped[Case] = relationship()
    texts: Mapped[list[CaseUpdateText]] = relationship(
        back_populates="update", cascade="all, delete-orphan", order_by="CaseUpdateText.language"
    )

    @property
    def photo_key(self) -> str:
        return self.photo_digest[:16]

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CaseUpdateText(Base):
    """An update's title and text in another language than its original."""

    __tablename__ = "case_update_texts"
    __table_args__ = (UniqueConstraint("update_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(ForeignKey("case_updates.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    update: Mapped[CaseUpdate] = relationship(back_populates="texts")
