"""Surge: a campaign day's steady stream of signatures against the production set-up on
PostgreSQL, then every signature confirmed, then the books checked. Optionally with a
fault in the middle. Loopback only, bounded in time.

    .venv/bin/python -m bench.surge [--minutes 5] [--rate 40] [--fault smtp|postgres|worker]

The set-up is bench/sign.py's (two gunicorn servers, Redis, a recording SMTP sink) with
two `flask worker`s. Signatures start on a schedule (--rate a second, whatever happens),
each one a new supporter reading the case page and sending the form. A third of the way
in, the fault, if any:

  smtp       the SMTP server is stopped for a minute (a third of the run if shorter)
  postgres   PostgreSQL is restarted (requests meanwhile must get the 503 page)
  worker     one worker is killed with SIGKILL (its messages' leases, 10 s here, run out
             and the other worker sends them)

Afterwards it waits for the outbox to drain, follows every confirmation link (the page,
then its Confirm button), and checks, failing with exit status 1 otherwise:
  - no response was a 5xx, except 503s while PostgreSQL was down;
  - accepted signatures = signature rows = confirmed rows = the count the API shows;
  - every accepted signer received exactly one confirmation email (one Message-ID; a
    message a killed worker had handed over may arrive twice with the same Message-ID,
    which receivers drop: that is counted and reported, not failed).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench.sign import (
    PORTS,
    Servers,
    _app_env,
    _database,
    count_in_database,
    load,
    prepare,
    start_mail_sink,
)

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _mail(log: Path) -> list[dict]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


def _confirm(link: str) -> int:
    path = urlsplit(link).path
    connection = http.client.HTTPConnection("127.0.0.1", PORTS[0], timeout=30)
    connection.request("GET", path)
    page = connection.getresponse()
    body = page.read().decode()
    cookie = (page.getheader("Set-Cookie") or "").split(";", 1)[0]
    connection.request(
        "POST",
        path,
        body=urlencode({"csrf_token": _CSRF.search(body).group(1)}),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    answer = connection.getresponse()
    answer.read()
    return answer.status


def _inject(fault: str, seconds: float, sink_box: list, log: Path, app: Servers) -> str:
    if fault == "smtp":
        os.killpg(sink_box[0].pid, signal.SIGTERM)
        sink_box[0].wait()
        time.sleep(min(60.0, seconds))
        sink_box[0] = start_mail_sink(log)
        return f"SMTP server stopped for {min(60.0, seconds):.0f} s"
    if fault == "postgres":
        cluster = sorted(os.listdir("/etc/postgresql"))[-1]
        started = time.monotonic()
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"],
            check=True,
        )
        return f"PostgreSQL restarted ({time.monotonic() - started:.1f} s)"
    if fault == "worker":
        worker = app.workers[0]
        os.killpg(worker.pid, signal.SIGKILL)
        return f"worker {worker.pid} killed with SIGKILL"
    return "no fault"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--rate", type=float, default=40, help="signatures a second")
    parser.add_argument("--fault", choices=["none", "smtp", "postgres", "worker"], default="none")
    parser.add_argument("--web-workers", type=int, default=2)
    args = parser.parse_args()
    seconds = args.minutes * 60
    workdir = Path(tempfile.mkdtemp(prefix="bench-surge-"))
    log = workdir / "mail.log"
    env = {**_app_env(_database("postgresql", workdir)), "OUTBOX_LEASE_SECONDS": "10"}
    prepare(env)
    sink_box = [start_mail_sink(log)]
    app = Servers(env, "webapp:create_app()", args.web_workers)
    problems: list[str] = []
    try:
        app.start(with_worker=True, workers=2)
        result_box: list = []
        runner = threading.Thread(
            target=lambda: result_box.append(
                load("surge", "sign", users=32, seconds=seconds, rate=args.rate)
            )
        )
        runner.start()
        time.sleep(seconds / 3)
        fault = _inject(args.fault, seconds / 3, sink_box, log, app)
        runner.join()
        surge = result_box[0]
        print(
            f"{fault}; {surge.done:,} signatures accepted in {seconds:.0f} s "
            f"({surge.rate:.1f}/s), refused: {surge.errors or 'none'}"
        )
        for error, count in surge.errors.items():
            status = error.rsplit(" ", 1)[-1]
            if status.startswith("5") and not (args.fault == "postgres" and status == "503"):
                problems.append(f"{count} responses '{error}'")
            elif not status.startswith("5") and args.fault != "postgres":
                problems.append(f"{count} failures '{error}'")

        # The outbox drains: one confirmation email per accepted signature.
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            waiting = count_in_database(
                env,
                "select(func.count()).select_from(OutboxMessage)"
                ".where(OutboxMessage.status == OutboxStatus.PENDING)",
            )
            if waiting == 0:
                break
            time.sleep(2)
        mail = [m for m in _mail(log) if "confirm" in m["subject"].lower()]
        by_recipient = Counter(m["to"] for m in mail)
        ids = {m["to"]: {x["message_id"] for x in mail if x["to"] == m["to"]} for m in mail}
        twice_same_id = sum(1 for to, n in by_recipient.items() if n > 1 and len(ids[to]) == 1)
        rows = count_in_database(env, "select(func.count()).select_from(Signature)")
        if len(by_recipient) != surge.done or any(len(v) != 1 for v in ids.values()):
            problems.append(
                f"{len(by_recipient):,} signers got a confirmation email for {surge.done:,} "
                "accepted, or one got two different ones"
            )

        # Every supporter confirms.
        links = [next(link for link in m["links"] if "/confirm/" in link) for m in mail]
        with ThreadPoolExecutor(16) as pool:
            statuses = Counter(pool.map(_confirm, sorted(set(links))))
        confirmed = count_in_database(
            env,
            "select(func.count()).select_from(Signature)"
            ".where(Signature.status == SignatureStatus.CONFIRMED)",
        )
        connection = http.client.HTTPConnection("127.0.0.1", PORTS[1], timeout=30)
        connection.request("GET", "/api/v1/petitions/free-leyla-ahmadi")
        shown = json.loads(connection.getresponse().read())["signature_count"]
        print(
            f"accepted {surge.done:,} = rows {rows:,} = confirmed {confirmed:,} = shown "
            f"{shown:,}? confirmations answered {dict(statuses)}; emails: "
            f"{len(mail):,} for {len(by_recipient):,} signers, {twice_same_id} sent twice "
            "with one Message-ID"
        )
        if not surge.done == rows == confirmed == shown:
            problems.append("the four counts differ")
    finally:
        app.stop()
        os.killpg(sink_box[0].pid, signal.SIGTERM)
    if problems:
        print("FAILED: " + "; ".join(problems))
        raise SystemExit(1)
    print(
        "OK: nothing lost, nothing counted twice, no 5xx"
        + (" apart from 503s while PostgreSQL restarted" if args.fault == "postgres" else "")
    )


if __name__ == "__main__":
    main()
