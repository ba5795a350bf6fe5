"""Who is signed in, and the decorators that keep views to the right people.

A signed-in browser is a row in user_sessions; its cookie holds only a random token
(nothing readable: no user id, no time), and the row is keyed by the token's hash.
Logging out deletes the row, so a copied cookie stops working at once; a new password
and switching the account off delete every row of the user (end_sessions), so re-enabling
the account revives none. A session ends SESSION_ABSOLUTE_HOURS after login however much
it is used, and after SESSION_IDLE_MINUTES without a request.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import abort, current_app, g, has_request_context, redirect, request, session, url_for
from sqlalchemy import delete, or_

from webapp.extensions import db
from webapp.models import User, UserRole, UserSession, utcnow

_TOKEN = "session_token"  # noqa: S105 - the session key's name, not a secret
# last_seen_at is written at most this often, not on every request.
_SEEN_EVERY = timedelta(minutes=1)
# A student has no account: the session holds their student id and key
# (webapp/classrooms/student_views.py looks them up).
STUDENT = "student_id"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def login_user(user: User) -> None:
    """Start a fresh session for this user (nothing from before carries over)."""
    _end_this_session()
    session.clear()
    now = utcnow()
    # Sessions that ran out (anyone's) are tidied away here: the table holds at most the
    # logins of the last SESSION_ABSOLUTE_HOURS.
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    db.session.execute(
        delete(UserSession).where(
            or_(UserSession.expires_at <= now, UserSession.last_seen_at < now - idle)
        )
    )
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            id=_token_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=current_app.config["SESSION_ABSOLUTE_HOURS"]),
        )
    )
    db.session.flush()
    session[_TOKEN] = token
    session.permanent = True
    g.current_user = user


def logout_user() -> None:
    """End the session entirely (a copy of its cookie ends with it)."""
    _end_this_session()
    session.clear()
    g.current_user = None


def end_sessions(user: User) -> None:
    """End every session of this user, on every device (a new password, an account
    switched off)."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    if has_request_context() and g.get("current_user") is user:
        g.current_user = None


def _end_this_session() -> None:
    token = session.get(_TOKEN)
    if isinstance(token, str):
        db.session.execute(delete(UserSession).where(UserSession.id == _token_hash(token)))


def _session_user() -> User | None:
    token = session.get(_TOKEN)
    if not isinstance(token, str):
        return None
    row = db.session.get(UserSession, _token_hash(token))
    now = utcnow()
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    if row is None or row.expires_at <= now or now - row.last_seen_at > idle:
        session.pop(_TOKEN, None)
        if row is not None:
            db.session.delete(row)
        return None
    user = db.session.get(User, row.user_id)
    if user is None or not user.is_active:
        session.pop(_TOKEN, None)
        return None
    if now - row.last_seen_at > _SEEN_EVERY:
        row.last_seen_at = now
    return user


def current_user() -> User | None:
    """The signed-in user, or None; loaded once per request (None outside requests)."""
    if not has_request_context():
        return None
    if "current_user" not in g:
        g.current_user = _session_user()
    return g.current_user


def anyone_signed_in() -> bool:
    """Whether this browser's session names a user or a student, unchecked (no query)."""
    return _TOKEN in session or student_in_session()[0] is not None


def student_in_session() -> tuple[int | None, str | None]:
    """The student id and key this browser's session holds, unchecked; (None, None)
    (also outside requests: emails rendered by the worker)."""
    held = session.get(STUDENT) if has_request_context() else None
    if isinstance(held, list) and len(held) >= 2:
        return held[0], held[1]
    return None, None


def safe_next(target: str | None) -> str | None:
    """A path on this site to return to after login; anything else is dropped."""
    if not target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        # urlsplit drops tabs and newlines before parsing: refuse them outright.
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


def refuse_unless(*roles: UserRole):
    """None if the signed-in user has one of these roles; else the answer to give:
    anonymous visitors are sent to the login page, others get a 403."""
    user = current_user()
    if user is None:
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    if user.role not in roles:
        abort(403)
    return None


def roles_required(*roles: UserRole) -> Callable:
    """Only these roles, for one view (refuse_unless)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any):
            return refuse_unless(*roles) or view(*args, **kwargs)

        return wrapped

    return decorator


ORGANISATION_ROLES = (UserRole.ORGANISER, UserRole.ADMIN)
TEACHER_ROLES = (UserRole.TEACHER, UserRole.ADMIN)

admin_required = roles_required(UserRole.ADMIN)
