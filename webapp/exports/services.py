"""Exports: counts per petition per day and per country, and one petition's signatures.

Every export is a lazy iterator of bytes. Its query runs when the response is first read,
after the view has committed the audit event, and rows are fetched a batch at a time
(a server-side cursor on PostgreSQL), so memory stays flat however many rows there are.

Counts are grouped straight from the signature rows, not read from the daily roll-up
(SignatureDailyCount): the roll-up lags the rows by seconds, and an export must match
the database exactly. Rebuilding the roll-up first would give the same figures, but it
turns a download into a write that races the background refresher (both delete and
re-insert the same days) and costs the same scan as grouping the rows directly. Exports
are rare, deliberate actions; one indexed GROUP BY each is affordable, while the
dashboard, read often, keeps using the roll-up.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from sqlalchemy import Date, case, func, select, type_coerce

from webapp import audit
from webapp.domain import DomainError
from webapp.extensions import db
from webapp.models import Petition, Signature, SignatureStatus, User, UserRole, utcnow

# The same UTC day boundaries as the roll-up and the dashboard.
from webapp.petitions.rollups import utc_day
from webapp.petitions.services import signature_counts
from webapp.sqlite import READ_ONLY

# A spreadsheet treats a cell starting with one of these as a formula (or, for tab and
# carriage return, strips them and then may): OWASP "CSV Injection".
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Excel opens a UTF-8 CSV without a byte order mark in the machine's legacy code page,
# turning "مريم" or "Pérez" into mojibake; with the mark it reads UTF-8. LibreOffice,
# Google Sheets and pandas accept the mark; Python reads it with encoding="utf-8-sig".
BOM = "\ufeff"

CSV_CONTENT_TYPE = "text/csv; charset=utf-8; header=present"
JSON_CONTENT_TYPE = "application/json"
FORMATS = ("csv", "json")

# Rows fetched per round trip, and rows written before a chunk goes to the client.
FETCH_ROWS = 5000
CHUNK_ROWS = 1000

DAILY_FIELDS = ("petition_id", "petition_slug", "day", "signatures")
COUNTRY_FIELDS = ("petition_id", "petition_slug", "country", "signatures")
SIGNATURE_FIELDS = ("name", "country", "confirmed_at")


class ExportError(DomainError):
    """An export this user may not have."""


@dataclass(frozen=True)
class Export:
    """A file to download: its name, its type, and its bytes, produced on demand."""

    filename: str
    content_type: str
    chunks: Iterator[bytes]


# Cells -----------------------------------------------------------------------------------


def neutralise(cell: str) -> str:
    """The cell, with a `'` in front if a spreadsheet would read it as a formula.

    OWASP's rule for CSV injection: a cell starting with = + - @, a tab or a carriage
    return gets a leading apostrophe, which spreadsheets show as text and never run.
    Nothing else changes, so dropping that one apostrophe gives back the exact value;
    and as `'` is no trigger, neutralising twice changes nothing more."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def _safe_cell(value: Any) -> Any:
    # neutralise() for text, inlined (it runs for every cell of a million rows);
    # numbers pass as they are.
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) else value


# Rows ------------------------------------------------------------------------------------

# The row functions build their query at once (from plain values, while the caller's
# session is alive) and return a generator that runs it on first read. In production Flask
# tears the request's session down between the view and the streaming of its response;
# stream_with_context then gives the generator a fresh session, so it must not touch
# ORM objects loaded before.


def _stream(statement) -> Iterator[Sequence[Any]]:
    """The statement's rows, FETCH_ROWS at a time through a server-side cursor.

    Executed on the session's connection (Core, in the session's transaction): the ORM's
    result handling, of no use for plain columns, would halve the rows per second."""
    # Only reads: on SQLite, a transaction begun for them leaves the write lock free while
    # the client downloads (a stream's session is fresh; a caller's may be begun already).
    begun = db.session().in_transaction()
    options = {} if begun else {"execution_options": {READ_ONLY: True}}
    result = (
        db.session.connection(**options)
        .execute(statement.execution_options(stream_results=True, yield_per=FETCH_ROWS))
        .tuples()
    )
    try:
        for partition in result.partitions():
            yield from partition
    finally:
        result.close()


def _utc_iso_seconds(column):
    """A timestamp column as ISO 8601 text in UTC to the second (2026-03-01T10:00:00+00:00),
    formatted by the database: parsing a million datetimes in Python only to print them
    again would cost more than everything else in the export."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')
    return func.strftime("%Y-%m-%dT%H:%M:%S+00:00", column)  # SQLite stores UTC already


def daily_counts_rows(petition_id: int | None = None) -> Iterator[tuple[int, str, str, int]]:
    """(petition id, slug, UTC day as YYYY-MM-DD, confirmed signatures) for every day with
    any, of one petition or all, in petition and day order."""
    day = type_coerce(utc_day(Signature.confirmed_at), Date)
    statement = (
        select(Signature.petition_id, Petition.slug, day, func.count())
        .join(Petition, Petition.id == Signature.petition_id)
        .where(Signature.status == SignatureStatus.CONFIRMED)
        .group_by(Signature.petition_id, Petition.slug, day)
        .order_by(Signature.petition_id, day)
    )
    if petition_id is not None:
        statement = statement.where(Signature.petition_id == petition_id)
    return ((pid, slug, on.isoformat(), count) for pid, slug, on, count in _stream(statement))


def country_counts_rows(petition_id: int | None = None) -> Iterator[tuple[int, str, str, int]]:
    """(petition id, slug, ISO 3166 alpha-2 country, confirmed signatures) for every
    country with any, of one petition or all, in petition and country order."""
    statement = (
        select(Signature.petition_id, Petition.slug, Signature.country, func.count())
        .join(Petition, Petition.id == Signature.petition_id)
        .where(Signature.status == SignatureStatus.CONFIRMED)
        .group_by(Signature.petition_id, Petition.slug, Signature.country)
        .order_by(Signature.petition_id, Signature.country)
    )
    if petition_id is not None:
        statement = statement.where(Signature.petition_id == petition_id)
    return _stream(statement)


def signature_time_column():
    """The confirmation time as the signatures export writes it (UTC, ISO 8601, to the
    second): delivery packs hash the same bytes."""
    return _utc_iso_seconds(Signature.confirmed_at)


def signature_rows(
    petition: Petition, include_email: bool, *, up_to_id: int | None = None
) -> Iterator[tuple[str, ...]]:
    """The petition's confirmed signatures in the order they came in: name, country,
    confirmation time (UTC, ISO 8601, to the second) and, with `include_email`, the email
    of those who agreed to updates ("" for the others, whose address never leaves the
    database). With `up_to_id`, only the signatures up to that one (a delivery pack's)."""
    columns = [Signature.full_name, Signature.country, signature_time_column()]
    if include_email:
        columns.append(case((Signature.opt_in, Signature.email), else_=""))
    statement = (
        select(*columns)
        .where(Signature.petition_id == petition.id, Signature.status == SignatureStatus.CONFIRMED)
        .order_by(Signature.id)
    )
    if up_to_id is not None:
        statement = statement.where(Signature.id <= up_to_id)
    return _stream(statement)


# Encoders --------------------------------------------------------------------------------


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """RFC 4180 CSV (comma, every cell in double quotes, CRLF) in UTF-8 with a byte order
    mark, every text cell neutralised, yielded CHUNK_ROWS rows at a time (one small buffer,
    reused)."""
    buffer = io.StringIO()
    # Every cell quoted: Excel set to a semicolon-separated locale would otherwise split
    # a name such as "x;=1+1" at the semicolon and read "=1+1" as a formula of its own.
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    buffer.write(BOM)
    writer.writerow(header)
    rows = iter(rows)
    while batch := list(islice(rows, CHUNK_ROWS)):
        writer.writerows(map(_safe_cell, row) for row in batch)
        yield _drain(buffer)
    if buffer.tell():
        yield _drain(buffer)  # the header of an export without rows


def _drain(buffer: io.StringIO) -> bytes:
    data = buffer.getvalue().encode()
    buffer.seek(0)
    buffer.truncate()
    return data


def json_chunks(fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """A JSON array of objects (one per row, keyed by `fields`), written as it goes, so the
    whole document is never held in memory; valid JSON, `[]` when there are no rows."""
    parts = ["["]
    separator = "\n"
    for row in rows:
        parts.append(
            separator + json.dumps(dict(zip(fields, row, strict=True)), ensure_ascii=False)
        )
        separator = ",\n"
        if len(parts) >= CHUNK_ROWS:
            yield "".join(parts).encode()
            parts.clear()
    parts.append("\n]\n")
    yield "".join(parts).encode()


# Exports, each recorded in the audit log ------------------------------------------------


@dataclass(frozen=True)
class _Counts:
    action: str
    per: str
    fields: tuple[str, ...]
    rows: Callable[[int | None], Iterator[Sequence[Any]]]


_COUNTS = {
    "daily": _Counts("export.daily_counts", "day", DAILY_FIELDS, daily_counts_rows),
    "countries": _Counts("export.country_counts", "country", COUNTRY_FIELDS, country_counts_rows),
}


def export_counts(actor: User, kind: str, petition: Petition | None, fmt: str) -> Export:
    """Confirmed signatures per day or per country ("daily" or "countries"), of one petition
    or all of them, as CSV or JSON; recorded in the audit log (flushed, not committed)."""
    if kind not in _COUNTS or fmt not in FORMATS:
        raise ValueError(f"no such export: {kind} as {fmt}")
    counts = _COUNTS[kind]
    petition_id = petition.id if petition is not None else None
    scope = f"“{petition.title}”" if petition is not None else "all petitions"
    audit.record(
        actor,
        counts.action,
        subject=petition,
        summary=f"Signatures per {counts.per}, {scope}, as {fmt.upper()}",
        petition_id=petition_id,
        format=fmt,
    )
    encode = csv_chunks if fmt == "csv" else json_chunks
    return Export(
        filename=_filename(f"signatures-per-{counts.per}", petition, fmt),
        content_type=CSV_CONTENT_TYPE if fmt == "csv" else JSON_CONTENT_TYPE,
        chunks=encode(counts.fields, counts.rows(petition_id)),
    )


def export_signatures(actor: User, petition: Petition, *, with_email: bool) -> Export:
    """A petition's confirmed signatures as CSV; emails (of opted-in signers only) for admins
    who ask for them; recorded in the audit log (flushed, not committed)."""
    if with_email and actor.role is not UserRole.ADMIN:
        raise ExportError("Only administrators may export email addresses.")
    audit.record(
        actor,
        "export.signatures",
        subject=petition,
        summary=f"Signatures of “{petition.title}” as CSV"
        + (", with the emails of signers who agreed to updates" if with_email else ""),
        petition_id=petition.id,
        format="csv",
        with_email=with_email,
    )
    header = (*SIGNATURE_FIELDS, "email") if with_email else SIGNATURE_FIELDS
    return Export(
        filename=_filename("signatures", petition, "csv"),
        content_type=CSV_CONTENT_TYPE,
        chunks=csv_chunks(header, signature_rows(petition, with_email)),
    )


def _filename(name: str, petition: Petition | None, fmt: str) -> str:
    scope = re.sub(r"[^a-z0-9-]+", "-", petition.slug.lower()) if petition else "all-petitions"
    return f"{name}-{scope}-{utcnow().date().isoformat()}.{fmt}"


@dataclass(frozen=True)
class PetitionChoice:
    petition: Petition
    signatures: int


def petitions() -> list[PetitionChoice]:
    """Every petition with its confirmed signatures (from the counters), newest first."""
    rows = db.session.scalars(select(Petition).order_by(Petition.id.desc())).all()
    totals = signature_counts([petition.id for petition in rows])
    return [PetitionChoice(petition, totals[petition.id]) for petition in rows]
