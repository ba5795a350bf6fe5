"""Lighthouse 12.2.3 over the public pages (issue 15): Accessibility, Best Practices and SEO.

    npm ci   (installs lighthouse@12.2.3 from package.json's devDependencies)
    .venv/bin/python -m bench.lighthouse [--pages / /cases ...] [--keep DIR]

Serves the app with the demo content (`flask seed`'s) on a fresh SQLite file, on
127.0.0.1 with BASE_URL set to it (so canonical addresses and preview images are the
pages' own), and runs Debian's Chromium through Lighthouse's CLI on each page at its
default mobile emulation. Prints each page's three scores and the audits that failed.
Targets: Accessibility and Best Practices 100 everywhere, SEO 100 on every page meant to
be indexed (the composer and other private pages say noindex, so SEO there is not scored).
Not in the test suite: a run takes about ten seconds a page.
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
INDEXED = ("/", "/cases", "/cases/{case}", "/issues/{area}", "/updates", "/privacy")
NOT_INDEXED = ("/cases/{case}/write/appeal", "/my-data", "/account/login")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="*", help="paths; default: every public page kind")
    parser.add_argument("--keep", help="a folder for the JSON reports")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("lighthouse is not installed: run `npm ci` (or `make node-deps`)")
    with tempfile.TemporaryDirectory() as folder:
        server, url, case, area = _serve(Path(folder))
        try:
            pages = args.pages or [
                path.format(case=case, area=area) for path in INDEXED + NOT_INDEXED
            ]
            indexed = {path.format(case=case, area=area) for path in INDEXED}
            print(f"{'page':<40}{'a11y':>6}{'best':>6}{'seo':>6}  failed audits")
            worst = {category: 100 for category in CATEGORIES}
            for path in pages:
                report = _lighthouse(url + path, Path(args.keep or folder), path)
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
                    f"{path:<40}{scores['accessibility']:>6}{scores['best-practices']:>6}"
                    f"{seo:>6}  {', '.join(failed) or '-'}"
                )
                for name in CATEGORIES:
                    if name != "seo" or path in indexed:
                        worst[name] = min(worst[name], scores[name])
            print("lowest: " + ", ".join(f"{name} {score}" for name, score in worst.items()))
        finally:
            server.shutdown()


def _serve(folder: Path):
    """The app on a free port with the demo content, BASE_URL its own address."""
    import logging

    from werkzeug.serving import make_server

    from webapp import create_app
    from webapp.campaigns.services import seed_demo_content
    from webapp.extensions import db
    from webapp.models import Case, IssueArea
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
        db.session.commit()
        case = db.session.scalars(db.select(Case.slug).order_by(Case.id)).first()
        area = db.session.scalars(db.select(IssueArea.slug).order_by(IssueArea.id)).first()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, url, case, area


def _lighthouse(url: str, folder: Path, path: str) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    output = folder / ("lighthouse" + path.replace("/", "_") + ".json")
    done = subprocess.run(  # noqa: S603 - our own node_modules binary, our own arguments
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={output}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
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
