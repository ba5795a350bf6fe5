"""`flask db upgrade` on an empty database builds exactly the models' schema."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
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
