"""Error pages in the site's style, or JSON under /api/: never a stack trace."""

from __future__ import annotations

import logging
import math
import time

from flask import Flask, Response, abort, jsonify, render_template, request
from flask_babel import force_locale
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from webapp.extensions import db, limiter
from webapp.web.i18n import lazy_gettext as _l

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Something in that request was not right"), _l("Please go back and try again.")),
    403: (
        _l("This page is not yours to open"),
        _l("Your account cannot open this page. If you think it should, ask an administrator."),
    ),
    404: (
        _l("Page not found"),
        _l("We could not find that page. It may have moved, or the address may be mistyped."),
    ),
    405: (
        _l("That action is not possible here"),
        _l("This page does not accept that kind of request."),
    ),
    409: (
        _l("This changed while you were working on it"),
        _l(
            "Someone else changed this at the same moment. Please go back, reload the page to "
            "see the latest version, and try again."
        ),
    ),
    413: (
        _l("That was too large"),
        _l("What you sent is larger than we accept. Please send something smaller."),
    ),
    429: (_l("Too many attempts"), _l("Please wait a little and try again.")),
    500: (
        _l("Something went wrong on our side"),
        _l("Sorry: nothing you did caused this. Please try again in a moment."),
    ),
    503: (
        _l("We are briefly unavailable"),
        _l(
            "The site is busy or being maintained. Nothing you sent was half-saved: please "
            "try again in a minute."
        ),
    ),
}


def json_error(status: int, message: str) -> tuple[Response, int]:
    """The API's error shape."""
    return jsonify({"error": {"status": status, "message": message}}), status


def _render(status: int, message: str | None = None):
    title, default_message = MESSAGES.get(status, MESSAGES[500])
    if request.path.startswith("/api/"):
        # The API answers programs: its messages stay in English, whatever the client's
        # languages.
        with force_locale("en"):
            return json_error(status, str(message or title))
    return render_template(
        "errors/error.html", status=status, title=title, message=message or default_message
    ), status


def register(app: Flask) -> None:
    """Install the handlers."""

    @app.before_request
    def refuse_nul_in_address():
        # No address we make holds NUL (%00), and PostgreSQL text cannot: looking one up
        # would fail in the database (a 500) instead of finding nothing.
        if "\x00" in request.path:
            abort(404)
        if b"%00" in request.query_string:
            abort(400)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _render(
            400,
            _l(
                "This form expired or was sent from somewhere else. Please go back, reload the "
                "page and send it again."
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        body, status = _render(error.code, None if error.code in MESSAGES else error.description)
        # Keep what the error says in headers: a 405's Allow (RFC 9110 §15.5.6), a
        # 401's WWW-Authenticate. Our page brings its own content type.
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        if isinstance(error, RateLimitExceeded):
            headers.append(("Retry-After", str(_retry_after(error))))
        return body, status, headers

    @app.errorhandler(StaleDataError)
    def changed_meanwhile(error: StaleDataError):
        # Optimistic locking found that another request changed the row first.
        db.session.rollback()
        return _render(409)

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        # A lost or refused database connection: say so plainly; the transaction is
        # rolled back, so nothing is half-written.
        log.error("database unavailable: %s", error)
        db.session.rollback()
        response, status = _render(503)
        return response, status, {"Retry-After": "30"}

    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError):
        db.session.rollback()
        return _render(500)


def _retry_after(error: RateLimitExceeded) -> int:
    """Seconds until the refused limit lets this client in again (RFC 9110 §10.2.3):
    read from the limit's store only now, on a refusal. If the store cannot say, the
    limit's whole window, which is never too soon."""
    try:
        reset_at = limiter.current_limit.window.reset_time
    except Exception:  # noqa: BLE001 - limits fail open; so does their advice
        return error.limit.limit.get_expiry()
    return max(1, math.ceil(reset_at - time.time()))
