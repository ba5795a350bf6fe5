"""Accounts: teachers sign up, confirm their email, log in and out, reset a password."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

from webapp.accounts import views  # noqa: E402,F401  (registers the routes on bp)
