"""`flask create-admin`: the first admin account."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from webapp.accounts import services as accounts
from webapp.extensions import db
from webapp.models import UserRole, utcnow


@click.command("create-admin")
@click.option("--email", required=True, help="The admin's email address.")
@click.option("--name", default="Administrator", show_default=True)
@click.password_option(help="Asked for when not given.")
@with_appcontext
def create_admin(email: str, name: str, password: str) -> None:
    """Open the first admin account (later ones are invited from /admin/users)."""
    try:
        accounts.check_password_rules(password, email)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from error
    if accounts.get_user_by_email(email) is not None:
        raise click.ClickException("That address already has an account.")
    user = accounts.create_user(
        email=email,
        name=name,
        password_hash=accounts.hash_password(password),
        role=UserRole.ADMIN,
        verified_at=utcnow(),
    )
    db.session.commit()
    click.echo(f"Admin account opened for {user.email}.")
