"""SQLite writers queue on a file lock beside the database, and always let go of it.

These tests use their own SQLite file, so they run whichever database the suite is on.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine, event, text

from webapp import sqlite


@pytest.fixture
def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'writers.sqlite3'}")
    sqlite.tune(engine)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE rows (writer TEXT)"))
    yield engine
    engine.dispose()


def _write_in_thread(engine, writer: str) -> tuple[threading.Thread, threading.Event]:
    written = threading.Event()

    def write() -> None:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO rows VALUES (:w)"), {"w": writer})
        written.set()

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread, written


def _writers(engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.scalars(text("SELECT writer FROM rows ORDER BY rowid")))


def test_a_second_writer_waits_for_the_first_to_commit_then_goes(engine):
    # SQLite alone would give up after its busy timeout ("database is locked"); the queue
    # waits as long as the first writer takes, and wakes the second at once.
    @event.listens_for(engine, "connect")
    def impatient(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA busy_timeout=50")

    engine.dispose()
    first = engine.connect()
    first.begin()
    first.execute(text("INSERT INTO rows VALUES ('first')"))

    thread, written = _write_in_thread(engine, "second")
    assert not written.wait(0.5)  # queued behind the first writer, past SQLite's timeout

    first.commit()
    first.close()
    thread.join(5)
    assert written.is_set()
    assert _writers(engine) == ["first", "second"]


@pytest.mark.parametrize("end", ["rollback", "close"])
def test_a_writer_that_gives_up_lets_the_next_one_go(engine, end):
    first = engine.connect()
    first.begin()
    first.execute(text("INSERT INTO rows VALUES ('first')"))
    thread, written = _write_in_thread(engine, "second")

    getattr(first, end)()  # closing without a commit rolls back and returns it to the pool
    if end == "rollback":
        first.close()
    thread.join(5)
    assert written.is_set()
    assert _writers(engine) == ["second"]


def test_readers_do_not_wait_for_a_writer(engine):
    writer = engine.connect()
    writer.begin()
    writer.execute(text("INSERT INTO rows VALUES ('pending')"))

    read = threading.Event()

    def reader() -> None:
        options = {sqlite.READ_ONLY: True}
        with engine.connect().execution_options(**options) as connection, connection.begin():
            connection.execute(text("SELECT count(*) FROM rows")).scalar_one()
        read.set()

    threading.Thread(target=reader, daemon=True).start()
    assert read.wait(5)  # a snapshot, while the writer still holds its transaction
    writer.rollback()
    writer.close()


def test_many_writers_at_once_all_land(engine):
    threads = [_write_in_thread(engine, f"w{n}")[0] for n in range(20)]
    for thread in threads:
        thread.join(10)
    assert sorted(_writers(engine)) == sorted(f"w{n}" for n in range(20))
