"""Every background job, registered once: each feature declares its jobs in its own
jobs.py (a list JOBS), and both the worker (webapp/background/worker.py) and the web
process's in-process loops (webapp/background/loops.py) run them from here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

# The features with background jobs, in the order the worker runs them: mail first, then
# the PDFs people wait for, then the periodic work.
JOB_MODULES = (
    "webapp.outbox.jobs",
    "webapp.classrooms.jobs",
    "webapp.delivery.jobs",
    "webapp.letters.jobs",
    "webapp.updates.jobs",
    "webapp.petitions.jobs",
    "webapp.privacy.jobs",
)


@dataclass(frozen=True)
class Job:
    """One kind of background work: what does a batch of it, and how often it runs.

    `run` does one batch and returns how many items it handled (0: nothing was due). Work
    must be safe beside other workers and web processes doing the same job (leases).

    A queue job (`every` None) takes work that others write as rows: the worker looks for
    it at each poll (`flask worker --poll`), since it hears no other process's commits; a
    web process running it looks every `poll_seconds`, and at once after a commit that set
    `session.info[wake_flag]`. A periodic job runs once every `every` seconds (or the
    config value of that name) wherever it runs; its `run` returns 0, so that a loop runs
    it once per wake-up rather than until it is idle.
    """

    name: str
    run: Callable[[], int]
    # The config flag that makes the web process run this job itself (the embedded
    # default, with no worker); None: only the worker runs it.
    in_process: str | None = None
    poll_seconds: float = 5.0
    wake_flag: str | None = None
    every: float | str | None = None

    def interval(self, config: dict[str, Any]) -> float | None:
        """Seconds between runs of a periodic job, None for a queue job."""
        return config[self.every] if isinstance(self.every, str) else self.every

    def idle_seconds(self, config: dict[str, Any]) -> float:
        """How long the web process's loop waits before it looks again when idle."""
        interval = self.interval(config)
        return self.poll_seconds if interval is None else interval


def registered_jobs() -> list[Job]:
    """Every feature's jobs, in the order the worker runs them."""
    # Imported when asked for, not with this module: the features' jobs import Job.
    return [job for module in JOB_MODULES for job in import_module(module).JOBS]
