"""A short surge through the whole production set-up (two gunicorn servers, two workers,
Redis, PostgreSQL, an SMTP server), with a worker killed half-way: bench/surge.py's own
checks must all pass. The long runs, and the other faults (which restart PostgreSQL, so
cannot run beside the suite), are in the README's performance section."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.postgres
def test_a_surge_with_a_worker_killed_loses_nothing_and_counts_once():
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.surge",
            "--minutes",
            "0.3",
            "--rate",
            "15",
            "--fault",
            "worker",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "OK: nothing lost, nothing counted twice, no 5xx" in run.stdout
    assert "killed with SIGKILL" in run.stdout
