"""Exports for organisers: counts per petition per day and per country, and signatures."""

from flask import Blueprint

bp = Blueprint("exports", __name__)

from webapp.exports import views  # noqa: E402,F401  (registers the routes on bp)
