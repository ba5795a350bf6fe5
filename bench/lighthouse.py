"""Lighthouse 12.2.3 over the public pages (issue 15): Accessibility, Best Practices and SEO.

    npm ci   (installs lighthouse@12.2.3 from package.json's devDependencies)
    .venv/bin/python -m bench.lighthouse [--pages / /cases ...] [--keep DIR]

Serves the app with the demo content (`flask seed`'s, and a petition of no case) on a
fresh SQLite file, on 127.0.0.1 with BASE_URL set to it (so canonical addresses and
preview images are the pages' own), and runs Debian's Chromium through Lighthouse's CLI
on each page at its default mobile emulation. Prints each page's three scores and the
audits that failed. Targets: Accessibility and Best Practices 100 everywhere, SEO 100 on
every page meant to be indexed (all but the steps after signing, which say noindex: SEO
there is shown in brackets, not held to 100). Exits with status 1 when a score is below
its target. Not in the test suite: a run takes about ten seconds a page.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("accessibility", "best-practices", "seo")
# Pages meant to be found by search engines, and so held to SEO 100 too.
INDEXED = (
    "/",
    "/cases",
    "/cases/{case}",
    "/issues/{area}",
    "/updates",
    "/privacy",
    "/petitions/{petition}",
    "/cases/{case}/write/appeal",
    "/cases/{card_case}/write/card",
    "/my-data",
    "/account/login",
    "/join",
    "/classrooms/lesson-plan",
)
# The steps after signing, for one signer alone: they say noindex.
NOT_INDEXED = ("/petitions/{signed}/check-your-email", "/petitions/{signed}/thank-you")
# Seen as the browser that has just signed sees them (its session names the address, and
# the page offers "Send it again" and "Wrong address?").
AS_SIGNER = ("/petitions/{signed}/check-your-email",)
# What every page earns at least; SEO only where the page is meant to be indexed.
TARGET = 100
# The demo has petitions only on case pages: this one has a page of its own.
CASELESS_PETITION = {
    "slug": "abolish-the-death-penalty",
    "title": "Abolish the death penalty everywhere",
    "body": (
        "We, the undersigned, call on every government that still uses the death "
        "penalty to halt all executions and abolish it in law, for every crime."
    ),
    "goal": 20_000,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="*", help="paths; default: every public page kind")
    parser.add_argument("--keep", help="a folder for the JSON reports")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("lighthouse is not installed: run `npm ci` (or `make node-deps`)")
    with tempfile.TemporaryDirectory() as folder:
        server, url, names, signer_cookie = _serve(Path(folder))
        try:
            pages = args.pages or [path.format(**names) for path in INDEXED + NOT_INDEXED]
            indexed = {path.format(**names) for path in INDEXED}
            as_signer = {path.format(**names) for path in AS_SIGNER}
            print(f"{'page':<48}{'a11y':>6}{'best':>6}{'seo':>6}  failed audits")
            worst = {category: 100 for category in CATEGORIES}
            below: list[str] = []
            for path in pages:
                cookie = signer_cookie if path in as_signer else None
                report = _lighthouse(url + path, Path(args.keep or folder), path, cookie)
                scores = {
                    name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES
                }
                failed = sorted(
                    audit_id
                    for category in CATEGORIES
                    for ref in report["categories"][category]["auditRefs"]
                    if ref["weight"] > 0
                    and (audit_id := ref["id"]) in report["audits"]
                    and report["audits"][audit_id]["score"] is not None
                    and report["audits"][audit_id]["score"] < 1
                )
                seo = str(scores["seo"]) if path in indexed else f"({scores['seo']})"
                print(
                    f"{path:<48}{scores['accessibility']:>6}{scores['best-practices']:>6}"
                    f"{seo:>6}  {', '.join(failed) or '-'}"
                )
                for name in CATEGORIES:
                    if name != "seo" or path in indexed:
                        worst[name] = min(worst[name], scores[name])
                        if scores[name] < TARGET:
                            below.append(f"{path} {name} {scores[name]}")
            print("lowest: " + ", ".join(f"{name} {score}" for name, score in worst.items()))
        finally:
            server.shutdown()
    if below:
        print(f"below {TARGET}: " + "; ".join(below), file=sys.stderr)
        raise SystemExit(1)


def _serve(folder: Path):
    """The app on a free port with the demo content, BASE_URL its own address; and the
    names in the pages' paths (the first case and issue area, a case that takes cards, ...)."""
    import logging

    from werkzeug.serving import make_server

    from webapp import create_app
    from webapp.campaigns.services import seed_demo_content
    from webapp.extensions import db
    from webapp.models import Case, IssueArea, LetterKind, LetterTemplate, Petition, PetitionStatus
    from webapp.updates.services import seed_demo_updates

    config = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'lighthouse.db'}",
        "OUTBOX_IN_PROCESS": False,
        "UPDATE_SEND_IN_PROCESS": False,
        "LETTER_REMINDER_IN_PROCESS": False,
        "ROLLUP_IN_PROCESS": False,
        "CLASS_PDF_IN_PROCESS": False,
        "DELIVERY_IN_PROCESS": False,
    }
    app = create_app(config)
    # One line per request would bury the table.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = url
    with app.app_context():
        db.create_all()
        seed_demo_content()
        seed_demo_updates()
        db.session.add(Petition(status=PetitionStatus.OPEN, **CASELESS_PETITION))
        db.session.commit()
        first = db.select(Case.slug).order_by(Case.id)
        names = {
            "case": db.session.scalars(first).first(),
            "area": db.session.scalars(db.select(IssueArea.slug).order_by(IssueArea.id)).first(),
            "petition": CASELESS_PETITION["slug"],
            # A case's petition, whose next steps its signers reach.
            "signed": db.session.scalars(
                db.select(Petition.slug).where(Petition.case_id.is_not(None)).order_by(Petition.id)
            ).first(),
            # A case that takes solidarity cards, for the card composer.
            "card_case": db.session.scalars(
                first.join(LetterTemplate).where(LetterTemplate.kind == LetterKind.CARD)
            ).first(),
        }
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, url, names, _signer_cookie(app, names["signed"])


def _signer_cookie(app, slug: str) -> str:
    """The session cookie of a browser that has just signed the petition `slug`."""
    from webapp.petitions.views import SIGNER_KEY

    signer = {"slug": slug, "name": "Ana Pérez", "email": "ana.perez@example.org"}
    value = app.session_interface.get_signing_serializer(app).dumps({SIGNER_KEY: signer})
    return f"{app.config['SESSION_COOKIE_NAME']}={value}"


def _lighthouse(url: str, folder: Path, path: str, cookie: str | None = None) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    output = folder / ("lighthouse" + path.replace("/", "_") + ".json")
    headers = [f"--extra-headers={json.dumps({'Cookie': cookie})}"] if cookie else []
    done = subprocess.run(  # noqa: S603 - our own node_modules binary, our own arguments
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={output}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            *headers,
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )
    if done.returncode:
        print(done.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"lighthouse failed on {url}")
    return json.loads(output.read_text())


if __name__ == "__main__":
    main()
