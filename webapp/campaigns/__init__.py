"""Public pages: the home page, issue areas and cases."""

from flask import Blueprint

bp = Blueprint("campaigns", __name__)

from webapp.campaigns import views  # noqa: E402,F401  (registers the routes on bp)
