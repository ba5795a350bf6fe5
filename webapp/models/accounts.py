"""People with an account: teachers, organisers and admins."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.models.base import Base, enum_type, utcnow


class UserRole(enum.Enum):
    TEACHER = "teacher"  # their own classrooms only
    ORGANISER = "organiser"  # content, counts, exports
    ADMIN = "admin"  # everything, including user management


class User(Base):
    """An account, signed in with email and password (argon2-hashed)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased: one account per mailbox, whatever case it is typed in.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[UserRole] = mapped_column(enum_type(UserRole), default=UserRole.TEACHER)
    email_verified_at: Mapped[datetime | None]
    # Changes with every new password: it ends other sessions and spends reset links.
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # An admin can switch an account off; it can no longer log in, and its sessions end.
    disabled_at: Mapped[datetime | None]

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None


class Invitation(Base):
    """An admin's invitation to become an organiser or admin, accepted through an emailed
    link that sets the password. The link's token names this row; accepting spends it."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    role: Mapped[UserRole] = mapped_column(enum_type(UserRole))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
