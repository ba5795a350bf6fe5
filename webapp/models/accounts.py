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


class UserSession(Base):
    """One signed-in browser. Its cookie holds only a random token; the row is keyed by
    the token's SHA-256, so the table alone opens no session. Logging out deletes the
    row; a new password and switching the account off delete all of the user's rows, so
    a copied cookie dies with them (and switching the account on again revives none)."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Fixed at login: using the session never moves it.
    expires_at: Mapped[datetime]


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
