"""Who is signed in, and the decorators that keep views to the right people.

The session holds the user's id and a stamp of when their password last changed: a new
password (a reset, say) ends every other session at once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import abort, g, has_request_context, redirect, request, session, url_for

from webapp.extensions import db
from webapp.models import User, UserRole

_USER_ID = "user_id"
_STAMP = "user_stamp"
# A student has no account: the session holds their student id and key
# (webapp/classrooms/student_views.py looks them up).
STUDENT = "student_id"


def _stamp(user: User) -> str:
    return user.password_changed_at.isoformat()


def login_user(user: User) -> None:
    """Start a fresh session for this user (nothing from before carries over)."""
    session.clear()
    session[_USER_ID] = user.id
    session[_STAMP] = _stamp(user)
    session.permanent = True
    g.current_user = user


def logout_user() -> None:
    """End the session entirely."""
    session.clear()
    g.current_user = None


def current_user() -> User | None:
    """The signed-in user, or None; loaded once per request (None outside requests)."""
    if not has_request_context():
        return None
    if "current_user" not in g:
        user = None
        user_id = session.get(_USER_ID)
        if user_id is not None:
            user = db.session.get(User, user_id)
            if user is None or not user.is_active or session.get(_STAMP) != _stamp(user):
                session.pop(_USER_ID, None)
                session.pop(_STAMP, None)
                user = None
        g.current_user = user
    return g.current_user


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
