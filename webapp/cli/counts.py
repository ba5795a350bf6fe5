"""`flask recount`: every total rebuilt from its rows."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext

from webapp.extensions import db
from webapp.petitions.rollups import refresh_daily_counts
from webapp.petitions.services import recount as recount_petitions


@click.command("recount")
@with_appcontext
def recount() -> None:
    """Rebuild every petition's total, and the daily roll-up, from the signature rows."""
    corrections = recount_petitions()
    refresh_daily_counts(date(2000, 1, 1))  # every day, not only the recent ones
    db.session.commit()
    if not corrections:
        click.echo("Every total already matched its signature rows.")
    for petition_id, drift in corrections.items():
        click.echo(f"Petition {petition_id}: total corrected by {drift:+d}.")
