"""Privacy: the privacy page, a supporter's own data (copy and erasure by emailed link),
the versioned consent text, hashed client addresses, and anonymisation after closing."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)

from webapp.privacy import views  # noqa: E402,F401  (registers the routes on bp)
