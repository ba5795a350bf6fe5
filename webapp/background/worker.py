"""The worker process (`flask worker`): every registered job, until it is told to stop."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from flask import current_app
from sqlalchemy.exc import OperationalError

from webapp.background.registry import Job
from webapp.extensions import db

log = logging.getLogger(__name__)


class Worker:
    """Runs each job when it is due: a queue job at every poll, a periodic job once per
    interval; sleeps `poll_seconds` when a round found nothing to do."""

    def __init__(self, jobs: Iterable[Job], *, poll_seconds: float) -> None:
        self.jobs = list(jobs)
        self.poll_seconds = poll_seconds
        self.stopping = False
        # When each periodic job last ran (time.monotonic()); absent: not yet, so it is due.
        self._last_run: dict[str, float] = {}

    def stop(self, signum: int, _frame: object = None) -> None:
        """A signal handler: finish the current round, then return from run()."""
        self.stopping = True
        log.info("worker stopping after the current message (signal %s)", signum)

    def run(self, *, once: bool = False) -> None:
        """Run rounds until stopped (or one round, with once)."""
        while not self.stopping:
            handled = self.run_round()
            if once:
                break
            if not handled:
                time.sleep(self.poll_seconds)

    def run_round(self) -> int:
        """Run every job that is due, once; how many items the queue jobs handled."""
        handled = 0
        try:
            for job in self.jobs:
                interval = job.interval(current_app.config)
                if interval is None:
                    handled += job.run()
                    continue
                last = self._last_run.get(job.name)
                if last is None or time.monotonic() - last > interval:
                    job.run()
                    self._last_run[job.name] = time.monotonic()
        except OperationalError as error:
            # The database is restarting or unreachable: wait and carry on.
            log.warning("database unavailable, retrying: %s", error)
            db.session.rollback()
            time.sleep(min(5.0, self.poll_seconds * 5))
        finally:
            db.session.remove()
        return handled
