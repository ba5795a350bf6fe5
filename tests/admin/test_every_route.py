"""Every route of the organisation's side, found in the app's URL map (so a route added
later is covered too), refuses anonymous visitors and teachers."""

from __future__ import annotations

import re

import pytest

from webapp import create_app
from webapp.config import TestingConfig


def _admin_routes() -> list[tuple[str, str]]:
    app = create_app(TestingConfig)
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin"):
            continue
        # Fill each variable with something of its kind: the check comes before any lookup.
        path = re.sub(r"<any\(([^,)]+)[^>]*>", lambda m: m.group(1).strip("'\" "), rule.rule)
        path = re.sub(r"<int:[^>]+>", "1", path)
        path = re.sub(r"<[^>]+>", "x", path)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, path))
    with app.app_context():
        from webapp.extensions import db

        db.engine.dispose()
    return routes


ROUTES = _admin_routes()


def test_the_organisation_side_has_routes_to_check():
    assert len(ROUTES) >= 20


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_admin_route_sends_anonymous_visitors_to_log_in(client, people, method, path):
    response = client.open(path, method=method)
    assert response.status_code == 302, path
    assert response.location.startswith("/account/login?next=")


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_admin_route_refuses_teachers(people, browser_for, method, path):
    assert browser_for(people["teacher"]).open(path, method=method).status_code == 403, path
