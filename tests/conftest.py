"""Shared fixtures: one app per run, one rolled-back transaction per test.

The database is SQLite (a temporary file) unless TEST_DATABASE_URL names a PostgreSQL
database, which the run then owns: its tables are dropped and recreated.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller
from flask import g, has_request_context, request, request_started
from hypothesis.configuration import set_hypothesis_home_dir
from playwright.sync_api import sync_playwright
from sqlalchemy import event, inspect, text
from werkzeug.serving import make_server

from tests.emails import as_sent
from webapp import create_app
from webapp.config import TestingConfig, database_url
from webapp.extensions import db as _db
from webapp.extensions import limiter
from webapp.models import Base, OutboxMessage
from webapp.web.transaction import request_only_reads

TEST_DATABASE_URL = database_url(os.environ.get("TEST_DATABASE_URL"))


def pytest_configure(config):
    """Hypothesis keeps caches under .hypothesis/ in the working directory (its example
    database too, though the fuzz tests switch that off), from collection on: a
    temporary directory instead, removed after the run."""
    config.hypothesis_home = tempfile.mkdtemp(prefix="hypothesis-")
    set_hypothesis_home_dir(config.hypothesis_home)


def pytest_unconfigure(config):
    shutil.rmtree(config.hypothesis_home, ignore_errors=True)


def pytest_collection_modifyitems(config, items):
    """Tests that drive Chromium are marked browser (pytest -m browser runs them alone).
    Tests marked postgres run only where TEST_DATABASE_URL is PostgreSQL, and tests
    marked sqlite only where it is not; elsewhere they are deselected (not skipped) so a
    run never counts them as passing."""
    for item in items:
        if "chromium" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
    on_postgres = bool(TEST_DATABASE_URL and TEST_DATABASE_URL.startswith("postgresql"))
    other = "sqlite" if on_postgres else "postgres"
    keep = [item for item in items if other not in item.keywords]
    deselected = [item for item in items if other in item.keywords]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = keep


@pytest.fixture(scope="session")
def database_uri(tmp_path_factory) -> str:
    if TEST_DATABASE_URL:
        return TEST_DATABASE_URL
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def app(database_uri, tmp_path_factory):
    """The application, with an empty schema built from the models."""

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_uri

    app = create_app(Config)
    app.instance_path = str(tmp_path_factory.mktemp("instance"))
    with app.app_context():
        event.listen(_db.engine, "before_cursor_execute", _refuse_writes_while_reading)
    with app.app_context():
        _reset_schema()
    yield app
    with app.app_context():
        _db.engine.dispose()  # close pooled connections before the interpreter does


_DISPATCHED = "tests.dispatched"
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _refuse_writes_while_reading(_connection, _cursor, statement, *_args) -> None:
    """A request that only reads (an anonymous visitor's page) must not write: on SQLite
    its transaction began without the write lock (webapp.sqlite). Every test that makes
    one write fails; mark the view writes_when_read. Decided at the request's first
    statement, as SQLite's transaction would be (a logout part-way must not change it)."""
    if not has_request_context() or _DISPATCHED not in request.environ:
        return  # not a request the app answers (a test's own test_request_context)
    reads_only = request.environ.setdefault("tests.began_read_only", request_only_reads())
    if reads_only and statement.lstrip()[:7].upper().startswith(_WRITES):
        raise AssertionError(f"a request taken to only read wrote: {statement[:80]}")


def _reset_schema() -> None:
    with _db.engine.begin() as connection:
        Base.metadata.drop_all(connection)
        if inspect(connection).has_table("alembic_version"):
            connection.execute(text("DROP TABLE alembic_version"))
        Base.metadata.create_all(connection)


@pytest.fixture
def db(app):
    """The database session; everything a test writes is rolled back afterwards,
    even what views commit (their commits end savepoints, not the outer transaction)."""
    with app.app_context():
        engines = _db.engines
        engine = engines[None]
        connection = engine.connect()
        transaction = connection.begin()
        engines[None] = connection
        try:
            yield _db
        finally:
            _db.session.remove()
            transaction.rollback()
            connection.close()
            engines[None] = engine


@pytest.fixture
def committed_db(app):
    """For tests that need real commits seen by other threads or processes; every
    table is emptied afterwards."""
    with app.app_context():
        try:
            yield _db
        finally:
            _db.session.remove()
            with _db.engine.begin() as connection:
                for table in reversed(Base.metadata.sorted_tables):
                    connection.execute(table.delete())


@pytest.fixture(autouse=True)
def _fresh_g_per_request(app):
    """Each request starts with an empty flask.g, as in production: the test client
    reuses the db fixture's app context, so g (the signed-in user, a failed attempt
    for the rate limits) would otherwise carry over from one request to the next. The
    request is also marked as one the app answers, for _refuse_writes_while_reading."""

    def clear(sender, **extra):
        for name in list(g):
            g.pop(name)
        request.environ[_DISPATCHED] = True

    request_started.connect(clear, app)
    yield
    request_started.disconnect(clear, app)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(app):
    """Every test starts with no attempts counted against it."""
    limiter.reset()


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def login(app):
    """Log a client in through the real login form; returns the response."""
    from tests.factories import PASSWORD

    def log_in(client, user, password: str = PASSWORD):
        return client.post("/account/login", data={"email": user.email, "password": password})

    return log_in


@pytest.fixture
def runner(app, db):
    return app.test_cli_runner()


@pytest.fixture
def outbox(db):
    """The emails written so far, oldest first."""

    def messages(recipient: str | None = None) -> list[OutboxMessage]:
        query = _db.select(OutboxMessage).order_by(OutboxMessage.id)
        if recipient is not None:
            query = query.where(OutboxMessage.recipient == recipient)
        return as_sent(_db.session.scalars(query))

    return messages


class RecordingHandler:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        from email import message_from_bytes, policy

        with self.lock:
            self.messages.append(
                (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default))
            )
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPServer:
    """A real SMTP server on loopback that a test can stop and start again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.handler = RecordingHandler()
        self.controller: Controller | None = None

    @property
    def messages(self) -> list:
        return self.handler.messages

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server(app):
    """A running SMTP server, with the app pointed at it for the test's duration."""
    yield from serve_mail(app, SMTPServer())


def serve_mail(app, server: SMTPServer):
    """Start the server and point the app at it until the generator is closed."""
    server.start()
    mail_state = app.extensions["mail"]
    saved = (app.config["MAIL_SERVER"], app.config["MAIL_PORT"], mail_state.server, mail_state.port)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT_SECONDS=5)
    mail_state.server, mail_state.port = "127.0.0.1", server.port
    try:
        yield server
    finally:
        server.stop()
        app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = saved[0], saved[1]
        mail_state.server, mail_state.port = saved[2], saved[3]


@pytest.fixture
def people(db):
    """An admin, an organiser and a teacher, committed so views' rollbacks keep them."""
    from tests.factories import UserFactory

    found = {
        "admin": UserFactory(admin=True, name="Ada Admin", email="ada@org.example"),
        "organiser": UserFactory(organiser=True, name="Olu Organiser", email="olu@org.example"),
        "teacher": UserFactory(name="Tess Teacher", email="tess@school.example"),
    }
    db.session.commit()
    return found


@pytest.fixture
def browser_for(app, login):
    """A browser logged in as one of the people."""

    def logged_in(user):
        browser = app.test_client()
        assert login(browser, user).status_code == 303
        return browser

    return logged_in


class _CountingHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        self.server.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def outside_host():
    """A web server standing in for any outside host: it records every request it gets."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


# A real browser: Debian's Chromium (make system-deps), never one Playwright downloads.
CHROMIUM = "/usr/bin/chromium"


def _closing_before_sending(app):
    """The app with each response's body read and closed before the server sends it.

    werkzeug's development server, when a browser drops a connection (Chromium resets
    an image request it no longer needs on navigating away), raises while discarding
    unread input and never closes the response: the static file it opened is left to
    the garbage collector, and pytest fails whichever test is running then on the
    ResourceWarning (stop 23's CI, on img/candle.svg). Pages here are small; streaming
    is not what the browser tests look at."""

    def buffered(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return buffered


@pytest.fixture
def live_server(app, committed_db, monkeypatch):
    """The test app served over HTTP on 127.0.0.1 (a secure context: crypto.subtle is
    there), with CSRF and all the human checks on, against a database whose commits it
    sees. Links in its emails lead back to it. A test that writes rows commits them and
    ends its session (on SQLite, an open transaction would lock the server out)."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    monkeypatch.setitem(app.config, "PROOF_OF_WORK", True)
    monkeypatch.setitem(app.config, "HUMAN_CHECKS", True)
    monkeypatch.setitem(app.config, "FORM_MIN_FILL_SECONDS", 1)
    committed_db.session.remove()
    server = make_server("127.0.0.1", 0, _closing_before_sending(app), threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    monkeypatch.setitem(app.config, "BASE_URL", url)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield SimpleNamespace(url=url)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for a module's tests; each test opens contexts of its own.
    Per module, not per run: Playwright's event loop then never outlives the browser
    tests into the rest of the suite."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            yield browser
        finally:
            browser.close()
