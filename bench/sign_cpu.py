"""Where a signature's time goes: CPU per request inside one process, no HTTP, no client.

    .venv/bin/python -m bench.sign_cpu [--databases sqlite postgresql] [--runs 500]
    .venv/bin/python -m bench.sign_cpu --profile 25   # also where a signature's CPU goes

bench/sign.py measures the whole set-up on one shared machine, where the client, the
servers, the worker and the database take turns on the same cores. This takes the app
alone: through Flask's test client, in the production configuration of bench/sign.py,
it times the CPU of the case page (as a visitor gets it, shared), of the signing POST
(CSRF, limits in Redis, validation, the signature and its email in one transaction), and,
in the same run, of bench/bare_app.py's insert, the ceiling. The ratio of the two is the
most the HTTP benchmark can show, whatever the servers do.
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.sign import CASE, PETITION, ROOT, _app_env, _database, prepare

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_CONSENT = re.compile(r'name="consent_version" type="hidden" value="([^"]+)"')
HTTPS = {"base_url": "https://localhost"}  # production cookies are Secure


def _cpu_ms(action, runs: int) -> float:
    """Mean CPU milliseconds of `action`, after a warm-up."""
    for _ in range(min(50, runs)):
        action()
    times = []
    for _ in range(runs):
        started = time.process_time()
        action()
        times.append(time.process_time() - started)
    return statistics.mean(times) * 1000


def _measure(runs: int, profile: int = 0) -> dict[str, float]:
    """In the child process, whose environment is the set-up's."""
    from bench.bare_app import create_app as create_bare_app
    from bench.bare_app import db as bare_db
    from webapp import create_app

    client = create_app().test_client()
    page: dict[str, str] = {}

    def case_page() -> None:
        page["html"] = client.get(f"/cases/{CASE}", **HTTPS).get_data(as_text=True)

    def sign() -> None:
        case_page()
        response = client.post(
            f"/petitions/{PETITION}/sign",
            headers={"Referer": f"https://localhost/cases/{CASE}"},
            data={
                "csrf_token": _CSRF.search(page["html"]).group(1),
                "consent_version": _CONSENT.search(page["html"]).group(1),
                "full_name": "Bench Supporter",
                "email": f"cpu-{secrets.token_hex(8)}@example.org",
                "country": "GB",
            },
            **HTTPS,
        )
        if response.status_code != 303:
            raise SystemExit(f"signing answered {response.status_code}")

    bare = create_bare_app()
    with bare.app_context():
        bare_db.create_all()
    bare_client = bare.test_client()

    def insert() -> None:
        form = {"full_name": "Bench Supporter", "email": f"{secrets.token_hex(8)}@example.org"}
        if bare_client.post("/insert", data=form).status_code != 303:
            raise SystemExit("the bare insert failed")

    page_ms = _cpu_ms(case_page, runs)
    if profile:
        _print_profile(sign, runs, profile)
    return {
        "case page": page_ms,
        "signing POST": _cpu_ms(sign, runs) - page_ms,
        "bare insert": _cpu_ms(insert, runs),
    }


def _print_profile(sign, runs: int, top: int) -> None:
    """The signing request's own time (the case page and POST), by function, sorted by
    time spent inside each (tottime) and by time below each (cumtime), on stderr, after
    the same warm-up as the figures."""
    import cProfile
    import io
    import pstats

    for _ in range(min(50, runs)):
        sign()  # fonts, catalogs and caches load once: not a signature's cost
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(runs):
        sign()
    profiler.disable()
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order)
        stats.print_stats(top)
        print(f"--- {runs} signatures, top {top} by {order} ---", file=sys.stderr)
        print(out.getvalue().split("ncalls", 1)[-1].join(["ncalls", ""]), file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="print the N functions a signature spends most CPU in (cProfile), per database",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_measure(args.runs, args.profile)))
        return

    print(f"{'database':<12}{'case page':>11}{'POST':>9}{'signature':>11}{'bare':>8}  ratio")
    with tempfile.TemporaryDirectory(prefix="w4r-sign-cpu-") as workdir:
        for kind in args.databases:
            url = _database(kind, Path(workdir))
            env = _app_env(url)
            env["BARE_DATABASE_URL"] = url.replace("postgresql://", "postgresql+psycopg://")
            prepare(env)
            child = [sys.executable, "-m", "bench.sign_cpu", "--child", "--runs", str(args.runs)]
            child += ["--profile", str(args.profile)]
            result = subprocess.run(
                child, cwd=ROOT, env=env, check=True, capture_output=True, text=True
            )
            output = result.stdout
            if args.profile:
                print(f"=== {kind}\n{result.stderr}")
            ms = json.loads(output.strip().splitlines()[-1])
            signature = ms["case page"] + ms["signing POST"]
            ratio = ms["bare insert"] / signature
            print(
                f"{kind:<12}{ms['case page']:>9.2f}ms{ms['signing POST']:>7.2f}ms"
                f"{signature:>9.2f}ms{ms['bare insert']:>6.2f}ms  {ratio:.0%}"
            )
    print("CPU per request in one process (mean); ratio = bare insert / (page + POST).")


if __name__ == "__main__":
    main()
