"""`flask db upgrade` on an empty database builds exactly the models' schema."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy import table as table_named
from sqlalchemy.engine import make_url

from tests.conftest import TEST_DATABASE_URL
from webapp import create_app
from webapp.config import TestingConfig
from webapp.extensions import db
from webapp.models import Base


@pytest.fixture
def empty_database_uri(tmp_path):
    """A brand-new empty database of the kind this run tests against."""
    if not (TEST_DATABASE_URL and TEST_DATABASE_URL.startswith("postgresql")):
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    name = f"w4r_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(TEST_DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_builds_the_models_schema_without_drift(empty_database_uri):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_uri

    app = create_app(Config)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True}
            )
            assert compare_metadata(context, Base.metadata) == []
            tables = set(inspect(connection).get_table_names())
        assert set(Base.metadata.tables) <= tables

        downgrade(revision="base")
        with db.engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def _fill_every_table(connection) -> dict[str, int]:
    """One row in every table, each foreign key pointing at the row of the table it names."""
    from datetime import UTC, date, datetime

    from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, LargeBinary, MetaData

    metadata = MetaData()
    metadata.reflect(connection)
    for table in metadata.sorted_tables:
        if table.name == "alembic_version":
            continue
        row = {}
        for column in table.columns:
            if isinstance(column.type, Boolean):
                row[column.name] = False
            elif isinstance(column.type, Integer):
                row[column.name] = 1
            elif isinstance(column.type, Date) and not isinstance(column.type, DateTime):
                row[column.name] = date(2026, 11, 1)
            elif isinstance(column.type, DateTime):
                row[column.name] = datetime(2026, 11, 1, tzinfo=UTC).replace(tzinfo=None)
            elif isinstance(column.type, LargeBinary):
                row[column.name] = b"%PDF"
            elif isinstance(column.type, JSON):
                row[column.name] = []
            else:
                row[column.name] = "x"
        connection.execute(table.insert().values(**row))
    return {
        table.name: connection.execute(table.select()).rowcount
        for table in metadata.sorted_tables
        if table.name != "alembic_version"
    }


def _counts(connection, names) -> dict[str, int]:
    return {
        name: connection.execute(select(func.count()).select_from(table_named(name))).scalar_one()
        for name in names
    }


def _earlier_revisions() -> list[str]:
    from alembic.script import ScriptDirectory

    from webapp import MIGRATIONS_DIR

    script = ScriptDirectory(MIGRATIONS_DIR)
    return [r.revision for r in script.walk_revisions() if r.revision != script.get_current_head()]


@pytest.mark.parametrize("revision", _earlier_revisions())
def test_upgrading_a_populated_database_keeps_every_row(empty_database_uri, revision):
    """SQLite rebuilds a table to alter it; dropping the old copy must not cascade."""

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_uri

    app = create_app(Config)
    with app.app_context():
        upgrade(revision=revision)
        with db.engine.begin() as connection:
            tables = [t for t in inspect(connection).get_table_names() if t != "alembic_version"]
            _fill_every_table(connection)
            before = _counts(connection, tables)
        assert set(before.values()) == {1}
        upgrade()
        with db.engine.connect() as connection:
            assert _counts(connection, tables) == before
            if connection.dialect.name == "sqlite":
                # Enforcement is back on for the app's connections after the migration.
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        db.engine.dispose()


def test_the_daily_roll_up_starts_with_the_signatures_already_there(empty_database_uri):
    from datetime import UTC, date, datetime

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_uri

    app = create_app(Config)
    with app.app_context():
        upgrade(revision="0003_classrooms")
        confirmed = datetime(2026, 11, 1, 23, 30, tzinfo=UTC)
        if db.engine.dialect.name == "sqlite":
            confirmed = confirmed.replace(tzinfo=None)
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO petitions (id, slug, title, body, goal, status, created_at) "
                    "VALUES (1, 'p', 'P', 'B', 10, 'open', :now)"
                ),
                {"now": confirmed},
            )
            for n, (status, country) in enumerate(
                [("confirmed", "GB"), ("confirmed", "GB"), ("confirmed", "FR"), ("pending", "GB")]
            ):
                connection.execute(
                    text(
                        "INSERT INTO signatures (petition_id, full_name, email, "
                        "email_canonical, country, opt_in, source, status, token_nonce, "
                        "created_at, confirmed_at, notices_sent) VALUES (1, 'N', :e, :e, :c, "
                        "false, 'web', :s, :t, :now, :confirmed, 0)"
                    ),
                    {
                        "e": f"s{n}@x.org",
                        "c": country,
                        "s": status,
                        "t": f"t{n}",
                        "now": confirmed,
                        "confirmed": confirmed if status == "confirmed" else None,
                    },
                )
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT day, country, count FROM signature_daily_counts ORDER BY country")
            ).all()
        db.engine.dispose()
    as_dates = [
        (row[0] if isinstance(row[0], date) else date.fromisoformat(row[0]),) for row in rows
    ]
    assert [(d[0], row[1], row[2]) for d, row in zip(as_dates, rows, strict=True)] == [
        (date(2026, 11, 1), "FR", 1),
        (date(2026, 11, 1), "GB", 2),
    ]


def test_petitions_closed_before_0007_keep_their_signers_data_the_full_time(empty_database_uri):
    """Retention counts from closed_at, which 0007 fills for petitions closed before it:
    their closing date where they had one, else the moment of the upgrade (never the
    past, which would wipe signers at once)."""
    from datetime import UTC, datetime

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_uri

    app = create_app(Config)
    with app.app_context():
        upgrade(revision="0006_content")
        closes = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
        if db.engine.dialect.name == "sqlite":
            closes = closes.replace(tzinfo=None)
        with db.engine.begin() as connection:
            for n, (status, closes_at) in enumerate(
                [("closed", closes), ("closed", None), ("open", None)], start=1
            ):
                connection.execute(
                    text(
                        "INSERT INTO petitions (id, slug, title, body, goal, status, closes_at,"
                        " created_at) VALUES (:id, :slug, 'P', 'B', 10, :status, :closes, :now)"
                    ),
                    {
                        "id": n,
                        "slug": f"p{n}",
                        "status": status,
                        "closes": closes_at,
                        "now": closes,
                    },
                )
        before = datetime.now(UTC)
        upgrade()
        with db.engine.connect() as connection:
            rows = dict(connection.execute(text("SELECT id, closed_at FROM petitions")).all())
        db.engine.dispose()

    def moment(value):
        value = datetime.fromisoformat(value) if isinstance(value, str) else value
        return value if value.tzinfo else value.replace(tzinfo=UTC)

    assert moment(rows[1]) == closes.replace(tzinfo=UTC)
    assert moment(rows[2]) >= before.replace(microsecond=0)
    assert rows[3] is None


def test_tallies_reported_before_0009_still_count(empty_database_uri):
    """0009 adds the review of hand tallies: those reported before it were public already,
    and stay counted (as approved)."""

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_uri

    app = create_app(Config)
    with app.app_context():
        upgrade(revision="0008_lifecycle_sessions")
        with db.engine.begin() as connection:
            _fill_every_table(connection)
            connection.execute(text("UPDATE classroom_tallies SET reported = 250"))
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT reported, counted, review FROM classroom_tallies")
            ).all()
        db.engine.dispose()
    assert [tuple(row) for row in rows] == [(250, 250, "approved")]
