"""The petitions' background job: keep the daily roll-up of signatures fresh
(webapp/background/registry.py)."""

from __future__ import annotations

from webapp.background.registry import Job
from webapp.petitions.rollups import refresh_recent

JOBS = [
    Job(
        "rollups",
        refresh_recent,
        in_process="ROLLUP_IN_PROCESS",
        every="ROLLUP_INTERVAL_SECONDS",
    ),
]
