"""Letters: writing an appeal or a solidarity card, previewing it, and printing it as a PDF."""

from flask import Blueprint

bp = Blueprint("letters", __name__)

from webapp.letters import views  # noqa: E402,F401  (registers the routes on bp)
