"""Content management: issue areas, cases and their targets and photos, petitions and
letter texts, written, previewed and published by organisers."""

from flask import Blueprint

bp = Blueprint("content", __name__)

from webapp.content import views  # noqa: E402,F401  (registers the routes on bp)
