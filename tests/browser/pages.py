"""What every page a journey reaches must pass: no serious accessibility violation (axe-core),
no sideways scrolling, no request to another host; and a screenshot of it for the record."""

from __future__ import annotations

import os
import time
from functools import cache
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from tests.factories import PASSWORD

REPO = Path(__file__).resolve().parents[2]
# axe-core, pinned in package-lock.json and installed by `make install` (npm ci).
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# CI keeps this directory as an artefact of the run.
SCREENSHOTS = Path(os.environ.get("ARTIFACTS_DIR") or REPO / "artifacts" / "screenshots")
# A violation this bad keeps someone from using the page; minor and moderate ones (mostly
# axe's best practices) are not failed on.
BLOCKING = ("serious", "critical")

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

FILL_SECONDS = 1.05  # the live server's FORM_MIN_FILL_SECONDS, and a little more


def wait_out_fill_time(shown: float) -> None:
    """Public forms refuse a send quicker than a person's (webapp.web.human_check.HumanCheckForm);
    a person takes longer to fill one in than the journeys do."""
    time.sleep(max(0.0, shown + FILL_SECONDS - time.monotonic()))


@cache
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE.relative_to(REPO)} is missing: run `make install` (npm ci).")
    return AXE.read_text(encoding="utf-8")


def accessibility_violations(page) -> list[dict]:
    """The page's serious and critical violations, as axe-core finds them.

    Injected with page.evaluate, which runs outside the page's Content-Security-Policy
    (a <script> tag would be refused by it, as it should be)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source() + "\n;undefined")
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "where": [(node["target"], node["failureSummary"]) for node in violation["nodes"][:5]],
        }
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]


# The elements that reach past the right edge of the window: where a phone scrolls sideways.
_OVERFLOWING = """() => {
  const width = window.innerWidth;
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    culprits: [...document.body.querySelectorAll('*')]
      .filter(el => el.getBoundingClientRect().right > width + 0.5)
      .slice(0, 8)
      .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                 + (el.className && typeof el.className === 'string'
                    ? '.' + el.className.trim().split(/\\s+/).join('.') : '')),
  };
}"""


def sideways_overflow(page) -> dict | None:
    """What makes the page wider than the window, or None when it fits."""
    found = page.evaluate(_OVERFLOWING)
    return found if found["scrollWidth"] > found["innerWidth"] else None


# How the focused element shows it has focus: an outline or a box shadow (the site's ring).
_FOCUS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    element: el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== 'none',
  };
}"""


def focus(page) -> dict:
    """The focused element, and whether it is visibly marked as focused."""
    found = page.evaluate(_FOCUS)
    found["visible"] = found["outline"] or found["shadow"]
    return found


class Journey:
    """One person's way through the site, in a browser context of their own.

    Requests to any host but the site's are recorded and refused: pages must need
    nothing from elsewhere (DESIGN.md, "No third-party requests from pages")."""

    def __init__(
        self,
        browser,
        server,
        name: str,
        viewport: dict,
        *,
        javascript: bool = True,
        locale: str | None = None,
    ):
        self.name = name
        self.width = viewport["width"]
        self.javascript = javascript
        self.outside: list[str] = []
        self.steps = 0
        site = urlsplit(server.url).netloc
        self.context = browser.new_context(
            viewport=viewport,
            base_url=server.url,
            java_script_enabled=javascript,
            locale=locale,  # the browser's language, sent as Accept-Language
        )
        self.context.on("request", lambda request: self._note(request.url, site))
        self.context.route(lambda url: urlsplit(url).netloc != site, lambda route: route.abort())
        self.page = self.context.new_page()

    def _note(self, url: str, site: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != site:
            self.outside.append(url)

    def check(self, step: str) -> None:
        """The page as reached: kept as a screenshot, then checked for sideways scrolling
        and, where scripts run, for serious accessibility violations. (axe-core needs
        scripts: without them its checks never finish. The pages a journey without
        JavaScript reaches are checked in the journeys with it.)"""
        self.steps += 1
        page = self.page
        page.wait_for_load_state()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = f"{self.name}-{self.steps:02d}-{step}-{self.width}.png"
        page.screenshot(path=SCREENSHOTS / shot, full_page=True)
        where = f"{step} ({page.url}, {self.width} px wide; see {shot})"
        overflow = sideways_overflow(page)
        assert overflow is None, f"{where} scrolls sideways: {overflow}"
        if self.javascript:
            violations = accessibility_violations(page)
            assert violations == [], f"{where} has accessibility violations: {violations}"

    def keep_first_screen(self, step: str) -> Path:
        """What the window shows before any scrolling, kept as a screenshot of the viewport
        alone (check() keeps the whole page): `<journey>-<step>-<width>.png`."""
        self.page.wait_for_load_state()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{self.name}-{step}-{self.width}.png"
        self.page.screenshot(path=path, full_page=False)
        return path

    def download(self, action) -> bytes:
        """The file that action (a click) downloads."""
        with self.page.expect_download() as started:
            action()
        path = started.value.path()
        return Path(path).read_bytes()

    def close(self) -> None:
        self.context.close()


def log_in(page, email: str) -> None:
    """Fill in and send the login form the page shows (every fixture user has PASSWORD)."""
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def pdf_text(content: bytes) -> str:
    """A PDF's text, as pypdf reads it, with single spaces."""
    reader = PdfReader(BytesIO(content))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
