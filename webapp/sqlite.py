"""SQLite shared by several processes: WAL, immediate write locks, and a queue for writers.

SQLite lets one writer in at a time. A writer that finds the lock taken sleeps and polls
(busy_timeout), with sleeps growing to 100 ms, so under a surge a signature can wait a
tenth of a second for a lock that was free after one. Writers here first queue on an
advisory file lock (flock) beside the database: the kernel wakes the next one the moment
the lock is released, and SQLite's own lock is then nearly always free.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.engine import Engine

# Execution option for transactions that only read: a deferred BEGIN, no write lock.
READ_ONLY = "read_only_transaction"

_LOCK_FD = "writer_lock_fd"
_LOCK_HELD = "writer_lock_held"
# A thread already queued through one connection must not queue again through a second
# one (the flock would wait for itself); that second writer meets SQLite's lock instead.
_holding = threading.local()


def tune(engine: Engine, *, reads_only: Callable[[], bool] = lambda: False) -> None:
    """Make SQLite safe and quick for concurrent writers; nothing for other databases.

    pysqlite's own transaction handling breaks SAVEPOINTs and starts transactions
    lazily, so a read-then-write transaction can fail with "database is locked" under
    concurrency. SQLAlchemy's documented recipe takes over BEGIN; BEGIN IMMEDIATE makes
    a second writer wait instead of failing half-way.

    reads_only() says, as a transaction begins, whether the work in progress only reads
    (webapp.web.transaction: an anonymous visitor's page): that transaction begins
    deferred, like a READ_ONLY one, so a visitor reading "Check your email" does not
    queue behind a surge's writers (issue 19). One that wrote after all would ask for
    the lock part-way, and fail at once (SQLITE_BUSY_SNAPSHOT, a 503) if another writer
    had committed since it began: the test suite fails any that does.
    """
    if engine.dialect.name != "sqlite":
        return
    database = engine.url.database
    lock_path = f"{database}-writers.lock" if database and database != ":memory:" else None

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
        if lock_path:
            record.info[_LOCK_FD] = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)

    @event.listens_for(engine, "close")
    def _on_close(_dbapi_connection, record):
        _release(record.info)
        fd = record.info.pop(_LOCK_FD, None)
        if fd is not None:
            os.close(fd)

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A long read (an export streaming to a slow client) must not hold the write
        # lock: it asks for READ_ONLY and gets a deferred BEGIN, a snapshot under WAL.
        if connection.get_execution_options().get(READ_ONLY) or reads_only():
            connection.exec_driver_sql("BEGIN")
            return
        _acquire(connection.connection.info)
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    # The next writer may go once this one's transaction ends. (These run just before
    # COMMIT or ROLLBACK reaches SQLite, so the next writer can still meet SQLite's lock
    # for the last moments of the commit: it then waits a millisecond, not a queue.)
    @event.listens_for(engine, "commit")
    def _on_commit(connection):
        _release(connection.connection.info)

    @event.listens_for(engine, "rollback")
    def _on_rollback(connection):
        _release(connection.connection.info)

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record):
        if record is not None:  # None for a connection detached from the pool
            _release(record.info)


def _acquire(info: dict) -> None:
    fd = info.get(_LOCK_FD)
    if fd is None or info.get(_LOCK_HELD) or getattr(_holding, "count", 0):
        return
    fcntl.flock(fd, fcntl.LOCK_EX)
    info[_LOCK_HELD] = True
    _holding.count = 1


def _release(info: dict) -> None:
    if info.pop(_LOCK_HELD, False):
        fcntl.flock(info[_LOCK_FD], fcntl.LOCK_UN)
        _holding.count = 0
