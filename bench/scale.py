"""Scale benchmark: the dashboard and the signatures export with a million signatures.

    .venv/bin/python -m bench.scale --database-url postgresql://postgres@127.0.0.1/w4r_scale
        [--signatures 1000000] [--letters 100000] [--runs 20]

The database named must be empty or hold only this script's data: it is filled once
(6 petitions, 1,000,000 signatures over 60 days and 10 countries, 100,000 letters) and
reused by later runs. Then, in this one run:

  dashboard      GET /admin/ as an organiser through the app, server time per request
                 (median and 95th percentile over --runs requests, after one warm-up)
  dashboard, naive   the same figures computed the obvious way: grouping the signature
                 rows by day and by country on every request (the baseline)
  export         GET the confirmed signatures of the largest petition as CSV, as an
                 admin, reading the streamed body: rows per second, and peak memory in
                 a fresh process (the peak mark is reset after start-up; growth is the
                 peak less the memory when the export began)
  export, bare   the ceiling: the same rows read with a server-side cursor and written
                 with csv.writer, no Flask, no ORM, in a fresh process

Targets (issue 5): dashboard under 200 ms; export at least 100,000 rows per second in
under 150 MB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

COUNTRIES = ["GB", "US", "FR", "DE", "BR", "MX", "IN", "NG", "KE", "JP"]
PETITIONS = 6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--signatures", type=int, default=1_000_000)
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--child", choices=["export", "bare"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.database_url)))
        return
    app = _app(args.database_url)
    with app.app_context():
        _fill(args.signatures, args.letters)
        dashboard = _time_dashboard(app, args.runs, naive=False)
        naive = _time_dashboard(app, args.runs, naive=True)
    # Outside the app context above: each request must get its own, as in a server (a
    # shared one would keep the organiser signed in through `g`).
    pages = _time_pages(app, args.runs)
    export = _run_child("export", args.database_url)
    bare = _run_child("bare", args.database_url)
    _report(dashboard, naive, export, bare)
    _report_pages(pages)


def _app(url: str):
    from webapp import create_app
    from webapp.config import database_url

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url(url),
            "OUTBOX_IN_PROCESS": False,
            "CLASS_PDF_IN_PROCESS": False,
            "ROLLUP_IN_PROCESS": False,
            "DELIVERY_IN_PROCESS": False,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )


# Data --------------------------------------------------------------------------------------


def _fill(signatures: int, letters: int) -> None:
    """Create the schema and the data once; later runs reuse them."""
    from sqlalchemy import func, select, text

    from webapp.extensions import db
    from webapp.models import Letter, Signature

    db.create_all()
    have = db.session.scalar(select(func.count()).select_from(Signature))
    if have >= signatures:
        print(f"Reusing {have:,} signatures and their letters.")
        return
    started = time.perf_counter()
    _base_rows()
    postgres = db.engine.dialect.name == "postgresql"
    if postgres:
        _fill_postgres(signatures, letters)
    else:
        _fill_sqlite(signatures, letters)
    db.session.commit()
    from webapp.petitions.rollups import refresh_daily_counts
    from webapp.petitions.services import recount

    recount()
    refresh_daily_counts(__import__("datetime").date(2000, 1, 1))
    db.session.commit()
    if postgres:
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    print(
        f"Filled {signatures:,} signatures and "
        f"{db.session.scalar(select(func.count()).select_from(Letter)):,} letters "
        f"in {time.perf_counter() - started:.0f} s."
    )


def _base_rows() -> None:
    from webapp.accounts.services import hash_password
    from webapp.extensions import db
    from webapp.models import (
        Case,
        CaseStatus,
        Petition,
        PetitionStatus,
        Target,
        User,
        UserRole,
        utcnow,
    )

    password = hash_password("bench password")
    for role in (UserRole.ORGANISER, UserRole.ADMIN):
        db.session.add(
            User(
                email=f"{role.value}@bench.example",
                name=role.value,
                password_hash=password,
                role=role,
                email_verified_at=utcnow(),
            )
        )
    for n in range(PETITIONS):
        case = Case(
            slug=f"case-{n}",
            name=f"Person {n}",
            country="MX",
            headline="Jailed for speaking out",
            story="A story.",
            ask="Release them.",
            status=CaseStatus.PUBLISHED,
        )
        case.targets.append(
            Target(
                name="Minister",
                title="Minister of the Interior",
                salutation="Dear Minister,",
                address="Ministry\nMexico City",
                country="MX",
                language="es",
            )
        )
        db.session.add(case)
        db.session.add(
            Petition(
                slug=f"petition-{n}",
                case=case,
                target=case.targets[0],
                title=f"Free person {n}",
                body="We ask you to act.",
                goal=500_000,
                status=PetitionStatus.OPEN,
            )
        )
    db.session.flush()


def _fill_postgres(signatures: int, letters: int) -> None:
    from sqlalchemy import text

    from webapp.extensions import db

    countries = "ARRAY[" + ",".join(f"'{c}'" for c in COUNTRIES) + "]"
    # The largest petition (id 1) gets half of all signatures, like a campaign's flagship.
    db.session.execute(
        text(
            f"""
            INSERT INTO signatures (petition_id, full_name, email, email_canonical, country,
                opt_in, source, status, token_nonce, created_at, confirmed_at, notices_sent,
                client_hash, consent_version)
            SELECT CASE WHEN g % 2 = 0 THEN 1 ELSE 2 + (g % {PETITIONS - 1}) END,
                   'Signer ' || g, 's' || g || '@example.org', 's' || g || '@example.org',
                   ({countries})[1 + g % {len(COUNTRIES)}], g % 3 = 0, 'web',
                   CASE WHEN g % 50 = 0 THEN 'pending' ELSE 'confirmed' END, 'n' || g,
                   signed_at,
                   CASE WHEN g % 50 = 0 THEN NULL ELSE signed_at + interval '5 minutes' END,
                   0, substr(md5((g % 300000)::text), 1, 32), '2026-11'
            -- In the order they arrive, as a real table holds them: the last day's rows
            -- sit together at its end.
            FROM generate_series(1, :n) AS g,
                 LATERAL (SELECT now() - (:n - g) * interval '60 days' / :n AS signed_at) AS t
            """  # noqa: S608 - our own constants
        ),
        {"n": signatures},
    )
    db.session.execute(
        text(
            f"""
            INSERT INTO letters (token, case_id, target_id, kind, language, writer_name,
                writer_town, writer_country, paper, salutation, closing, body, status,
                created_at, updated_at, review_comment, version)
            SELECT 'bench' || g, 1 + g % {PETITIONS}, 1 + g % {PETITIONS}, 'appeal', 'en',
                   'Writer ' || g, 'Town', 'GB', 'a4', 'Dear Minister,', 'Yours,',
                   'Please release them. ' || g,
                   (ARRAY['draft','printed','posted','printed'])[1 + g % 4],
                   now(), now(), '', 1
            FROM generate_series(1, :n) AS g
            """  # noqa: S608 - our own constants
        ),
        {"n": letters},
    )


def _fill_sqlite(signatures: int, letters: int) -> None:
    from datetime import timedelta

    from sqlalchemy import insert

    from webapp.extensions import db
    from webapp.models import Letter, Signature, utcnow

    now = utcnow()
    batch = []
    for g in range(1, signatures + 1):
        pending = g % 50 == 0
        day = now - timedelta(days=60 * (signatures - g) / signatures)  # in arrival order
        batch.append(
            {
                "petition_id": 1 if g % 2 == 0 else 2 + g % (PETITIONS - 1),
                "full_name": f"Signer {g}",
                "email": f"s{g}@example.org",
                "email_canonical": f"s{g}@example.org",
                "country": COUNTRIES[g % len(COUNTRIES)],
                "opt_in": g % 3 == 0,
                "source": "web",
                "status": "pending" if pending else "confirmed",
                "token_nonce": f"n{g}",
                "created_at": day,
                "confirmed_at": None if pending else day + timedelta(minutes=5),
                "notices_sent": 0,
                "client_hash": f"{g % 300_000:032x}",
                "consent_version": "2026-11",
            }
        )
        if len(batch) == 50_000:
            db.session.execute(insert(Signature), batch)
            batch = []
    if batch:
        db.session.execute(insert(Signature), batch)
    statuses = ["draft", "printed", "posted", "printed"]
    db.session.execute(
        insert(Letter),
        [
            {
                "token": f"bench{g}",
                "case_id": 1 + g % PETITIONS,
                "target_id": 1 + g % PETITIONS,
                "kind": "appeal",
                "language": "en",
                "writer_name": f"Writer {g}",
                "writer_town": "Town",
                "writer_country": "GB",
                "paper": "a4",
                "salutation": "Dear Minister,",
                "closing": "Yours,",
                "body": f"Please release them. {g}",
                "status": statuses[g % 4],
            }
            for g in range(1, letters + 1)
        ],
    )


# Dashboard ---------------------------------------------------------------------------------


def _naive_figures() -> None:
    """What the dashboard would do without roll-up and counters: group the rows."""
    from datetime import timedelta

    from sqlalchemy import func, select

    from webapp.extensions import db
    from webapp.models import Signature, SignatureStatus, utcnow
    from webapp.petitions.rollups import utc_day

    confirmed = Signature.status == SignatureStatus.CONFIRMED
    since = utcnow() - timedelta(days=30)
    day = utc_day(Signature.confirmed_at)
    db.session.execute(
        select(day, func.count()).where(confirmed, Signature.confirmed_at >= since).group_by(day)
    ).all()
    db.session.execute(
        select(Signature.country, func.count()).where(confirmed).group_by(Signature.country)
    ).all()
    db.session.execute(
        select(Signature.petition_id, func.count()).where(confirmed).group_by(Signature.petition_id)
    ).all()


def _time_dashboard(app, runs: int, *, naive: bool) -> dict:
    from webapp.admin import dashboard as stats

    client = app.test_client()
    client.post(
        "/account/login", data={"email": "organiser@bench.example", "password": "bench password"}
    )
    original = stats.signature_totals
    if naive:
        # The baseline: the same page, its figures grouped from the rows on each request.
        def signature_totals():
            _naive_figures()
            return original()

        stats.signature_totals = signature_totals
    try:
        _check(client.get("/admin/").status_code == 200, "the dashboard did not open")
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get("/admin/")
            times.append((time.perf_counter() - started) * 1000)
            _check(response.status_code == 200, "the dashboard failed")
    finally:
        stats.signature_totals = original
    times.sort()
    return {"median_ms": statistics.median(times), "p95_ms": times[int(0.95 * (len(times) - 1))]}


def _time_pages(app, runs: int) -> dict[str, dict]:
    """The largest petition's case page and thank-you page, anonymous, server time:
    rendered on every request (PAGE_CACHE_SECONDS=0, the worst case), shared for a few
    seconds (the default), and, as the baseline, rendered with the count taken from the
    rows instead of the counter shards."""
    from sqlalchemy import func, select

    from webapp.campaigns import views as case_views
    from webapp.extensions import db
    from webapp.models import Signature, SignatureStatus
    from webapp.petitions import services as petition_services
    from webapp.web import pagecache

    def counted_from_rows(petition):
        return db.session.scalar(
            select(func.count()).where(
                Signature.petition_id == petition.id,
                Signature.status == SignatureStatus.CONFIRMED,
            )
        )

    client = app.test_client()
    paths = {"case page": "/cases/case-0", "thank-you page": "/petitions/petition-0/thank-you"}
    results = {}
    for setting, seconds, naive in (
        ("rendered", 0, False),
        ("shared", 5, False),
        ("counted from rows", 0, True),
    ):
        app.config["PAGE_CACHE_SECONDS"] = seconds
        pagecache.clear()
        saved = (case_views.signature_count, petition_services.signature_count)
        if naive:
            case_views.signature_count = petition_services.signature_count = counted_from_rows
        try:
            for name, path in paths.items():
                _check(client.get(path).status_code == 200, f"{path} did not open")
                times = []
                for _ in range(runs):
                    started = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                    _check(response.status_code == 200, f"{path} failed")
                times.sort()
                results[f"{name}, {setting}"] = {
                    "median_ms": statistics.median(times),
                    "p95_ms": times[int(0.95 * (len(times) - 1))],
                }
        finally:
            case_views.signature_count, petition_services.signature_count = saved
    return results


def _report_pages(pages: dict[str, dict]) -> None:
    print()
    print(f"{'page (500,000 signatures)':<36} {'median':>10} {'p95':>10}")
    for name, figures in pages.items():
        print(f"{name:<36} {figures['median_ms']:>8.1f}ms {figures['p95_ms']:>8.1f}ms")
    print("target: case and petition pages under 20 ms server time")


# Export (each in a fresh process, so peak memory is its own) -------------------------------


def _run_child(role: str, url: str) -> dict:
    done = subprocess.run(  # noqa: S603 - this very script, with our own arguments
        [sys.executable, "-m", "bench.scale", "--child", role, "--database-url", url],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        timeout=1800,
    )
    if done.returncode != 0:
        raise SystemExit(f"{role} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _status_mib(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise SystemExit(f"no {field} in /proc/self/status")


def _start_measuring() -> float:
    """Reset the peak-memory mark (after imports and start-up) and return the RSS now."""
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")  # resets VmHWM to the current RSS (Linux 4.0+)
    return _status_mib("VmRSS")


def _peak_mib() -> float:
    return _status_mib("VmHWM")


def _child(role: str, url: str) -> dict:
    app = _app(url)
    with app.app_context():
        if role == "export":
            return _export(app)
        return _bare(app)


def _export(app) -> dict:
    client = app.test_client()
    client.post(
        "/account/login", data={"email": "admin@bench.example", "password": "bench password"}
    )
    started_mib = _start_measuring()
    started = time.perf_counter()
    response = client.get(EXPORT_PATH, buffered=False)
    _check(response.status_code == 200, f"the export answered {response.status_code}")
    rows = 0
    for chunk in response.response:
        rows += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    rows -= 1  # the header
    return {"rows": rows, "seconds": seconds, "peak_mib": _peak_mib(), "start_mib": started_mib}


def _bare(app) -> dict:
    import csv
    import io

    from webapp.extensions import db

    started_mib = _start_measuring()
    started = time.perf_counter()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "country", "confirmed_at", "email"])
    rows = 0
    with db.engine.connect() as connection:
        result = connection.exec_driver_sql(
            "SELECT full_name, country, confirmed_at, CASE WHEN opt_in THEN email ELSE '' END "
            "FROM signatures WHERE petition_id = 1 AND status = 'confirmed' ORDER BY id"
        ).yield_per(10_000)
        for row in result:
            writer.writerow(row)
            rows += 1
            if buffer.tell() > 65536:
                buffer.seek(0)
                buffer.truncate()
    seconds = time.perf_counter() - started
    return {"rows": rows, "seconds": seconds, "peak_mib": _peak_mib(), "start_mib": started_mib}


def _report(dashboard: dict, naive: dict, export: dict, bare: dict) -> None:
    print()
    print(f"{'case':<22} {'median':>10} {'p95':>10}")
    for name, figures in (("dashboard", dashboard), ("dashboard, naive", naive)):
        print(f"{name:<22} {figures['median_ms']:>8.1f}ms {figures['p95_ms']:>8.1f}ms")
    print(
        f"dashboard / naive: {dashboard['median_ms'] / naive['median_ms']:.2f}x "
        f"(target: dashboard under 200 ms)"
    )
    print()
    print(f"{'case':<22} {'rows':>10} {'rows/s':>10} {'peak MiB':>10} {'growth MiB':>11}")
    for name, figures in (("export", export), ("export, bare", bare)):
        rate = figures["rows"] / figures["seconds"]
        growth = figures["peak_mib"] - figures["start_mib"]
        print(
            f"{name:<22} {figures['rows']:>10,} {rate:>10,.0f} "
            f"{figures['peak_mib']:>10.0f} {growth:>11.1f}"
        )
    ratio = (export["rows"] / export["seconds"]) / (bare["rows"] / bare["seconds"])
    print(
        f"export / bare: {ratio:.2f}x of the ceiling's rows per second "
        "(target: 100,000 rows/s in under 150 MB)"
    )
    if export["rows"] != bare["rows"]:
        raise SystemExit(f"export gave {export['rows']} rows, the database {bare['rows']}")


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(message)


# The confirmed signatures of the largest petition, as an admin gets them (with emails).
EXPORT_PATH = "/admin/exports/petitions/1/signatures.csv"


if __name__ == "__main__":
    main()
