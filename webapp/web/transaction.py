"""One commit per request, in one place, and one way of showing a service's refusal.

A view parses its form, calls a service, and answers; it never commits. When the answer
is a success (below 400) the request's work is committed here, after the view, as
Warehouse's transaction manager and Indico's request handler do; an error answer (a
form shown again with its errors, a 404, a 500) rolls everything back. A commit that
fails (another request changed the row first, the database went away) is answered as
if the view had raised it: a 409 or a 503 page, with nothing half-written.

When a service refuses (a webapp.domain.DomainError), `errors_to_form` undoes what the
request wrote and puts the service's message on the form field it names;
`errors_flashed` does the same for a button with no form to show again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, Response, current_app, flash, has_request_context, request
from flask_wtf import FlaskForm

from webapp.domain import DomainError
from webapp.extensions import db
from webapp.web.auth import anyone_signed_in


def init_app(app: Flask) -> None:
    """Commit or roll back at the end of every request. Register it after the other
    after-request hooks: Flask runs them last-registered first, and a failed commit's
    error page must still get the security headers."""
    app.after_request(_commit_or_roll_back)


def writes_when_read(view):
    """Mark a page that writes when it is read (it fills a cache: a letter's PDF, a share
    image; or it records something: a download), so that its transaction takes SQLite's
    write lock from the start, like a form's."""
    view.writes_when_read = True
    return view


def request_only_reads() -> bool:
    """Whether the request in progress only reads the database: a page read by a visitor
    signed in to nothing. On SQLite its transaction takes no write lock (webapp.sqlite
    asks this as the transaction begins). A signed-in user's page may write (the
    session's last-seen time, an export's audit event), and so may pages marked
    writes_when_read."""
    if not has_request_context() or request.method not in ("GET", "HEAD"):
        return False
    view = current_app.view_functions.get(request.endpoint)
    return not getattr(view, "writes_when_read", False) and not anyone_signed_in()


def _commit_or_roll_back(response: Response) -> Response:
    if not db.session.registry.has():
        # The request never opened a session (a static file, a page kept for everyone):
        # nothing to end, and no session made just to end it.
        return response
    if response.status_code >= 400:
        db.session.rollback()
        return response
    try:
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        # The app's error handlers answer it (StaleDataError: 409, OperationalError:
        # 503); anything else raises on, to the 500 page.
        return current_app.make_response(current_app.handle_user_exception(error))
    return response


@contextmanager
def errors_to_form(form: FlaskForm, field: str | None = None) -> Iterator[None]:
    """Run a service call; if it refuses, undo the request's writes and put its message
    on the field it names, else on `field`, else above the form. Execution goes on
    after the `with` block, where the view shows the form again."""
    try:
        yield
    except DomainError as error:
        db.session.rollback()
        target = getattr(form, error.field or field or "", None)
        if target is not None:
            target.errors = [*target.errors, str(error)]
        else:
            form.form_errors.append(str(error))


@contextmanager
def errors_flashed() -> Iterator[None]:
    """Run a service call; if it refuses, undo the request's writes and flash its
    message. Execution goes on after the `with` block (usually a redirect)."""
    try:
        yield
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
