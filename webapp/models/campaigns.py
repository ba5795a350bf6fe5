"""Issue areas, cases (individuals at risk) and the authorities they ask letters of."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.models.ages import AgeBand
from webapp.models.base import Base, enum_type, utcnow
from webapp.models.translations import CaseTranslation, IssueAreaTranslation, TargetTranslation

if TYPE_CHECKING:
    from webapp.models.petitions import Petition


class IssueArea(Base):
    """One of the organisation's themes, with its summary and "things to know" facts."""

    __tablename__ = "issue_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    facts: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    # The language its texts are written in; translations sit beside them (issue 20).
    language: Mapped[str] = mapped_column(String(16), default="en", server_default="en")

    cases: Mapped[list[Case]] = relationship(back_populates="issue_area")
    translations: Mapped[list[IssueAreaTranslation]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    TRANSLATED = ("name", "summary", "facts")


class CaseStatus(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"
    GOOD_NEWS = "good_news"


PUBLIC_CASE_STATUSES = (CaseStatus.PUBLISHED, CaseStatus.CLOSED, CaseStatus.GOOD_NEWS)


class Case(Base):
    """An individual or group at risk, whose story the organisation publishes."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    issue_area_id: Mapped[int | None] = mapped_column(ForeignKey("issue_areas.id"), index=True)
    headline: Mapped[str] = mapped_column(String(200))
    story: Mapped[str] = mapped_column(Text)
    # The story told for the students of each age band (issue 16, item 5); empty: not
    # written (see story_for).
    story_under_11: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    story_11_13: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    story_14_18: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    ask: Mapped[str] = mapped_column(Text)
    status: Mapped[CaseStatus] = mapped_column(enum_type(CaseStatus), default=CaseStatus.DRAFT)
    featured: Mapped[bool] = mapped_column(default=False)
    # Whether cards to the person themselves are safe, and may name their sender.
    solidarity_safe: Mapped[bool] = mapped_column(default=False)
    sender_address_allowed: Mapped[bool] = mapped_column(default=False)
    # Whether cards carry only the writer's first name: for people a family name on a
    # card could endanger, or whose mail is read for one.
    card_first_name_only: Mapped[bool] = mapped_column(default=False, server_default=false())
    safety_notes: Mapped[str] = mapped_column(Text, default="")
    # Where cards for the person go (often a family member or a forwarding office);
    # no address, no cards, whatever solidarity_safe says.
    card_address: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    card_country: Mapped[str] = mapped_column(String(2), default="", server_default=text("''"))
    # The youngest age of a class offered this case (some stories are for older students).
    classroom_min_age: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    # A file under static/ (the seeded demo illustrations); an uploaded photo, when there
    # is one, is shown instead (CasePhoto).
    photo_path: Mapped[str | None] = mapped_column(String(300))
    photo_alt: Mapped[str] = mapped_column(String(300), default="")
    # The language the case is written in (its petitions' and targets' texts too);
    # translations sit beside it (issue 20).
    language: Mapped[str] = mapped_column(String(16), default="en", server_default="en")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    issue_area: Mapped[IssueArea | None] = relationship(back_populates="cases")
    targets: Mapped[list[Target]] = relationship(
        back_populates="case", order_by="Target.position", cascade="all, delete-orphan"
    )
    petitions: Mapped[list[Petition]] = relationship(back_populates="case")
    photo: Mapped[CasePhoto | None] = relationship(
        back_populates="case", cascade="all, delete-orphan", passive_deletes=True
    )
    translations: Mapped[list[CaseTranslation]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    # The person's name is translated too: its form in another script or language.
    TRANSLATED = ("name", "headline", "story", "ask", "photo_alt")

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_CASE_STATUSES

    @property
    def accepts_cards(self) -> bool:
        return self.solidarity_safe and bool(self.card_address.strip())

    @property
    def card_address_lines(self) -> list[str]:
        return [line for line in self.card_address.splitlines() if line.strip()]

    def story_for(self, band: AgeBand) -> str:
        """The story written for students of this age band; only 14-18 fall back to the
        general story, which is written for adults. Empty: show the headline and the ask."""
        story = {
            AgeBand.UNDER_11: self.story_under_11,
            AgeBand.FROM_11: self.story_11_13,
            AgeBand.FROM_14: self.story_14_18,
        }[band]
        if story.strip():
            return story
        return self.story if band is AgeBand.FROM_14 else ""

    @property
    def has_photo(self) -> bool:
        return self.photo is not None or bool(self.photo_path)


class Target(Base):
    """An authority a case asks letters of, with the postal details a letter needs."""

    __tablename__ = "targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    salutation: Mapped[str] = mapped_column(String(200))
    # The postal address without the country line, one line per line.
    address: Mapped[str] = mapped_column(Text)
    country: Mapped[str] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(10), default="en")
    position: Mapped[int] = mapped_column(default=0)

    case: Mapped[Case] = relationship(back_populates="targets")
    translations: Mapped[list[TargetTranslation]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    # The title and salutation a letter in another language prints (issue 17, item 6).
    TRANSLATED = ("title", "salutation")

    @property
    def address_lines(self) -> list[str]:
        return [line for line in self.address.splitlines() if line.strip()]


class CasePhoto(Base):
    """A case's uploaded photo, re-encoded and stripped of metadata, kept in the database.

    In the database, not on disk: web processes are stateless and share nothing else.
    Its own table keeps the bytes out of every query that lists cases; the address it is
    served at carries the digest, so a new photo is a new address and the old one can be
    cached for good.
    """

    __tablename__ = "case_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    mime_type: Mapped[str] = mapped_column(String(30))
    width: Mapped[int]
    height: Mapped[int]
    byte_size: Mapped[int]
    # SHA-256 of the content, hex.
    digest: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship(back_populates="photo")

    @property
    def key(self) -> str:
        """The part of the photo's address that changes whenever the photo does."""
        return self.digest[:16]


class ShareImage(Base):
    """A rendered share image (webapp.campaigns.share_image), kept so that it is made once
    per content, not per request, and shared by every web process. `key` is the hash of
    what it shows; an edit makes a new key, and the old row is left to be purged."""

    __tablename__ = "share_images"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    # None: the site's own image (the home page and pages of no one case).
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    png: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
