"""The Content-Security-Policy holds on every page: no inline script or style anywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from webapp.web.security import CONTENT_SECURITY_POLICY

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Emails are read in mail programs, not under the site's CSP, and need inline styles.
PAGES = sorted(p for p in TEMPLATES.rglob("*.html") if "email" not in p.parts)


def test_the_policy_allows_no_inline_script_or_style():
    directives = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["default-src"] == "'self'"
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "script-src" not in directives and "style-src" not in directives  # default: self
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("template", PAGES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_has_inline_script_style_or_handlers(template):
    html = template.read_text(encoding="utf-8")
    for tag in re.findall(r"<script\b[^>]*>", html, flags=re.IGNORECASE):
        assert "src=" in tag, f"inline script in {template}"
    assert not re.search(r"<style\b", html, flags=re.IGNORECASE), f"<style> in {template}"
    assert not re.search(r"\sstyle\s*=", html, flags=re.IGNORECASE), f"style= in {template}"
    assert not re.search(r"\son[a-z]+\s*=", html, flags=re.IGNORECASE), f"handler in {template}"
    assert "javascript:" not in html.lower()


@pytest.mark.parametrize(
    "path", ["/", "/join", "/account/login", "/account/signup", "/this-page-does-not-exist"]
)
def test_every_response_carries_the_headers(client, db, path):
    response = client.get(path)
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
