"""Reading emails as they will be sent, before the outbox worker has run."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import OutboxMessage
from webapp.outbox.writing import write_deferred


def as_sent(messages: Iterable[OutboxMessage]) -> list[OutboxMessage]:
    """The outbox rows with their text, those the worker writes when it sends them
    (render_args, webapp/outbox/writing.py) written as it will write them. The rows are
    detached, not changed: the worker still finds them to write and send."""
    found = list(messages)
    for message in found:
        if message.render_args is None:
            continue
        written = write_deferred(message.kind, message.render_args)
        if written is None:  # what it was about is gone: the worker sends nothing
            continue
        db.session.expunge(message)
        message.subject = written.subject
        message.body_text = written.body_text
        message.body_html = written.body_html
    return found


def newest_to(recipient: str) -> OutboxMessage:
    """The newest email to this address, as it will be sent."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.recipient == recipient)
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
    [message] = as_sent(db.session.scalars(query))
    return message
