"""Emailing a case update to the people who acted (issue 18, items 3 to 5): the mailing,
its recipients as a queue, and the addresses that must not be written to again."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.models.base import Base, enum_type, utcnow

if TYPE_CHECKING:
    from webapp.models.updates import CaseUpdate


class MailingStatus(enum.Enum):
    # A long list being made by the background job; nothing can be sent yet.
    LISTING = "listing"
    # Recipients listed and counted; nothing sent until the organiser presses Send.
    PREPARED = "prepared"
    SENDING = "sending"
    DONE = "done"


class UpdateMailing(Base):
    """One update emailed to its case's signers and letter writers: at most one per
    update, so no address can get one update twice."""

    __tablename__ = "update_mailings"

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(
        ForeignKey("case_updates.id", ondelete="CASCADE"), unique=True
    )
    to_signers: Mapped[bool] = mapped_column(default=False)
    to_letter_writers: Mapped[bool] = mapped_column(default=False)
    status: Mapped[MailingStatus] = mapped_column(
        enum_type(MailingStatus), default=MailingStatus.PREPARED
    )
    prepared_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    # A sending run holds the mailing for a lease, so two workers never split its rate;
    # if the run dies, the lease runs out and another takes over where it stopped.
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claimed_until: Mapped[datetime | None]

    update: Mapped[CaseUpdate] = relationship()


class RecipientStatus(enum.Enum):
    QUEUED = "queued"
    SENT = "sent"  # written to the outbox, in the transaction that marked it
    SKIPPED = "skipped"  # unsubscribed or undeliverable after the list was made
    FAILED = "failed"  # the mail server refused the address for good


class UpdateRecipient(Base):
    """One address a mailing writes to, once."""

    __tablename__ = "update_recipients"
    __table_args__ = (
        # One email per person per update, whatever dots or +tags their addresses had.
        UniqueConstraint("mailing_id", "email_key", name="uq_update_recipients_mailing_email"),
        # The sending job takes the next queued ones in order; the progress counts by status.
        Index("ix_update_recipients_mailing_status_id", "mailing_id", "status", "id"),
        # Finding the recipient an outbox message was for, when the server refuses it.
        Index("ix_update_recipients_outbox_id", "outbox_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mailing_id: Mapped[int] = mapped_column(ForeignKey("update_mailings.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))
    # The keyed hash of the canonical address: what suppressions are looked up by.
    email_key: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(10), default="en")
    status: Mapped[RecipientStatus] = mapped_column(
        enum_type(RecipientStatus), default=RecipientStatus.QUEUED
    )
    # No foreign key: sent messages are purged from the outbox after a while.
    outbox_id: Mapped[int | None]
    handed_at: Mapped[datetime | None] = mapped_column(index=True)


class SuppressionReason(enum.Enum):
    UNSUBSCRIBED = "unsubscribed"
    UNDELIVERABLE = "undeliverable"


# The scope of a suppression that covers every case.
ALL_CASES = "all"


class EmailSuppression(Base):
    """An address no update may be emailed to again: for one case or all, because its
    owner unsubscribed or its mail server refused it for good. Kept as a keyed hash of the
    canonical address, never the address: honouring "stop" needs no copy of it, and it
    outlives the erasure of the person's other data."""

    __tablename__ = "email_suppressions"
    __table_args__ = (
        UniqueConstraint("email_key", "scope", "reason", name="uq_email_suppressions_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email_key: Mapped[str] = mapped_column(String(64), index=True)
    # ALL_CASES, or "case:<id>".
    scope: Mapped[str] = mapped_column(String(40))
    reason: Mapped[SuppressionReason] = mapped_column(enum_type(SuppressionReason))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def case_scope(case_id: int) -> str:
    return f"case:{case_id}"
