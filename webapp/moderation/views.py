"""Views of moderation (being built)."""

from __future__ import annotations

from flask import render_template

from webapp.auth import organiser_required
from webapp.moderation import bp


@bp.get("/")
@organiser_required
def index():
    """The moderation page."""
    return render_template("moderation/index.html")
