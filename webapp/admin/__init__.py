"""The organisation's side: dashboard, users and invitations, the audit log."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from webapp.admin import views  # noqa: E402,F401  (registers the routes on bp)
