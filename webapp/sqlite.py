"""SQLite shared by several processes: WAL, immediate write locks, and a queue for writers.

SQLite lets one writer in at a time. A writer that finds the lock taken sleeps and polls
(busy_timeout), with sleeps growing to 100 ms, so under a surge a signature can wait a
tenth of a second for a lock that was free after one. Writers here first queue on an
advisory file lock (flock) beside the database: the kernel wakes the next one the moment
the lock is released, and SQLite's own lock is then nearly always free.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from contextvars import ContextVar, Token

from sqlalchemy import event
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

# Execution option for transactions that only read: a deferred BEGIN, no write lock.
READ_ONLY = "read_only_transaction"

# The same for every transaction of a request that only reads (webapp.web.transaction
# says which): a visitor reading "Check your email" must not queue behind the writers of
# a surge (issue 19).
_request_reads_only: ContextVar[bool] = ContextVar("request_reads_only", default=False)
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")

_LOCK_FD = "writer_lock_fd"
_LOCK_HELD = "writer_lock_held"
# A thread already queued through one connection must not queue again through a second
# one (the flock would wait for itself); that second writer meets SQLite's lock instead.
_holding = threading.local()


def tune(engine: Engine) -> None:
    """Make SQLite safe and quick for concurrent writers; nothing for other databases.

    pysqlite's own transaction handling breaks SAVEPOINTs and starts transactions
    lazily, so a read-then-write transaction can fail with "database is locked" under
    concurrency. SQLAlchemy's documented recipe takes over BEGIN; BEGIN IMMEDIATE makes
    a second writer wait instead of failing half-way.
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
        if connection.get_execution_options().get(READ_ONLY) or _request_reads_only.get():
            connection.exec_driver_sql("BEGIN")
            return
        _acquire(connection.connection.info)
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "before_cursor_execute")
    def _on_execute(_connection, _cursor, statement, *_args):
        # A read-only transaction that writes asks SQLite for the write lock part-way, and
        # fails at once (SQLITE_BUSY_SNAPSHOT) if another writer committed since it began.
        # Nothing should; the test suite fails on it (tests/conftest.py).
        if _request_reads_only.get() and writes(statement):
            log.warning("a request marked read-only writes: %s", statement[:80])

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


def request_reads_only() -> Token:
    """Begin this request's transactions without the write lock (see tune); hand the
    token back to request_done."""
    return _request_reads_only.set(True)


def request_done(token: Token) -> None:
    _request_reads_only.reset(token)


def writes(statement: str) -> bool:
    """Whether this SQL statement writes."""
    return statement.lstrip()[:7].upper().startswith(_WRITES)


def reading_only() -> bool:
    """Whether the request running now was marked read-only."""
    return _request_reads_only.get()
