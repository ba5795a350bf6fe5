"""`flask worker`: every registered background job, out of the web processes."""

from __future__ import annotations

import signal

import click
from flask.cli import with_appcontext

from webapp.background import registry
from webapp.background.worker import Worker


@click.command("worker")
@click.option("--once", is_flag=True, help="Deliver what is due, then exit.")
@click.option("--poll", default=1.0, show_default=True, help="Seconds between idle polls.")
@with_appcontext
def worker(once: bool, poll: float) -> None:
    """Deliver the outbox (retrying with backoff), build class PDFs, refresh the daily
    roll-up, apply retention daily."""
    runner = Worker(registry.registered_jobs(), poll_seconds=poll)
    # Stop after the current work, never half-way through it.
    signal.signal(signal.SIGTERM, runner.stop)
    signal.signal(signal.SIGINT, runner.stop)
    click.echo("Worker started: delivering the outbox.")
    runner.run(once=once)
