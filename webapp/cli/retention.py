"""`flask purge`: the retention rules applied now (the worker applies them daily)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from webapp.extensions import db
from webapp.privacy.jobs import apply_retention


@click.command("purge")
@with_appcontext
def purge() -> None:
    """Apply every retention rule now."""
    removed = apply_retention()
    db.session.commit()
    for rule, count in removed.items():
        click.echo(f"{rule.replace('_', ' ')}: {count}")
