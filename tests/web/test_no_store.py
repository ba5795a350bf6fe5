"""Pages made for someone signed in are never stored by a browser or a proxy (issue 21,
item 14): a shared school computer's back button must not show them after logout."""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urlsplit

import pytest

from tests.factories import ClassroomFactory, LetterTemplateFactory, leyla_ahmadi_case
from webapp.classrooms.services import format_join_code

# Enough pages to reach every kind of page each role has, few enough to stay quick.
MAX_PAGES = 120
# Rendered with WeasyPrint: slow, and the same after-request hook sets their headers.
SKIPPED_SUFFIXES = (".png", ".pdf", ".csv", ".zip")


@pytest.fixture
def world(db, people):
    """A published case, a classroom of the teacher's and a student in it."""
    case = leyla_ahmadi_case()
    LetterTemplateFactory(case=case)
    LetterTemplateFactory(case=case, card=True)
    classroom = ClassroomFactory(teacher=people["teacher"], name="Year 8")
    db.session.commit()
    return {"case": case, "classroom": classroom}


def _links(html: str) -> list[str]:
    return re.findall(r'href="(/[^"]*)"', html)


def _crawl(client, start: list[str]) -> dict[str, object]:
    """GET every same-site page reachable from `start`; returns the responses by path."""
    seen: dict[str, object] = {}
    queue = list(start)
    while queue and len(seen) < MAX_PAGES:
        path = urldefrag(queue.pop(0))[0].replace("&amp;", "&")
        if path in seen or urlsplit(path).path.endswith(SKIPPED_SUFFIXES):
            continue
        if path.startswith("/static/"):
            continue
        response = client.get(path)
        body = response.get_data(as_text=True)  # reads a streamed export to its end
        response.close()
        seen[path] = response
        if response.mimetype == "text/html":
            queue.extend(_links(body))
    return seen


def _no_get_rules(app) -> list[str]:
    return [
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"
    ]


@pytest.mark.parametrize("role", ["teacher", "organiser", "admin"])
def test_every_page_a_signed_in_user_reaches_is_no_store(app, world, people, login, role):
    client = app.test_client()
    assert login(client, people[role]).status_code == 303
    pages = _crawl(client, ["/", *_no_get_rules(app)])
    assert len(pages) > 10
    for path, response in pages.items():
        assert response.headers.get("Cache-Control") == "no-store", (path, response.status)
        assert "Cookie" in response.vary, path


def test_every_page_a_student_reaches_is_no_store(app, world):
    client = app.test_client()
    joined = client.post(
        "/join",
        data={"code": format_join_code(world["classroom"].join_code), "display_name": "Amira"},
    )
    assert joined.status_code == 303
    assert joined.headers["Cache-Control"] == "no-store"
    pages = _crawl(client, [joined.headers["Location"], "/class"])
    assert len(pages) > 2
    for path, response in pages.items():
        assert response.headers.get("Cache-Control") == "no-store", (path, response.status)


def test_anonymous_public_pages_stay_cacheable(client, world):
    for path in ["/", f"/cases/{world['case'].slug}", "/account/login"]:
        response = client.get(path)
        assert "no-store" not in response.headers.get("Cache-Control", ""), path
