"""Petition delivery: the PDF pack handed to the authority a petition is addressed to."""

from flask import Flask

from webapp.background.loops import BackgroundLoop, wake_after_commit
from webapp.delivery.services import NEW_PACK_FLAG, run_delivery_packs


def init_app(app: Flask) -> None:
    """Build large packs in the web process when no worker does (DELIVERY_IN_PROCESS)."""
    if app.config["DELIVERY_IN_PROCESS"]:
        loop = BackgroundLoop(app, run_delivery_packs, name="delivery", poll_seconds=30)
        app.extensions["delivery_loop"] = loop
        app.before_request(loop.ensure_running)
    wake_after_commit(NEW_PACK_FLAG, "delivery_loop")
