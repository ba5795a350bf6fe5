"""Emailing an update on PostgreSQL with real commits (issue 18, "Crash safety on
PostgreSQL"): a sending job interrupted at random points and resumed, then delivered to a
real SMTP server, reaches each person once; two workers at once never send one email twice.

(Not on the db fixture: its one connection would be shared by the threads, and a commit
there ends a savepoint, not a transaction other sessions could see.)"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from tests.factories import (
    CaseFactory,
    CaseUpdateFactory,
    PetitionFactory,
    SignatureFactory,
    UserFactory,
)
from webapp.models import (
    MailingStatus,
    OutboxMessage,
    OutboxStatus,
    RecipientStatus,
    UpdateMailing,
    UpdateRecipient,
    utcnow,
)
from webapp.outbox.services import NEW_MAIL_FLAG, deliver_due
from webapp.updates import mailings

pytestmark = pytest.mark.postgres

SIGNERS = 60
EVERYONE = {f"signer{n}@example.org" for n in range(SIGNERS)}


@pytest.fixture
def started(app, committed_db, monkeypatch):
    """A mailing to 60 opted-in signers, listed and started (committed); its id."""
    monkeypatch.setitem(app.config, "UPDATE_SEND_PER_MINUTE", 10_000)
    organiser = UserFactory()
    case = CaseFactory()
    petition = PetitionFactory(case=case)
    for n in range(SIGNERS):
        SignatureFactory(
            petition=petition, email=f"signer{n}@example.org", opt_in=True, confirmed=True
        )
    update_row = CaseUpdateFactory(case=case)
    mailing = mailings.prepare_mailing(
        organiser, update_row, to_signers=True, to_letter_writers=False
    )
    mailings.start_mailing(organiser, mailing)
    committed_db.session.commit()
    mailing_id = mailing.id
    committed_db.session.remove()
    return mailing_id


def _lease_runs_out(db) -> None:
    db.session.execute(update(UpdateMailing).values(claimed_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def _deliver_everything(db) -> None:
    for _ in range(20):
        if deliver_due(batch_size=50).claimed == 0:
            break
    pending = db.session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.status != OutboxStatus.SENT)
    )
    assert pending == 0


def _each_received_once(smtp_server) -> None:
    by_recipient = Counter(tuple(rcpt)[0] for rcpt, _message in smtp_server.messages)
    ids = [message["Message-ID"] for _rcpt, message in smtp_server.messages]
    assert set(by_recipient) == EVERYONE
    assert set(by_recipient.values()) == {1}
    assert len(ids) == len(set(ids)) == SIGNERS


def _mailing(db, mailing_id) -> UpdateMailing:
    db.session.expire_all()
    return db.session.get(UpdateMailing, mailing_id)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sending_interrupted_at_random_points_and_resumed_sends_each_email_once(
    app, committed_db, started, monkeypatch, smtp_server, seed
):
    """The job dies after a random number of emails, again and again, part-way through a
    chunk; each time its transaction is lost (as a killed worker's is), the lease runs
    out, and the next run resumes."""
    chances = random.Random(seed)
    monkeypatch.setattr(mailings, "SEND_CHUNK", 7)  # several commits between the deaths
    real_enqueue = mailings.enqueue
    written = []

    def dies_now_and_then(**kwargs):
        if chances.random() < 0.08:
            raise RuntimeError("the worker was killed")
        written.append(kwargs["recipient"])
        return real_enqueue(**kwargs)

    monkeypatch.setattr(mailings, "enqueue", dies_now_and_then)
    deaths = 0
    for _ in range(100):
        if _mailing(committed_db, started).status is MailingStatus.DONE:
            break
        try:
            mailings.send_due_mailings()
        except RuntimeError:
            deaths += 1
            committed_db.session.rollback()
            _lease_runs_out(committed_db)
    assert deaths >= 3  # interrupted, and more than once
    assert _mailing(committed_db, started).status is MailingStatus.DONE
    # Some emails were written in transactions that died, and written again after.
    assert len(written) > SIGNERS
    statuses = committed_db.session.scalars(select(UpdateRecipient.status)).all()
    assert statuses == [RecipientStatus.SENT] * SIGNERS

    _deliver_everything(committed_db)
    _each_received_once(smtp_server)


def test_two_workers_at_once_send_each_email_once(
    app, committed_db, started, monkeypatch, smtp_server
):
    """The first worker's lease runs out while it is in a chunk (it has marked its rows
    and checked the lease, and waits before its commit); the second takes the mailing
    over and lists those same rows as queued. The second's marking waits for the first's
    commit, then finds them sent: it writes no email for them."""
    monkeypatch.setitem(app.config, "UPDATE_SEND_LEASE_SECONDS", 60)
    first_thread: list[threading.Thread] = []
    first_in_chunk = threading.Event()
    second_started = threading.Event()

    @event.listens_for(Session, "before_commit")
    def first_waits_before_its_chunk_commits(session):
        if (
            threading.current_thread() is first_thread[0]
            and session.info.get(NEW_MAIL_FLAG)
            and not first_in_chunk.is_set()
        ):
            first_in_chunk.set()
            assert second_started.wait(30)
            time.sleep(0.5)  # the second lists the same rows meanwhile, then waits on them

    results: dict[str, int] = {}

    def first():
        first_thread.append(threading.current_thread())
        results["first"] = mailings.send_due_mailings()

    def second():
        assert first_in_chunk.wait(30)
        second_started.set()
        # Past the first's lease: the mailing is free to take over.
        results["second"] = mailings.send_due_mailings(utcnow() + timedelta(seconds=61))

    def run(work):
        with app.app_context():
            try:
                work()
            finally:
                committed_db.session.remove()

    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            for future in [pool.submit(run, first), pool.submit(run, second)]:
                future.result(timeout=60)
    finally:
        event.remove(Session, "before_commit", first_waits_before_its_chunk_commits)
    # The first's chunk (everyone) was committed, and the second sent none of it again.
    assert results == {"first": SIGNERS, "second": 0}
    assert _mailing(committed_db, started).status is MailingStatus.DONE
    recipients = committed_db.session.scalars(select(OutboxMessage.recipient)).all()
    assert sorted(recipients) == sorted(EVERYONE)

    _deliver_everything(committed_db)
    _each_received_once(smtp_server)
