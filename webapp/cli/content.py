"""`flask seed`: the demo content, and outside production the demo accounts and class."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from webapp.accounts import services as accounts
from webapp.campaigns.services import seed_demo_content, unfit_addresses
from webapp.classrooms import services as classrooms
from webapp.extensions import db
from webapp.models import UserRole
from webapp.updates.services import seed_demo_updates


@click.command("seed")
@with_appcontext
def seed() -> None:
    """Load the issue areas and demo cases (safe to run again)."""
    created = seed_demo_content()
    created["updates"] = seed_demo_updates()
    db.session.commit()
    click.echo(
        "Demo content is loaded: {issue_areas} issue areas, {cases} cases, "
        "{petitions} petitions and {updates} updates were new.".format(**created)
    )
    if current_app.config["ENV_NAME"] == "production":
        return
    classroom = classrooms.seed_demo_classroom()
    accounts.demo_user(UserRole.ADMIN)
    db.session.commit()
    click.echo(
        f"Demo accounts, password '{accounts.DEMO_PASSWORD}': "
        f"{accounts.demo_email(UserRole.TEACHER)} (a teacher) and "
        f"{accounts.demo_email(UserRole.ADMIN)} (an admin: dashboard, exports, users). "
        "Students join the demo class at /join with the code "
        f"{classrooms.format_join_code(classroom.join_code)}."
    )


@click.command("check-addresses")
@with_appcontext
def check_addresses() -> None:
    """List the saved addresses that would not show whole through an envelope's window
    (letters to them are refused until an organiser shortens them); exit 1 if any."""
    found = unfit_addresses()
    for unfit in found:
        click.echo(f"{unfit.case_slug}: {unfit.whose}: {unfit.problem}")
    if found:
        raise SystemExit(1)
    click.echo("Every address fits the envelope windows (DL and #10).")
