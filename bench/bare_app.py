"""The practical ceiling for bench/sign.py: Flask and Flask-SQLAlchemy, one endpoint that
inserts one row (a name, an email, a time) and commits, on the same database, served the
same way. No templates, forms, CSRF, rate limits or email.

    gunicorn 'bench.bare_app:create_app()'   (BARE_DATABASE_URL names the database)
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from flask import Flask, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class BareRow(Base):
    __tablename__ = "bench_bare_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime]


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["BARE_DATABASE_URL"]
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True}
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            # What the app does too: writers wait for each other instead of failing.
            @event.listens_for(db.engine, "connect")
            def _on_connect(dbapi_connection, _record):
                dbapi_connection.execute("PRAGMA busy_timeout=15000")
                dbapi_connection.execute("PRAGMA journal_mode=WAL")

    @app.post("/insert")
    def insert():
        db.session.add(
            BareRow(
                name=request.form.get("full_name", ""),
                email=request.form.get("email", ""),
                created_at=datetime.now(UTC),
            )
        )
        db.session.commit()
        return "", 303, {"Location": "/done"}

    return app
