"""Petitions: signing, confirming by email, and the thank-you page."""

from flask import Blueprint

bp = Blueprint("petitions", __name__)

from webapp.petitions import views  # noqa: E402,F401  (registers the routes on bp)
