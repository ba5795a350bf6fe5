"""A download in progress holds no write lock: supporters keep signing meanwhile."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine, text

from tests.factories import PetitionFactory, SignatureFactory, UserFactory
from webapp.extensions import db


@pytest.mark.usefixtures("committed_db")
def test_writers_are_not_blocked_while_an_export_streams(app, login, database_uri):
    admin = UserFactory(admin=True)
    petition = PetitionFactory()
    for n in range(3000):  # several chunks, so the stream pauses between them
        SignatureFactory(petition=petition, confirmed=True, email=f"s{n}@x.org")
    db.session.commit()
    petition_id = petition.id
    browser = app.test_client()
    login(browser, admin)

    response = browser.get(f"/admin/exports/petitions/{petition_id}/signatures.csv", buffered=False)
    chunks = iter(response.response)
    first = next(chunks)  # the export's transaction is open now, mid-download
    assert first

    outcome = {}

    def write_meanwhile():
        # Another process's connection, waiting at most a second for the write lock.
        engine = create_engine(
            database_uri.replace("postgresql://", "postgresql+psycopg://", 1),
            connect_args={"timeout": 1} if database_uri.startswith("sqlite") else {},
        )
        try:
            with engine.begin() as connection:
                connection.execute(
                    text("UPDATE petitions SET goal = goal + 1 WHERE id = :id"),
                    {"id": petition_id},
                )
            outcome["ok"] = True
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcome["error"] = repr(error)
        finally:
            engine.dispose()

    writer = threading.Thread(target=write_meanwhile)
    writer.start()
    writer.join(10)
    rest = b"".join(chunks)
    response.close()
    assert outcome == {"ok": True}
    assert (first + rest).count(b"\n") == 3001
