"""Proof-of-work benchmark: how long Chromium takes to solve a challenge, in the worker the
public forms use (webapp/static/js/proof-of-work-worker.js).

    .venv/bin/python -m bench.proof_of_work [--max-numbers 30000 100000] [--runs 9]

The static folder is served on 127.0.0.1 (a secure context, so crypto.subtle is there) and
Debian's Chromium (/usr/bin/chromium) solves, --runs times each: challenges whose number is
the largest allowed (every number is tried: the worst case), and challenges whose number is
drawn from 0..MAX as the server draws it (what people meet: half the worst on average).
Each solve is timed in the page from posting the challenge to the answer, worker start-up
included; the figures are medians, and the mean of the drawn ones.

Phones are slower than the machine this runs on, and Chrome DevTools' CPU throttling does
not reach a Web Worker (tried: 4x throttled solves took as long as unthrottled ones), so
a phone's time is estimated from this one: Lighthouse takes 4x for a mid-range phone, and
Cap's published solve times (capjs.js.org/guide/benchmark) put a Pixel 7 at 3.3x an
M3 MacBook and a Galaxy A11 at 15x.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import secrets
import statistics
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

STATIC = Path(__file__).resolve().parent.parent / "webapp" / "static"
CHROMIUM = "/usr/bin/chromium"

SOLVE = """async ([challenge, salt, maxnumber]) => {
  const started = performance.now();
  const worker = new Worker("/js/proof-of-work-worker.js");
  const number = await new Promise((resolve) => {
    worker.onmessage = (event) => resolve(event.data.number);
    worker.postMessage({challenge, salt, maxnumber});
  });
  worker.terminate();
  return [number, performance.now() - started];
}"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def _challenge(number: int) -> tuple[str, str]:
    salt = f"{secrets.token_hex(12)}?expires={int(time.time()) + 3600}&"
    return hashlib.sha256(f"{salt}{number}".encode()).hexdigest(), salt


def _solve(page, number: int, maxnumber: int) -> float:
    """Milliseconds for the worker to find the number."""
    challenge, salt = _challenge(number)
    found, ms = page.evaluate(SOLVE, [challenge, salt, maxnumber])
    assert found == number, found  # noqa: S101 - a wrong answer would measure nothing
    return ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-numbers", type=int, nargs="+", default=[30_000, 100_000])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    handler = functools.partial(_Quiet, directory=str(STATIC))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/css/site.css")
            print(f"Chromium {browser.version}, {args.runs} solves of each kind")
            for maxnumber in args.max_numbers:
                worst = [_solve(page, maxnumber, maxnumber) for _ in range(args.runs)]
                drawn = [
                    _solve(page, secrets.randbelow(maxnumber + 1), maxnumber)
                    for _ in range(args.runs)
                ]
                print(
                    f"  max {maxnumber:>9,}: worst {statistics.median(worst):5.0f} ms "
                    f"({maxnumber / statistics.median(worst):3.0f} hashes/ms); drawn as the "
                    f"server draws: median {statistics.median(drawn):5.0f} ms, "
                    f"mean {statistics.mean(drawn):5.0f} ms"
                )
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
