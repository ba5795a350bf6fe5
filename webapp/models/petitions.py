"""Petitions, their signatures, and the sharded counters that total them."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.models.base import Base, enum_type, utcnow
from webapp.models.jobs import PdfJob
from webapp.models.translations import PetitionTranslation

if TYPE_CHECKING:
    from webapp.models.campaigns import Case, Target


class PetitionStatus(enum.Enum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Petition(Base):
    """A text addressed to a target, signed by supporters toward a goal."""

    __tablename__ = "petitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    target_id: Mapped[int | None] = mapped_column(ForeignKey("targets.id"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    goal: Mapped[int] = mapped_column(default=1000)
    status: Mapped[PetitionStatus] = mapped_column(
        enum_type(PetitionStatus), default=PetitionStatus.DRAFT
    )
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    # When an organiser closed it (closes_at is when it closes on its own): signers'
    # personal data is anonymised a set time after whichever came first.
    closed_at: Mapped[datetime | None]
    # The outcome (issue 18, item 6): when it was handed over, and to whom, as the
    # organiser recorded it; shown on the case page and the thank-you page.
    delivered_on: Mapped[date | None]
    delivered_to: Mapped[str] = mapped_column(String(200), default="", server_default=text("''"))
    # What signers are told on the thank-you page happens next (issue 15, item 4): the
    # organiser's own words, and the day the petition is due to be handed over.
    next_steps: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    delivery_planned_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case | None] = relationship(back_populates="petitions")
    target: Mapped[Target | None] = relationship()
    translations: Mapped[list[PetitionTranslation]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    TRANSLATED = ("title", "body", "next_steps")

    def is_open_at(self, now: datetime) -> bool:
        """Whether signatures are accepted at this moment."""
        if self.status is not PetitionStatus.OPEN:
            return False
        if self.opens_at is not None and now < self.opens_at:
            return False
        return self.closes_at is None or now < self.closes_at


class SignatureStatus(enum.Enum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    INVALIDATED = "invalidated"


class Signature(Base):
    """One supporter's signature on one petition; counted only once confirmed."""

    __tablename__ = "signatures"
    __table_args__ = (
        # One signature per person per petition, whatever dots or +tags they type.
        UniqueConstraint("petition_id", "email_canonical"),
        # Counting a petition's confirmed signatures, and listing them in order.
        Index("ix_signatures_petition_id_status_id", "petition_id", "status", "id"),
        Index("ix_signatures_status_created_at", "status", "created_at"),
        # The daily roll-up re-reads the signatures confirmed since a day.
        Index("ix_signatures_confirmed_at", "confirmed_at"),
        # A supporter asking for a copy of their data, or its erasure, across petitions.
        Index("ix_signatures_email_canonical", "email_canonical"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id", ondelete="CASCADE"))
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    email_canonical: Mapped[str] = mapped_column(String(320))
    country: Mapped[str] = mapped_column(String(2))
    opt_in: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(40), default="web")
    status: Mapped[SignatureStatus] = mapped_column(
        enum_type(SignatureStatus), default=SignatureStatus.PENDING
    )
    # Random and secret; the confirmation link carries it signed with SECRET_KEY, so
    # every email about this signature holds the same working link.
    token_nonce: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    # Follow-up emails ("confirm again", "already signed"), capped per window.
    notices_sent: Mapped[int] = mapped_column(default=0)
    notices_window_start: Mapped[datetime | None]
    # The version of the consent text shown beside the button (webapp.privacy.consent);
    # None for signatures taken before versions were recorded.
    consent_version: Mapped[str | None] = mapped_column(String(20))
    # A keyed hash of the signer's network address, for fraud checks; the address itself
    # is never stored (webapp.privacy.clients).
    client_hash: Mapped[str | None] = mapped_column(String(32))
    # The interface language they signed in: the language their emails are written in.
    language: Mapped[str] = mapped_column(String(10), default="en", server_default=text("'en'"))
    # Set when name, email and client hash were wiped (erasure on request, or retention
    # after the petition closed); the row stays so that totals and countries still add up.
    anonymised_at: Mapped[datetime | None]

    petition: Mapped[Petition] = relationship()


class PetitionCountShard(Base):
    """One slice of a petition's confirmed-signature total.

    Confirmations add to one of several rows so that, under a surge on PostgreSQL,
    signers do not all queue for the lock on a single counter row. The shown total is
    the sum of the slices; `flask recount` rebuilds them from the signature rows.
    """

    __tablename__ = "petition_count_shards"

    petition_id: Mapped[int] = mapped_column(
        ForeignKey("petitions.id", ondelete="CASCADE"), primary_key=True
    )
    shard: Mapped[int] = mapped_column(primary_key=True)
    count: Mapped[int] = mapped_column(default=0)


class SignatureDailyCount(Base):
    """Confirmed signatures per petition, day (UTC) and country: a roll-up of the rows.

    The dashboard reads this instead of grouping a million rows (exports, which must match
    the rows exactly, group the rows themselves).
    It is rebuilt for recent days every few seconds (webapp.petitions.rollups), and for
    every day a moderation touched, so it lags the rows by seconds at most.
    """

    __tablename__ = "signature_daily_counts"

    petition_id: Mapped[int] = mapped_column(
        ForeignKey("petitions.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)


class DeliveryPack(PdfJob, Base):
    """The PDF handed to a petition's target: its text, total, countries and, if chosen,
    the signers' names and countries. Built in the background for large petitions."""

    __tablename__ = "delivery_packs"
    __table_args__ = (Index("ix_delivery_packs_status_created_at", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(
        ForeignKey("petitions.id", ondelete="CASCADE"), index=True
    )
    include_names: Mapped[bool] = mapped_column(default=False)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The interface language of the organiser who asked: the pack is written in it.
    language: Mapped[str] = mapped_column(String(16), default="en")
    # The signers it counts are the confirmed ones up to this signature (set when built),
    # and the SHA-256 of their CSV export (webapp.exports), printed on the last page.
    last_signature_id: Mapped[int | None]
    signers_sha256: Mapped[str | None] = mapped_column(String(64))

    petition: Mapped[Petition] = relationship()
