"""Petitions: signing, confirming by email, and the thank-you page."""

from flask import Flask

from webapp.background.loops import BackgroundLoop
from webapp.petitions.rollups import refresh_recent


def init_app(app: Flask) -> None:
    """Keep the daily roll-up fresh from the web process when no worker does."""
    if app.config["ROLLUP_IN_PROCESS"]:
        loop = BackgroundLoop(
            app, refresh_recent, name="rollups", poll_seconds=app.config["ROLLUP_INTERVAL_SECONDS"]
        )
        app.extensions["rollup_loop"] = loop
        app.before_request(loop.ensure_running)
