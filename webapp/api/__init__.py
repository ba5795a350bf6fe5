"""The public, read-only JSON API (version 1)."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from webapp.api import views  # noqa: E402,F401  (registers the routes on bp)
