"""No URL gives a 500 (issue 21, item 11): every rule of the URL map, its converters
filled with drawn values (huge and negative numbers, other scripts' digits, long and
unicode strings) and with query parameters, asked as anonymous, teacher and organiser."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp.web.converters import MAX_ID

# Every query parameter a view reads (grep request.args), and the moderation filter's.
QUERY_NAMES = [
    "page",
    "per_page",
    "action",
    "petition",
    "with_email",
    "case",
    "code",
    "email",
    "next",
    "locale",
    "status",
    "domain",
    "subdomains",
    "since",
    "until",
    "source",
    "client",
]
ARGUMENT = re.compile(r"<(?:(?P<converter>[a-z]+)(?:\([^)]*\))?:)?(?P<name>[a-z_]+)>")

_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=300)
_numbers = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.sampled_from(
        ["0", "1", "2", str(MAX_ID), str(MAX_ID + 1), "9" * 30, "9" * 5000, "٣", "0" * 12 + "1"]
    ),
)
_values = st.one_of(_numbers, _text, st.sampled_from(["9999-12-31T23:59", "0001-01-01 00:00"]))
_segment = {
    "int": st.one_of(_numbers, _text),
    "default": st.one_of(_text.filter(lambda s: "/" not in s), _numbers),
    "path": _text,
}
_query = st.dictionaries(st.one_of(st.sampled_from(QUERY_NAMES), _text), _values, max_size=3)


def _rules(app) -> list[str]:
    return sorted(rule.rule for rule in app.url_map.iter_rules() if rule.endpoint != "static")


def _fill(data, rule: str) -> str:
    def drawn(match: re.Match) -> str:
        strategy = _segment.get(match["converter"] or "default", _segment["default"])
        return quote(data.draw(strategy), safe="")

    path = ARGUMENT.sub(drawn, rule)
    query = data.draw(_query)
    return f"{path}?{urlencode(query)}" if query else path


@pytest.fixture
def clients(app, people, login):
    found = {"anonymous": app.test_client()}
    for role in ("teacher", "organiser"):
        found[role] = app.test_client()
        assert login(found[role], people[role]).status_code == 303
    return found


@pytest.mark.parametrize("role", ["anonymous", "teacher", "organiser"])
@settings(
    max_examples=4,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def test_no_route_answers_5xx_whatever_its_arguments(app, clients, role, data):
    client = clients[role]
    for rule in _rules(app):
        url = _fill(data, rule)
        response = client.get(url)
        response.close()
        assert response.status_code < 500, (url, response.status_code)


@pytest.mark.parametrize(
    "path",
    [
        "/photos/99999999999999999999/x.jpg",
        f"/photos/{MAX_ID + 1}/x.jpg",
        "/photos/0/x.jpg",
        "/photos/" + "9" * 5000 + "/x.jpg",
    ],
)
def test_an_id_out_of_the_columns_range_is_not_found(client, db, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("page", ["9223372036854775807", str(MAX_ID + 1), "9" * 5000])
def test_a_page_number_out_of_range_is_refused(client, db, people, login, page):
    assert client.get(f"/api/v1/petitions?page={page}").status_code == 400
    assert login(client, people["admin"]).status_code == 303
    assert client.get(f"/admin/audit?page={page}").status_code == 400
