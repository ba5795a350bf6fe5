"""Security headers, set in one place for every response."""

from __future__ import annotations

from flask import Flask, Response, request

from webapp.web.auth import current_user, student_in_session

# No inline script or style anywhere: everything comes from /static.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def register(app: Flask) -> None:
    """Add the headers to every response."""
    # Made once: on a campaign day every request pays for this hook (issue 19).
    defaults = [
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        # Confirmation links carry a token: never send a page's URL to another site.
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
    ]
    if app.config.get("SESSION_COOKIE_SECURE"):
        defaults.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        # A view may have set its own (a page that may be framed, say): that one stays.
        present = {name.lower() for name in response.headers.keys()}
        for name, value in defaults:
            if name.lower() not in present:
                response.headers.add(name, value)
        if _depends_on_who_is_signed_in():
            # A shared school computer's back button must not show a signed-in page after
            # logout, and no proxy may keep it for someone else (issue 21, item 14).
            response.headers["Cache-Control"] = "no-store"
            response.vary.add("Cookie")
        return response


def _depends_on_who_is_signed_in() -> bool:
    """Whether this response was made for a signed-in user or a student's session.

    Anonymous pages (the ones webapp.web.pagecache shares) keep their caching; static
    files are the same for everyone."""
    if request.endpoint == "static":
        return False
    return current_user() is not None or student_in_session()[0] is not None
