"""Photo uploads (a case's, an update's): one way to read the form, whatever it is for."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.exceptions import RequestEntityTooLarge

from webapp.campaigns.photos import PhotoLimits, megabytes
from webapp.extensions import csrf

# What a photo upload's form sends besides the file: its CSRF token and the description.
PHOTO_FORM_OVERHEAD = 64 * 1024


def read_photo_form(
    make_form: Callable[..., FlaskForm], limits: PhotoLimits, *, alt: str
) -> tuple[FlaskForm, bool, bool]:
    """The photo form as sent: (form, valid, too large). The view is csrf.exempt: photos
    may be larger than any other form (MAX_CONTENT_LENGTH), so this request alone may be,
    up to twice the photo limit, so that a photo a little too large gets the form's plain
    answer and not a bare "too large" page; CSRF is checked here, after raising it, since
    the automatic check would read the body under the usual limit. `alt` is the saved
    description, shown again with a too-large photo's message."""
    request.max_content_length = 2 * limits.max_bytes + PHOTO_FORM_OVERHEAD
    try:
        if current_app.config["WTF_CSRF_ENABLED"]:
            csrf.protect()
        form = make_form()
        return form, form.validate(), False
    except RequestEntityTooLarge:
        form = make_form(formdata=None, data={"alt": alt})
        form.photo.errors = [
            _(
                "This photo is too large; photos can be at most %(limit)s. Please upload a "
                "smaller version.",
                limit=megabytes(limits.max_bytes),
            )
        ]
        return form, False, True
