"""Views of exports (being built)."""

from __future__ import annotations

from flask import render_template

from webapp.auth import organiser_required
from webapp.exports import bp


@bp.get("/")
@organiser_required
def index():
    """The exports page."""
    return render_template("exports/index.html")
