"""Operations, all through the Flask CLI: seed, worker, recount, purge."""

from __future__ import annotations

import logging
import signal
import time
from datetime import date

import click
from flask import Flask
from sqlalchemy.exc import OperationalError

from webapp.extensions import db

log = logging.getLogger(__name__)

RETENTION_INTERVAL_SECONDS = 24 * 3600


def register_commands(app: Flask) -> None:
    """Attach the commands to the app's CLI."""

    @app.cli.command("seed")
    def seed() -> None:
        """Load the issue areas and demo cases (safe to run again)."""
        from webapp.campaigns.services import seed_demo_content

        created = seed_demo_content()
        db.session.commit()
        click.echo(
            "Demo content is loaded: {issue_areas} issue areas, {cases} cases and "
            "{petitions} petitions were new.".format(**created)
        )
        if app.config["ENV_NAME"] == "production":
            return
        from webapp.accounts import services as accounts
        from webapp.classrooms import services as classrooms
        from webapp.models import UserRole

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

    @app.cli.command("create-admin")
    @click.option("--email", required=True, help="The admin's email address.")
    @click.option("--name", default="Administrator", show_default=True)
    @click.password_option(help="Asked for when not given.")
    def create_admin(email: str, name: str, password: str) -> None:
        """Open the first admin account (later ones are invited from /admin/users)."""
        from webapp.accounts import services as accounts
        from webapp.models import User, UserRole, utcnow

        try:
            accounts.check_password_rules(password, email)
        except accounts.AccountError as error:
            raise click.ClickException(str(error)) from error
        if accounts.get_user_by_email(email) is not None:
            raise click.ClickException("That address already has an account.")
        db.session.add(
            User(
                email=accounts.normalise_email(email),
                name=name,
                password_hash=accounts.hash_password(password),
                role=UserRole.ADMIN,
                email_verified_at=utcnow(),
            )
        )
        db.session.commit()
        click.echo(f"Admin account opened for {accounts.normalise_email(email)}.")

    @app.cli.command("recount")
    def recount() -> None:
        """Rebuild every petition's total, and the daily roll-up, from the signature rows."""
        from webapp.petitions.rollups import refresh_daily_counts
        from webapp.petitions.services import recount as recount_petitions

        corrections = recount_petitions()
        refresh_daily_counts(date(2000, 1, 1))  # every day, not only the recent ones
        db.session.commit()
        if not corrections:
            click.echo("Every total already matched its signature rows.")
        for petition_id, drift in corrections.items():
            click.echo(f"Petition {petition_id}: total corrected by {drift:+d}.")

    @app.cli.command("purge")
    def purge() -> None:
        """Apply every retention rule now."""
        from webapp.retention import apply_retention

        removed = apply_retention()
        db.session.commit()
        for rule, count in removed.items():
            click.echo(f"{rule.replace('_', ' ')}: {count}")

    @app.cli.command("worker")
    @click.option("--once", is_flag=True, help="Deliver what is due, then exit.")
    @click.option("--poll", default=1.0, show_default=True, help="Seconds between idle polls.")
    def worker(once: bool, poll: float) -> None:
        """Deliver the outbox (retrying with backoff), build class PDFs, refresh the daily
        roll-up, apply retention daily."""
        from webapp.classrooms.printing import run_print_jobs
        from webapp.delivery.services import run_delivery_packs
        from webapp.outbox.services import deliver_due
        from webapp.petitions.rollups import refresh_recent
        from webapp.retention import apply_retention

        stopping = False

        def stop(signum, _frame) -> None:
            nonlocal stopping
            stopping = True
            log.info("worker stopping after the current message (signal %s)", signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        last_retention = last_rollup = 0.0
        click.echo("Worker started: delivering the outbox.")
        while not stopping:
            claimed = 0
            try:
                claimed = deliver_due().claimed + run_print_jobs() + run_delivery_packs()
                if time.monotonic() - last_rollup > app.config["ROLLUP_INTERVAL_SECONDS"]:
                    refresh_recent()
                    last_rollup = time.monotonic()
                if time.monotonic() - last_retention > RETENTION_INTERVAL_SECONDS:
                    log.info("retention applied: %s", apply_retention())
                    db.session.commit()
                    last_retention = time.monotonic()
            except OperationalError as error:
                # The database is restarting or unreachable: wait and carry on.
                log.warning("database unavailable, retrying: %s", error)
                db.session.rollback()
                time.sleep(min(5.0, poll * 5))
            finally:
                db.session.remove()
            if once:
                break
            if not claimed:
                time.sleep(poll)
