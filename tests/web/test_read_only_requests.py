"""On SQLite, a page an anonymous visitor reads takes no write lock (issue 19): it is
served while a signing (or anything else) is writing. Pages that write when read, and
forms, still take the lock before they begin."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from tests.factories import LetterFactory, PetitionFactory, UserFactory
from webapp.extensions import db

pytestmark = [pytest.mark.sqlite, pytest.mark.usefixtures("committed_db")]


@pytest.fixture
def hold_write_lock(database_uri):
    """Another process part-way through a write, from when the test calls it: SQLite's
    write lock is taken."""
    holder = sqlite3.connect(database_uri.removeprefix("sqlite:///"), isolation_level=None)

    def hold() -> sqlite3.Connection:
        holder.execute("BEGIN IMMEDIATE")
        return holder

    yield hold
    if holder.in_transaction:
        holder.rollback()
    holder.close()


def _in_thread(request) -> tuple[threading.Event, dict]:
    done, answer = threading.Event(), {}

    def run() -> None:
        answer["status"] = request().status_code
        done.set()

    threading.Thread(target=run, daemon=True).start()
    return done, answer


def test_a_visitor_reads_check_your_email_while_a_writer_holds_the_lock(app, hold_write_lock):
    petition = PetitionFactory()
    db.session.commit()
    slug = petition.slug
    db.session.close()  # reading it back began a transaction of the test's own
    browser = app.test_client()
    hold_write_lock()

    done, answer = _in_thread(lambda: browser.get(f"/petitions/{slug}/check-your-email"))
    # Its transaction reads a snapshot; with the write lock it would wait for the writer
    # (the busy timeout is 15 s).
    assert done.wait(5)
    assert answer["status"] == 200


def _waits_for_the_writer(writer: sqlite3.Connection, request) -> int:
    """The status of `request`, which must wait until the writer lets go of the lock."""
    done, answer = _in_thread(request)
    assert not done.wait(0.5)  # it asked for the lock before it began, and waits
    writer.rollback()
    assert done.wait(30)
    return answer["status"]


def test_a_signature_waits_for_the_writer_then_lands(app, hold_write_lock):
    petition = PetitionFactory()
    db.session.commit()
    slug = petition.slug
    db.session.close()
    writer = hold_write_lock()

    form = {"full_name": "Ada Lovelace", "email": "ada@example.org", "country": "GB"}
    sign = lambda: app.test_client().post(f"/petitions/{slug}/sign", data=form)  # noqa: E731
    assert _waits_for_the_writer(writer, sign) == 303


def test_a_page_that_writes_when_read_takes_the_lock_first(app, hold_write_lock):
    # The letter's page keeps its PDF the first time it is read: a write.
    letter = LetterFactory()
    db.session.commit()
    token = letter.token
    db.session.close()
    writer = hold_write_lock()

    read = lambda: app.test_client().get(f"/letters/{token}")  # noqa: E731
    assert _waits_for_the_writer(writer, read) == 200


def test_a_signed_in_users_page_takes_the_lock_first(app, login, hold_write_lock):
    # It may note when the user was last seen: a write.
    admin = UserFactory(admin=True)
    db.session.commit()
    browser = app.test_client()
    login(browser, admin)
    db.session.close()
    writer = hold_write_lock()

    assert _waits_for_the_writer(writer, lambda: browser.get("/admin/")) == 200
