"""Delivery inside the web process, for the embedded default with no worker running."""

from __future__ import annotations

import logging
import os
import threading

from flask import Flask

from webapp.extensions import db
from webapp.outbox.services import deliver_due

log = logging.getLogger(__name__)


class InProcessDispatcher:
    """A daemon thread that delivers the outbox right after a commit adds mail to it.

    It also wakes every `poll_seconds` to retry messages whose backoff has run out, so a
    mail server that comes back is noticed without a worker. Leases in deliver_due make
    it safe beside a real worker or another web process.
    """

    def __init__(self, app: Flask, poll_seconds: float = 5.0) -> None:
        self.app = app
        self.poll_seconds = poll_seconds
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid: int | None = None

    def ensure_running(self) -> None:
        """Start the thread once per process (after a fork, the parent's thread is gone)."""
        if self._pid == os.getpid() and self._thread is not None and self._thread.is_alive():
            return
        with self._lock:
            if self._pid == os.getpid() and self._thread is not None and self._thread.is_alive():
                return
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)
            self._thread.start()

    def notify(self) -> None:
        """New mail was committed: deliver it now."""
        self.ensure_running()
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait(self.poll_seconds)
            self._wake.clear()
            with self.app.app_context():
                try:
                    while deliver_due().claimed:
                        pass
                except Exception:
                    # Never let one bad run stop delivery for the life of the process.
                    log.exception("in-process outbox delivery failed; will retry")
                    db.session.rollback()
                finally:
                    db.session.remove()
