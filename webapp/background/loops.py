"""Background work inside the web process, for the embedded default with no worker running."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from webapp.extensions import db

if TYPE_CHECKING:
    from webapp.background.registry import Job

log = logging.getLogger(__name__)


class BackgroundLoop:
    """A daemon thread that runs `work` when notified, and every `poll_seconds` anyway.

    `work` does one batch and returns how many items it handled; the loop repeats it until
    it returns 0. Work must be safe beside a real worker or another web process (leases).
    """

    def __init__(
        self, app: Flask, work: Callable[[], int], *, name: str, poll_seconds: float = 5.0
    ) -> None:
        self.app = app
        self.work = work
        self.name = name
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
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()

    def notify(self) -> None:
        """New work was committed: do it now."""
        self.ensure_running()
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait(self.poll_seconds)
            self._wake.clear()
            with self.app.app_context():
                try:
                    while self.work():
                        pass
                except Exception:
                    # Never let one bad run stop the loop for the life of the process.
                    log.exception("in-process %s run failed; will retry", self.name)
                    db.session.rollback()
                finally:
                    db.session.remove()


# app.extensions[LOOPS]: this web process's loops, by job name.
LOOPS = "background_loops"


def init_app(app: Flask, jobs: Iterable[Job]) -> None:
    """Run in the web process every job whose in-process config flag is on (the embedded
    default, with no worker), and wake a job's loop after a commit that gave it work."""
    loops: dict[str, BackgroundLoop] = app.extensions.setdefault(LOOPS, {})
    for job in jobs:
        if job.wake_flag is not None:
            wake_after_commit(job.wake_flag, job.name)
        if job.in_process is not None and app.config[job.in_process]:
            loops[job.name] = BackgroundLoop(
                app, job.run, name=job.name, poll_seconds=job.idle_seconds(app.config)
            )
    if loops:
        app.before_request(lambda: _ensure_running(loops))


def _ensure_running(loops: dict[str, BackgroundLoop]) -> None:
    for loop in loops.values():
        loop.ensure_running()


# Session flags that mean "work was committed", and the job whose loop each one wakes. A
# service sets session.info[flag] when it writes work; the loop is told only after the
# commit, so it never looks for rows that are not there yet.
_wake_on_commit: dict[str, str] = {}


def wake_after_commit(flag: str, job_name: str) -> None:
    """After any commit of a transaction that set session.info[flag], notify this job's
    loop, app.extensions[LOOPS][job_name] (if this process runs one)."""
    if not _wake_on_commit:
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)
    _wake_on_commit[flag] = job_name


def _after_commit(session: Session) -> None:
    for flag, job_name in _wake_on_commit.items():
        if session.info.pop(flag, False):
            loop = current_app.extensions.get(LOOPS, {}).get(job_name)
            if loop is not None:
                loop.notify()


def _after_rollback(session: Session) -> None:
    for flag in _wake_on_commit:
        session.info.pop(flag, None)
