"""Delivery of the outbox through a real SMTP server (aiosmtpd on loopback)."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest

from tests.factories import PetitionFactory
from webapp.models import OutboxMessage, OutboxStatus, utcnow
from webapp.outbox.services import deliver_due, enqueue
from webapp.petitions.services import signature_count

VALID = {"full_name": "Ada Lovelace", "email": "ada@example.org", "country": "GB"}


def _link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://localhost(/confirm/\S+)", body).group(1)


def test_the_confirmation_arrives_with_a_link_that_confirms(client, db, smtp_server):
    petition = PetitionFactory()
    client.post(f"/petitions/{petition.slug}/sign", data=VALID)

    report = deliver_due()
    assert (report.sent, report.failed) == (1, 0)
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["ada@example.org"]
    assert petition.title in message["Subject"]
    assert message.get_body(preferencelist=("html",)) is not None

    path = _link(message)
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 303
    assert signature_count(petition) == 1


def test_with_the_server_down_signing_succeeds_and_mail_arrives_after_restart(
    client, db, smtp_server
):
    petition = PetitionFactory()
    smtp_server.stop()
    response = client.post(f"/petitions/{petition.slug}/sign", data=VALID)
    assert response.status_code == 303

    report = deliver_due()
    assert (report.sent, report.failed) == (0, 1)
    message = db.session.scalar(db.select(OutboxMessage))
    assert message.status is OutboxStatus.PENDING
    assert message.attempts == 1
    assert "Connection refused" in message.last_error or "Errno" in message.last_error

    smtp_server.start()
    assert deliver_due().claimed == 0  # backing off: not due yet
    later = utcnow() + timedelta(minutes=1)
    assert deliver_due(now=later).sent == 1
    assert deliver_due(now=later + timedelta(hours=1)).claimed == 0
    assert len(smtp_server.messages) == 1
    assert client.post(_link(smtp_server.messages[0][1])).status_code == 303


def test_backoff_doubles_and_a_message_is_parked_as_dead_after_max_attempts(app, db, smtp_server):
    smtp_server.stop()
    enqueue(kind="test", recipient="x@example.org", subject="S", body_text="B", body_html=None)
    now = utcnow()
    waits = []
    for _ in range(app.config["OUTBOX_MAX_ATTEMPTS"]):
        report = deliver_due(now=now)
        message = db.session.scalar(db.select(OutboxMessage))
        waits.append(message.next_attempt_at - now)
        now = message.next_attempt_at
    assert report.dead == 1
    assert message.status is OutboxStatus.DEAD
    assert waits[0] == timedelta(seconds=10)
    assert waits[1] == timedelta(seconds=20)
    assert max(waits) == timedelta(seconds=app.config["OUTBOX_BACKOFF_MAX_SECONDS"])
    smtp_server.start()
    assert deliver_due(now=now + timedelta(days=1)).claimed == 0


def test_a_claimed_message_is_not_taken_by_another_run_until_its_lease_ends(app, db, smtp_server):
    enqueue(kind="test", recipient="x@example.org", subject="S", body_text="B", body_html=None)
    message = db.session.scalar(db.select(OutboxMessage))
    now = utcnow()
    message.claimed_by, message.claimed_until = "another-worker", now + timedelta(seconds=60)
    db.session.flush()

    assert deliver_due(now=now).claimed == 0
    # The other worker died: after the lease, the message is delivered, once.
    assert deliver_due(now=now + timedelta(seconds=61)).sent == 1
    assert deliver_due(now=now + timedelta(hours=1)).claimed == 0
    assert len(smtp_server.messages) == 1


def test_a_message_sent_again_carries_the_same_message_id(app, db, smtp_server):
    """A worker that dies after the SMTP server took a message, before recording it as
    sent, leaves it to be sent again: the receiver sees one Message-ID and can drop it."""
    enqueue(kind="test", recipient="x@example.org", subject="S", body_text="B", body_html=None)
    enqueue(kind="test", recipient="y@example.org", subject="S", body_text="B", body_html=None)
    assert deliver_due().sent == 2
    first = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).first()
    first.status, first.sent_at = OutboxStatus.PENDING, None  # as if never recorded
    db.session.flush()
    assert deliver_due().sent == 1

    ids = [message["Message-ID"] for _, message in smtp_server.messages]
    assert ids[0] == ids[2] and ids[0] != ids[1]
    assert ids[0].startswith(f"<outbox.{first.id}.")


def test_without_a_mail_server_mail_is_readable_in_the_development_mailbox(client, db, app):
    petition = PetitionFactory()
    client.post(f"/petitions/{petition.slug}/sign", data=VALID)
    assert deliver_due().sent == 1

    index = client.get("/dev/mail/").get_data(as_text=True)
    name = re.search(r'href="/dev/mail/([^"]+\.eml)"', index).group(1)
    page = client.get(f"/dev/mail/{name}").get_data(as_text=True)
    path = re.search(r'href="http://localhost(/confirm/[^"]+)"', page).group(1)
    assert client.post(path).status_code == 303
    assert signature_count(petition) == 1
    assert client.get("/dev/mail/../../etc/passwd").status_code == 404


def test_the_worker_command_delivers_and_exits_with_once(runner, db, smtp_server):
    enqueue(kind="test", recipient="x@example.org", subject="Hi", body_text="B", body_html=None)
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert [m["Subject"] for _, m in smtp_server.messages] == ["Hi"]


@pytest.mark.usefixtures("committed_db")
def test_the_web_process_delivers_within_seconds_when_no_worker_runs(app, smtp_server):
    """The embedded default: the dispatcher thread sends right after the commit."""
    from webapp.background.loops import LOOPS, BackgroundLoop
    from webapp.extensions import db
    from webapp.outbox.jobs import deliver

    # What loops.init_app starts for the outbox job when OUTBOX_IN_PROCESS is on.
    dispatcher = BackgroundLoop(app, deliver, name="outbox", poll_seconds=60)
    app.extensions[LOOPS]["outbox"] = dispatcher
    try:
        slug = PetitionFactory().slug
        db.session.commit()
        client = app.test_client()
        started = time.monotonic()
        assert client.post(f"/petitions/{slug}/sign", data=VALID).status_code == 303
        while not smtp_server.messages and time.monotonic() - started < 10:
            time.sleep(0.05)
        assert len(smtp_server.messages) == 1
    finally:
        del app.extensions[LOOPS]["outbox"]
        # Its thread cannot be stopped: it would wake every minute for the rest of the run
        # and deliver on the connection of whichever test is running then. Idle it.
        dispatcher.work = lambda: 0
