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


@click.command("unsubscribe")
@click.argument("tokens", nargs=-1, required=True)
@with_appcontext
def unsubscribe(tokens: tuple[str, ...]) -> None:
    """Stop every update email to the people behind these tokens: the words after
    "unsubscribe" in the subject of the List-Unsubscribe mails that reach
    MAIL_DEFAULT_SENDER's mailbox (mail clients that do not POST send those)."""
    from webapp.updates.mailings import unsubscribe as stop

    for token in tokens:
        stop(token)
    db.session.commit()
    click.echo(f"stopped: {len(tokens)}")
