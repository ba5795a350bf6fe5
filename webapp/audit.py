"""The audit log, written in one place: every admin-side change and every export."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import AuditEvent, User

log = logging.getLogger(__name__)


def record(actor: User, action: str, *, subject: Any = None, summary: str = "", **details) -> None:
    """Add an event to the log, in the caller's transaction (so it commits with the change).

    `subject` is the row acted on (its class and id are kept); `details` must be plain
    JSON values, never personal data beyond what the action itself concerns."""
    event = AuditEvent(
        actor_id=actor.id,
        actor_email=actor.email,
        action=action,
        subject_type=type(subject).__name__ if subject is not None else "",
        subject_id=str(getattr(subject, "id", "") or "") if subject is not None else "",
        summary=summary[:2000],
        details=details,
    )
    db.session.add(event)
    db.session.flush()
    log.info(
        "audit: %s by user %s on %s %s", action, actor.id, event.subject_type, event.subject_id
    )


def events(
    *, page: int, per_page: int = 50, action: str | None = None
) -> tuple[list[AuditEvent], int]:
    """One page of the log, newest first, and how many events there are in all."""
    query = select(AuditEvent)
    counted = select(func.count()).select_from(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
        counted = counted.where(AuditEvent.action == action)
    rows = db.session.scalars(
        query.order_by(AuditEvent.id.desc()).limit(per_page).offset((page - 1) * per_page)
    )
    return list(rows), db.session.scalar(counted) or 0
