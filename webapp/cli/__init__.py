"""Operations, all through the Flask CLI: one module per command group."""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    """Attach the commands to the app's CLI."""
    from webapp.cli import accounts, content, counts, retention, worker

    for command in (
        content.seed,
        content.check_addresses,
        accounts.create_admin,
        counts.recount,
        retention.purge,
        retention.unsubscribe,
        worker.worker,
    ):
        app.cli.add_command(command)
