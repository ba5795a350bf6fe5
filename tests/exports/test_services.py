"""The export services: neutralising cells, encoding CSV and JSON, streaming rows."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, event, func, insert, select, text

from tests.factories import PetitionFactory, SignatureFactory, UserFactory
from webapp.exports import services
from webapp.models import AuditEvent, Signature, SignatureDailyCount, SignatureStatus, utcnow
from webapp.petitions.rollups import refresh_daily_counts


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _read_csv(chunks) -> list[list[str]]:
    body = b"".join(chunks)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("=", "'="),
        ("", ""),
        ("Ana Pérez", "Ana Pérez"),
        ("مريم", "مريم"),
        ("a=b", "a=b"),
        (" =1+1", " =1+1"),  # spreadsheets read a leading space as text
        ("'=1+1", "'=1+1"),  # already neutral: neutralising twice adds nothing
        ("\n=1+1", "\n=1+1"),
    ],
)
def test_neutralise_prefixes_only_cells_that_start_a_formula(cell, expected):
    assert services.neutralise(cell) == expected
    assert services.neutralise(services.neutralise(cell)) == expected


def test_csv_neutralises_text_and_leaves_numbers_alone():
    rows = [(1, "=cmd", -5, "ok"), (2, "@x", 0, "-y")]

    assert _read_csv(services.csv_chunks(("id", "a", "n", "b"), rows)) == [
        ["id", "a", "n", "b"],
        ["1", "'=cmd", "-5", "ok"],
        ["2", "'@x", "0", "'-y"],
    ]


def test_csv_is_rfc_4180_with_crlf_and_doubled_quotes():
    body = b"".join(services.csv_chunks(("name",), [('Say "hi", then\nleave',)]))

    assert body == '\ufeff"name"\r\n"Say ""hi"", then\nleave"\r\n'.encode()


def test_csv_comes_in_chunks_of_a_thousand_rows_from_an_iterator():
    rows = ((n, f"name {n}") for n in range(2500))

    chunks = list(services.csv_chunks(("n", "name"), rows))

    assert len(chunks) == 3
    assert [chunk.count(b"\r\n") for chunk in chunks] == [1001, 1000, 500]  # header first


def test_an_empty_csv_is_its_header():
    assert list(services.csv_chunks(("a", "b"), iter(()))) == ['\ufeff"a","b"\r\n'.encode()]


@pytest.mark.parametrize("count", [0, 1, 2, 2500])
def test_json_is_one_valid_array_however_many_rows(count):
    rows = [(n, f"مريم {n}") for n in range(count)]

    chunks = list(services.json_chunks(("n", "name"), iter(rows)))

    assert json.loads(b"".join(chunks)) == [{"n": n, "name": name} for n, name in rows]
    assert len(chunks) == count // services.CHUNK_ROWS + 1
    assert "مريم".encode() in b"".join(chunks) or count == 0  # UTF-8, not \\u escapes


# Exports against the database ------------------------------------------------------------


@pytest.fixture
def statements():
    """The SQL statements run while the test runs."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    yield seen
    event.remove(Engine, "before_cursor_execute", record)


def test_an_export_records_its_event_first_and_reads_rows_only_when_read(db, statements):
    petition = PetitionFactory()
    SignatureFactory(petition=petition, confirmed=True, confirmed_at=_at("2026-03-01T10:00:00"))
    admin = UserFactory(admin=True)
    statements.clear()

    export = services.export_signatures(admin, petition, with_email=True)

    assert [s.split()[0] for s in statements] == ["INSERT"]  # the audit event, flushed
    [recorded] = db.session.scalars(select(AuditEvent))
    assert recorded.action == "export.signatures" and recorded.details["with_email"] is True
    assert export.filename == f"signatures-{petition.slug}-{utcnow().date().isoformat()}.csv"

    first = next(export.chunks)
    assert any("FROM signatures" in s for s in statements)
    assert first.startswith('\ufeff"name","country","confirmed_at","email"\r\n'.encode())


def test_an_export_streams_from_a_fresh_session_after_the_commit(db):
    """In production Flask removes the request's session between the view and the body."""
    petition = PetitionFactory()
    SignatureFactory(
        petition=petition, confirmed=True, confirmed_at=_at("2026-03-01T10:00:00"), full_name="Ada"
    )
    export = services.export_signatures(UserFactory(organiser=True), petition, with_email=False)
    db.session.commit()
    db.session.remove()

    assert _read_csv(export.chunks) == [
        ["name", "country", "confirmed_at"],
        ["Ada", "GB", "2026-03-01T10:00:00+00:00"],
    ]


def test_only_admins_may_export_emails(db):
    organiser = UserFactory(organiser=True)

    with pytest.raises(services.ExportError):
        services.export_signatures(organiser, PetitionFactory(), with_email=True)
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_days_are_the_same_as_the_roll_ups(db):
    petition = PetitionFactory()
    for when in ["2026-02-28T23:59:59", "2026-03-01T00:00:00", "2026-03-01T12:00:00"]:
        SignatureFactory(petition=petition, confirmed=True, confirmed_at=_at(when))
    refresh_daily_counts(date(2000, 1, 1), petition_ids=[petition.id])

    rolled = db.session.execute(
        select(SignatureDailyCount.day, func.sum(SignatureDailyCount.count))
        .where(SignatureDailyCount.petition_id == petition.id)
        .group_by(SignatureDailyCount.day)
        .order_by(SignatureDailyCount.day)
    )
    exported = [(day, n) for _, _, day, n in services.daily_counts_rows(petition.id)]

    assert exported == [(day.isoformat(), int(n)) for day, n in rolled]
    assert exported == [("2026-02-28", 1), ("2026-03-01", 2)]


@pytest.mark.postgres
def test_days_and_times_are_utc_whatever_the_sessions_time_zone(db):
    petition = PetitionFactory()
    SignatureFactory(petition=petition, confirmed=True, confirmed_at=_at("2026-03-01T23:59:59"))
    db.session.execute(text("SET LOCAL TIME ZONE 'Pacific/Kiritimati'"))  # UTC+14

    assert [row[2] for row in services.daily_counts_rows(petition.id)] == ["2026-03-01"]
    assert [row[2] for row in services.signature_rows(petition, False)] == [
        "2026-03-01T23:59:59+00:00"
    ]


def _add_signatures(db, petition_id: int, count: int, start: int = 0) -> None:
    when = _at("2026-03-01T00:00:00")
    db.session.execute(
        insert(Signature),
        [
            {
                "petition_id": petition_id,
                "full_name": f"Signer number {n}, of a long enough name",
                "email": f"signer{n}@example.org",
                "email_canonical": f"signer{n}@example.org",
                "country": "GB",
                "opt_in": n % 2 == 0,
                "status": SignatureStatus.CONFIRMED,
                "token_nonce": f"bulk-{n}",
                "confirmed_at": when + timedelta(seconds=n),
            }
            for n in range(start, start + count)
        ],
    )


def _peak_while_streaming(petition) -> tuple[int, int]:
    tracemalloc.start()
    try:
        size = sum(
            len(chunk)
            for chunk in services.csv_chunks(("a",), services.signature_rows(petition, True))
        )
        return tracemalloc.get_traced_memory()[1], size
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_of_signatures(db, monkeypatch):
    monkeypatch.setattr(services, "FETCH_ROWS", 500)
    petition = PetitionFactory()
    _add_signatures(db, petition.id, 4000)
    small_peak, small_size = _peak_while_streaming(petition)
    _add_signatures(db, petition.id, 16000, start=4000)

    large_peak, large_size = _peak_while_streaming(petition)

    assert large_size > 4.5 * small_size  # five times the rows,
    assert large_peak < 1.25 * small_peak  # about the same memory


def test_every_cell_is_quoted_so_a_semicolon_never_starts_a_cell():
    """Excel in a semicolon locale splits unquoted text at ';': "x;=1+1" must stay one cell."""
    body = b"".join(services.csv_chunks(("name",), iter([("x;=1+1",)])))
    assert b'"x;=1+1"' in body
