"""Emailing an update to a campaign's signers (issue 18): listing a million recipients, and
handing emails to the outbox, against the bare database work in the same run.

    .venv/bin/python -m bench.update_mailing [--sizes 100000 1000000] [--send 3000]
                                             [--database-url postgresql://…]

For each size, in a fresh process (its peak RSS its own), on a fresh database (a SQLite
file, or the PostgreSQL database named, emptied first):

  setup      N confirmed, opted-in signers of the case's petition (not timed)
  bare list  the floor of any listing: read the N (email, language) rows and insert N rows
             of the same width with executemany, no hashing, no duplicates dropped
  list       what "Count the recipients" sets off: prepare_mailing in the request, then,
             past UPDATE_LIST_INLINE_MAX (20,000), list_due_mailings in the worker, a page
             of rows per transaction; both keyed hashes per address, suppressions dropped,
             duplicates dropped by the INSERT itself
  bare send  --send emails written to the outbox, rendered once before the clock starts
  send       send_due_mailings for --send recipients: each email rendered for its
             recipient's language (once per language per chunk) with its own unsubscribe
             token, written to the outbox with its row marked, committed per chunk

Printed: rows, seconds of wall-clock and CPU time, rows per CPU-second, the platform's
share of the bare figure, and the peak RSS growth of listing (flat as N grows: rows are
streamed with yield_per and inserted in chunks). Every figure is checked against the
database afterwards (rows listed, emails written), so none measures nothing.

    .venv/bin/python -m bench.update_mailing --deliver 3000 [--per-minute 1500]

The delivery run (issue 18, "Scale and reliability": sending), on PostgreSQL (a database
of its own, made afresh and migrated): a mailing to N signers prepared and started, two
`flask worker`s (bench/sign.py's) sending it at --per-minute (UPDATE_SEND_PER_MINUTE,
leases of 5 s) to the recording SMTP sink (ops/mailsink.py). Once a fifth is handed over,
the worker holding the mailing is killed with SIGKILL in the middle of its chunks and
started again; the other carries on beside it. When the mailing is done and the outbox
drained: emails expected, received at the sink, distinct Message-IDs, duplicates by
Message-ID and by recipient, and the emails handed to the outbox in each minute against
the rate. Exit status 1 if anyone got no email or two, or a minute held more than the rate.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from bench.memory import peak_kib, start_measuring

MIB = 1024
LANGUAGES = ("en", "en", "en", "es", "fr", "fa")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--send", type=int, default=3000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--deliver", type=int, help="the delivery run, to this many signers")
    parser.add_argument("--per-minute", type=int, default=1500, help="UPDATE_SEND_PER_MINUTE")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.deliver:
        _deliver(args.deliver, args.per_minute)
        return
    if args.child:
        print(json.dumps(_child(args.child, args.send, args.database_url)))
        return
    print(
        f"{'step':<11}{'rows':>11}{'wall s':>9}{'cpu s':>8}{'rows/cpu s':>12}"
        f"{'of bare':>9}{'peak +MiB':>11}"
    )
    for size in args.sizes:
        command = [sys.executable, "-m", "bench.update_mailing", "--child", str(size)]
        command += ["--send", str(args.send)]
        if args.database_url:
            command += ["--database-url", args.database_url]
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode:
            raise SystemExit(f"{size}: {done.stderr.strip().splitlines()[-3:]}")
        r = json.loads(done.stdout.strip().splitlines()[-1])
        for step, bare in (("bare list", None), ("list", "bare list")):
            _row(step, size, r[step], r[bare] if bare else None)
        for step, bare in (("bare send", None), ("send", "bare send")):
            _row(step, args.send, r[step], r[bare] if bare else None)


def _row(step: str, rows: int, figures: dict, bare: dict | None) -> None:
    share = f"{bare['cpu'] / figures['cpu']:>8.0%}" if bare else f"{'':>8}"
    growth = figures.get("growth_kib")
    print(
        f"{step:<11}{rows:>11,}{figures['wall']:>9.2f}{figures['cpu']:>8.2f}"
        f"{rows / figures['cpu']:>12,.0f} {share}"
        + (f"{growth / MIB:>11.1f}" if growth is not None else "")
    )


class _Clock:
    def __init__(self, measure_memory: bool = False) -> None:
        self.measure_memory = measure_memory

    def __enter__(self) -> _Clock:
        self.baseline = start_measuring() if self.measure_memory else 0
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.figures = {
            "wall": time.perf_counter() - self.wall,
            "cpu": time.process_time() - self.cpu,
        }
        if self.measure_memory:
            self.figures["growth_kib"] = peak_kib() - self.baseline


def _check(holds: bool, *found) -> None:
    """A figure measured nothing unless the rows it counts are there afterwards."""
    if not holds:
        raise SystemExit(f"check failed: {found}")


def _campaign(size: int):
    """The case, its petition, N confirmed and opted-in signers, and a published update,
    committed (not timed); the organiser and the update."""
    from datetime import date

    from sqlalchemy import insert

    from webapp.extensions import db
    from webapp.models import (
        Case,
        CaseStatus,
        CaseUpdate,
        Petition,
        PetitionStatus,
        Signature,
        SignatureStatus,
        UpdateKind,
        User,
        UserRole,
        utcnow,
    )

    organiser = User(
        email="olu@org.example",
        name="Olu",
        role=UserRole.ORGANISER,
        password_hash="-",  # noqa: S106
    )
    case = Case(
        slug="leyla",
        name="Leyla Ahmadi",
        country="IR",
        headline="Jailed for a poem",
        story="…",
        ask="Release her.",
        status=CaseStatus.PUBLISHED,
    )
    petition = Petition(
        slug="free-leyla",
        case=case,
        title="Free Leyla",
        body="…",
        status=PetitionStatus.OPEN,
    )
    update = CaseUpdate(
        case=case,
        kind=UpdateKind.RELEASED,
        happened_on=date(2026, 12, 1),
        language="en",
        title="Leyla is free",
        body="She walked out **this morning**.",
        published_at=utcnow(),
    )
    db.session.add_all([organiser, case, petition, update])
    db.session.commit()
    now = utcnow()
    for start in range(0, size, 20_000):
        db.session.execute(
            insert(Signature),
            [
                {
                    "petition_id": petition.id,
                    "full_name": f"Signer {n}",
                    "email": f"signer{n}@example.org",
                    "email_canonical": f"signer{n}@example.org",
                    "country": "GB",
                    "opt_in": True,
                    "status": SignatureStatus.CONFIRMED,
                    "token_nonce": f"nonce-{n}",
                    "language": LANGUAGES[n % len(LANGUAGES)],
                    "created_at": now,
                    "confirmed_at": now,
                }
                for n in range(start, min(start + 20_000, size))
            ],
        )
    db.session.commit()

    return organiser, update


def _child(size: int, send: int, database_url: str | None) -> dict:

    from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select, text

    from webapp import create_app
    from webapp.config import database_url as to_driver
    from webapp.extensions import db
    from webapp.models import (
        OutboxMessage,
        Signature,
        UpdateMailing,
        UpdateRecipient,
    )
    from webapp.outbox.services import enqueue
    from webapp.updates import mailings

    with tempfile.TemporaryDirectory() as folder:
        url = to_driver(database_url) or f"sqlite:///{os.path.join(folder, 'bench.db')}"
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "OUTBOX_IN_PROCESS": False,
                "UPDATE_SEND_IN_PROCESS": False,
                "LETTER_REMINDER_IN_PROCESS": False,
                "UPDATE_SEND_PER_MINUTE": send,
            }
        )
        with app.app_context(), app.test_request_context("/"):
            db.drop_all()
            db.create_all()
            organiser, update = _campaign(size)
            bare_table = Table(
                "bench_bare_recipients",
                MetaData(),
                Column("id", Integer, primary_key=True),
                Column("mailing_id", Integer),
                Column("email", String(320)),
                Column("email_key", String(64)),
                Column("language", String(10)),
            )
            # A run killed part-way leaves it behind in PostgreSQL.
            bare_table.drop(db.session.connection(), checkfirst=True)
            bare_table.create(db.session.connection())
            db.session.commit()
            with _Clock(measure_memory=True) as bare_list:
                rows = db.session.execute(
                    select(Signature.email, Signature.language).execution_options(
                        yield_per=mailings.LIST_CHUNK
                    )
                )
                chunk = []
                for email, language in rows:
                    chunk.append(
                        {"mailing_id": 1, "email": email, "email_key": email, "language": language}
                    )
                    if len(chunk) >= mailings.LIST_CHUNK:
                        db.session.execute(insert(bare_table), chunk)
                        chunk = []
                if chunk:
                    db.session.execute(insert(bare_table), chunk)
                db.session.commit()
            _check(db.session.scalar(select(func.count()).select_from(bare_table)) == size)
            bare_table.drop(db.session.connection())
            db.session.commit()

            with _Clock(measure_memory=True) as listing:
                mailing = mailings.prepare_mailing(
                    organiser, update, to_signers=True, to_letter_writers=False
                )
                db.session.commit()
                # Past UPDATE_LIST_INLINE_MAX the job makes the list, as the worker would.
                mailings.list_due_mailings()
                mailing = db.session.get(UpdateMailing, mailing.id)
            listed = db.session.scalar(select(func.count()).select_from(UpdateRecipient))
            _check(listed == size, listed, size)

            subject, body_text, body_html, headers = mailings.render_update_email(
                update, language="en", unsubscribe_token="x" * 22
            )
            with _Clock() as bare_send:
                for n in range(send):
                    enqueue(
                        kind="bench",
                        recipient=f"bare{n}@example.org",
                        subject=subject,
                        body_text=body_text,
                        body_html=body_html,
                        headers=headers,
                    )
                    if n % mailings.SEND_CHUNK == mailings.SEND_CHUNK - 1:
                        db.session.commit()
                db.session.commit()
            db.session.execute(text("DELETE FROM outbox_messages"))
            db.session.commit()

            mailings.start_mailing(organiser, mailing)
            db.session.commit()
            with _Clock() as sending:
                handed = mailings.send_due_mailings()
            _check(handed == send, handed, send)
            written = db.session.scalar(select(func.count()).select_from(OutboxMessage))
            _check(written == send, written, send)
            if database_url:
                # The count's transaction holds a lock DROP TABLE would wait on forever.
                db.session.commit()
                db.drop_all()
    return {
        "bare list": bare_list.figures,
        "list": listing.figures,
        "bare send": bare_send.figures,
        "send": sending.figures,
    }


# The delivery run (--deliver).

DELIVER_DATABASE = "w4r_bench_update_deliver"
LEASE_SECONDS = 5


def _deliver(count: int, per_minute: int) -> None:
    """Send a mailing to `count` signers through two `flask worker`s to the SMTP sink, one
    worker killed with SIGKILL mid-chunk and started again; check each got one email."""
    from bench.sign import ROOT, Servers, _app_env, _database, start_mail_sink

    workdir = Path(tempfile.mkdtemp(prefix="bench-update-deliver-"))
    log = workdir / "mail.log"
    port = _free_port()
    env = {
        **_app_env(_database("postgresql", workdir, DELIVER_DATABASE)),
        "MAIL_PORT": str(port),
        "UPDATE_SEND_PER_MINUTE": str(per_minute),
        "UPDATE_SEND_INTERVAL_SECONDS": "1",
        # Short leases: the killed worker's mailing is taken over in seconds, and a burst
        # that outlasts one has the two workers in the same mailing at once.
        "UPDATE_SEND_LEASE_SECONDS": str(LEASE_SECONDS),
        "OUTBOX_LEASE_SECONDS": "10",
    }
    subprocess.run(
        [sys.executable, "-m", "flask", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # This process reads the set-up's database with the workers' configuration (read
    # from the environment when the app is imported): the same keys, hence the same hashes.
    os.environ.update(env)
    from sqlalchemy import func, select

    from webapp import create_app
    from webapp.extensions import db
    from webapp.models import (
        MailingStatus,
        OutboxMessage,
        OutboxStatus,
        RecipientStatus,
        UpdateMailing,
        UpdateRecipient,
    )
    from webapp.updates import mailings

    app = create_app()
    with app.app_context():
        organiser, update = _campaign(count)
        mailing = mailings.prepare_mailing(
            organiser, update, to_signers=True, to_letter_writers=False
        )
        mailings.start_mailing(organiser, mailing)
        db.session.commit()
        mailing_id = mailing.id

        sink = start_mail_sink(log, port)
        _wait_for_port(port)
        workers = Servers(env, "", 0)
        killed = ""
        try:
            for _ in range(2):
                workers.start_worker()
            started = time.monotonic()
            deadline = started + 180 + 60 * count / per_minute
            while time.monotonic() < deadline:
                db.session.rollback()  # a fresh snapshot each time
                status, claimed_by = db.session.execute(
                    select(UpdateMailing.status, UpdateMailing.claimed_by).where(
                        UpdateMailing.id == mailing_id
                    )
                ).one()
                handed = db.session.scalar(
                    select(func.count())
                    .select_from(UpdateRecipient)
                    .where(UpdateRecipient.status == RecipientStatus.SENT)
                )
                if not killed and claimed_by and count // 5 <= handed < count:
                    # Mid-run: the worker holding the mailing, in the middle of its chunks.
                    pid = int(claimed_by.split(":")[1])
                    victim = next((w for w in workers.workers if w.pid == pid), None)
                    if victim is not None:
                        os.killpg(victim.pid, signal.SIGKILL)
                        victim.wait()
                        workers.start_worker()
                        killed = (
                            f"worker {pid} killed with SIGKILL holding the mailing, "
                            f"{handed:,} handed over, at {time.monotonic() - started:.1f} s; "
                            "started again"
                        )
                waiting = db.session.scalar(
                    select(func.count())
                    .select_from(OutboxMessage)
                    .where(OutboxMessage.status == OutboxStatus.PENDING)
                )
                if status is MailingStatus.DONE and waiting == 0:
                    break
                time.sleep(0.02)
            took = time.monotonic() - started
        finally:
            workers.stop()
            os.killpg(sink.pid, signal.SIGTERM)
            sink.wait()
        handed_at = sorted(db.session.scalars(select(UpdateRecipient.handed_at)))
        sent_at = sorted(
            t for t in db.session.scalars(select(OutboxMessage.sent_at)) if t is not None
        )
        done = db.session.get(UpdateMailing, mailing_id).status is MailingStatus.DONE
    problems = _report(count, per_minute, log, killed, took, done, handed_at, sent_at)
    if problems:
        print("FAILED: " + "; ".join(problems))
        raise SystemExit(1)
    print("OK: every recipient got exactly one email")


def _report(count, per_minute, log, killed, took, done, handed_at, sent_at) -> list[str]:
    mail = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    by_recipient = Counter(m["to"] for m in mail)
    ids = Counter(m["message_id"] for m in mail)
    ids_of: dict[str, set[str]] = {}
    for m in mail:
        ids_of.setdefault(m["to"], set()).add(m["message_id"])
    expected = {f"signer{n}@example.org" for n in range(count)}
    missing = expected - set(by_recipient)
    twice = [to for to, n in by_recipient.items() if n > 1]
    print(killed or "no worker was killed (none held the mailing mid-run)")
    print(
        f"expected {count:,}; received at the sink {len(mail):,}; distinct Message-IDs "
        f"{len(ids):,}; duplicates by Message-ID {len(mail) - len(ids):,}, by recipient "
        f"{sum(n - 1 for n in by_recipient.values()):,} ({len(twice):,} recipients, "
        f"{sum(1 for to in twice if len(ids_of[to]) > 1):,} of them with two Message-IDs); "
        f"missing {len(missing):,}; not expected {len(set(by_recipient) - expected):,}"
    )
    first = handed_at[0]
    minutes = [0] * (int((handed_at[-1] - first).total_seconds() // 60) + 1)
    for at in handed_at:
        minutes[int((at - first).total_seconds() // 60)] += 1
    window = max(
        bisect.bisect_left(handed_at, at + timedelta(minutes=1)) - i
        for i, at in enumerate(handed_at)
    )
    print(
        f"handed to the outbox at UPDATE_SEND_PER_MINUTE={per_minute:,}: per minute from "
        f"the first {', '.join(f'{n:,}' for n in minutes)}; most in any 60 s {window:,}; "
        f"all {count:,} in {(handed_at[-1] - first).total_seconds():.1f} s"
    )
    span = (sent_at[-1] - sent_at[0]).total_seconds() if sent_at else 0.0
    print(
        f"delivered to the sink: {len(sent_at):,} in {span:.1f} s "
        f"({len(sent_at) / max(span, 0.001):,.0f}/s); the run took {took:.1f} s"
    )
    problems = []
    if not done:
        problems.append("the mailing did not finish")
    if missing or twice:
        problems.append(f"{len(missing):,} recipients got nothing, {len(twice):,} got two")
    if window > per_minute:
        problems.append(f"{window:,} handed over in one minute, over the rate")
    return problems


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the SMTP sink did not start on port {port}")


if __name__ == "__main__":
    main()
