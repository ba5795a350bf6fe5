"""One commit per request (webapp.web.transaction): a success commits what the view
wrote, an error answer or a service's refusal leaves nothing behind, and a commit that
fails is answered with the page its error has."""

from __future__ import annotations

import pytest
from flask import flash, get_flashed_messages, redirect
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from wtforms import StringField

from webapp import create_app
from webapp.config import TestingConfig
from webapp.domain import DomainError
from webapp.extensions import db
from webapp.models import IssueArea
from webapp.web.forms import Form
from webapp.web.transaction import errors_flashed, errors_to_form


class NameForm(Form):
    name = StringField()


def _write(slug: str) -> None:
    """A service's write: added and flushed, never committed."""
    db.session.add(IssueArea(slug=slug, name=slug, summary="", facts=[]))
    db.session.flush()


def _refuse(message: str, field: str | None = None):
    raise DomainError(message, field)


@pytest.fixture(scope="module")
def views_app(app, database_uri):
    """An app of its own (on the schema the suite's app built), with views that write,
    refuse and fail in each way."""

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_uri

    app = create_app(Config)  # noqa: F811  (this module's app, beside the suite's)

    @app.post("/t/write/<int:status>")
    def write(status: int):
        _write(f"written-{status}")
        return "answered", status

    @app.post("/t/form/<field>")
    def on_form(field: str):
        form = NameForm()
        with errors_to_form(form, field="name"):
            _write("refused")
            _refuse("That name is taken.", None if field == "default" else field)
            return "not reached"
        return {"name": form.name.errors, "form": form.form_errors}, 422

    @app.post("/t/flash")
    def flashed():
        with errors_flashed():
            _write("refused")
            _refuse("Not now.")
        _write("after-refusal")  # a write after the refusal is the view's own, kept
        return redirect("/t/messages", code=303)

    @app.get("/t/messages")
    def messages():
        return {"messages": get_flashed_messages(with_categories=True)}

    @app.post("/t/commit-fails/<kind>")
    def commit_fails(kind: str):
        _write("never-kept")
        error = StaleDataError("changed") if kind == "stale" else OperationalError("", {}, None)

        def fail(session):
            event.remove(db.session.registry(), "before_commit", fail)
            raise error

        event.listen(db.session.registry(), "before_commit", fail)
        flash("Saved.", "success")
        return redirect("/", code=303)

    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(views_app):
    """The test's writes are rolled back at its end, as in tests/conftest.py's db."""
    with views_app.app_context():
        engine = db.engines[None]
        connection = engine.connect()
        transaction = connection.begin()
        db.engines[None] = connection
        try:
            yield views_app.test_client()
        finally:
            db.session.remove()
            transaction.rollback()
            connection.close()
            db.engines[None] = engine


def _slugs() -> set[str]:
    db.session.remove()  # read what was committed, not what the session remembers
    return set(db.session.scalars(select(IssueArea.slug)))


@pytest.mark.parametrize("status", [200, 201, 303])
def test_a_success_commits_what_the_view_wrote(client, status):
    assert client.post(f"/t/write/{status}").status_code == status
    assert f"written-{status}" in _slugs()


@pytest.mark.parametrize("status", [400, 404, 409, 422, 500])
def test_an_error_answer_keeps_nothing(client, status):
    assert client.post(f"/t/write/{status}").status_code == status
    assert _slugs() == set()


@pytest.mark.parametrize(
    ("field", "name_errors", "form_errors"),
    [
        ("name", ["That name is taken."], []),  # the field the service named
        ("default", ["That name is taken."], []),  # the view's field for it
        ("nonesuch", [], ["That name is taken."]),  # no such field: above the form
    ],
)
def test_a_refusal_lands_on_its_field_and_undoes_the_write(client, field, name_errors, form_errors):
    response = client.post(f"/t/form/{field}")
    assert response.status_code == 422
    assert response.json == {"name": name_errors, "form": form_errors}
    assert _slugs() == set()


def test_a_flashed_refusal_undoes_the_service_and_keeps_what_came_after(client):
    response = client.post("/t/flash", follow_redirects=True)
    assert response.json == {"messages": [["error", "Not now."]]}
    assert _slugs() == {"after-refusal"}


@pytest.mark.parametrize(
    ("kind", "status", "heading"),
    [
        ("stale", 409, "This changed while you were working on it"),
        ("unavailable", 503, "We are briefly unavailable"),
    ],
)
def test_a_commit_that_fails_gets_its_error_page_with_nothing_kept(client, kind, status, heading):
    response = client.post(f"/t/commit-fails/{kind}")
    assert response.status_code == status
    assert heading in response.get_data(as_text=True)
    # The error page went through the other hooks too: it has the security headers.
    assert "frame-ancestors" in response.headers["Content-Security-Policy"]
    assert _slugs() == set()
