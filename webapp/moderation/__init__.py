"""Moderation: invalidating fraudulent signatures in bulk, previewed and audited."""

from flask import Blueprint

bp = Blueprint("moderation", __name__)

from webapp.moderation import views  # noqa: E402,F401  (registers the routes on bp)
