"""Delivery inside the web process, for the embedded default with no worker running."""

from __future__ import annotations

from flask import Flask

from webapp.background.loops import BackgroundLoop
from webapp.outbox.services import deliver_due


class InProcessDispatcher(BackgroundLoop):
    """Delivers the outbox right after a commit adds mail to it.

    It also wakes every `poll_seconds` to retry messages whose backoff has run out, so a
    mail server that comes back is noticed without a worker. Leases in deliver_due make
    it safe beside a real worker or another web process.
    """

    def __init__(self, app: Flask, poll_seconds: float = 5.0) -> None:
        super().__init__(
            app, lambda: deliver_due().claimed, name="outbox", poll_seconds=poll_seconds
        )
