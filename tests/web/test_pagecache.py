"""The case page, shared between anonymous visitors for a few seconds: each still gets
their own form tokens, and nobody gets a page meant for someone else."""

from __future__ import annotations

import re

import pytest

from tests.factories import PetitionFactory
from webapp.models import Signature
from webapp.web import pagecache


@pytest.fixture
def shared(app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 60)
    monkeypatch.setitem(app.config, "PROOF_OF_WORK", True)
    pagecache.clear()
    yield
    pagecache.clear()


@pytest.fixture
def petition(db):
    petition = PetitionFactory()
    db.session.commit()
    return petition


def _tokens(page: str) -> dict[str, str]:
    found = {}
    for name in ("csrf_token", "shown_at"):
        found[name] = re.search(rf'name="{name}" type="hidden" value="([^"]+)"', page).group(1)
    found["challenge"] = re.search(r'data-pow-challenge="([0-9a-f]+)"', page).group(1)
    return found


def _without_tokens(page: str) -> str:
    page = re.sub(r'(name="(?:csrf_token|shown_at)" type="hidden" value=)"[^"]+"', r"\1", page)
    return re.sub(r'(data-pow-(?:salt|challenge|signature)=)"[^"]+"', r"\1", page)


def _count(page: str) -> str:
    return re.search(r'class="progress__count" role="status">(.*?)</p>', page, re.S).group(1)


@pytest.fixture(params=["case page", "petition without a case"])
def page_and_petition(request, db):
    """A page with a signing form, and its petition: a case's page, or the page of a
    petition that stands alone."""
    if request.param == "case page":
        petition = PetitionFactory()
        path = f"/cases/{petition.case.slug}"
    else:
        petition = PetitionFactory(case=None)
        path = f"/petitions/{petition.slug}"
    db.session.commit()
    return path, petition


def test_each_visitor_gets_their_own_tokens_and_can_sign(
    app, db, shared, page_and_petition, monkeypatch
):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    path, petition = page_and_petition
    first, second = app.test_client(), app.test_client()
    page_one = first.get(path).get_data(as_text=True)
    page_two = second.get(path).get_data(as_text=True)

    one, two = _tokens(page_one), _tokens(page_two)
    # (The "shown at" stamps are equal within a second: they carry only the time.)
    assert one["csrf_token"] != two["csrf_token"] and one["challenge"] != two["challenge"]
    assert "\x00" not in page_two
    # Apart from the tokens, the second visitor got the first one's page.
    assert _without_tokens(page_one) == _without_tokens(page_two)

    response = second.post(
        f"/petitions/{petition.slug}/sign",
        data={
            "csrf_token": two["csrf_token"],
            "shown_at": two["shown_at"],
            "full_name": "Ada",
            "email": "ada@example.org",
            "country": "GB",
        },
    )
    assert response.status_code == 303
    assert db.session.query(Signature).count() == 1


def test_counts_are_at_most_the_configured_seconds_old(
    app, db, shared, page_and_petition, monkeypatch
):
    from tests.admin.conftest import confirmed_signatures

    path, petition = page_and_petition
    client = app.test_client()
    before = _count(client.get(path).get_data(as_text=True))
    confirmed_signatures(petition, [("Ada", "ada@example.org", "GB")])
    assert _count(client.get(path).get_data(as_text=True)) == before
    later = pagecache.time.monotonic() + 61
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: later)
    after = _count(client.get(path).get_data(as_text=True))
    assert after != before and "1" in after


def test_signed_in_people_and_visitors_with_a_message_get_their_own_page(
    app, db, shared, petition, people, browser_for
):
    app.test_client().get(f"/cases/{petition.case.slug}")  # kept for anonymous visitors
    organiser = browser_for(people["organiser"])
    assert "Log out" in organiser.get(f"/cases/{petition.case.slug}").get_data(as_text=True)

    visitor = app.test_client()
    with visitor.session_transaction() as session:
        session["_flashes"] = [("success", "Your letter is deleted.")]
    page = visitor.get(f"/cases/{petition.case.slug}").get_data(as_text=True)
    assert "Your letter is deleted." in page


def test_an_unknown_case_is_not_kept(app, db, shared):
    client = app.test_client()
    assert client.get("/cases/no-such-case").status_code == 404
    assert client.get("/cases/no-such-case").status_code == 404
    assert pagecache._kept == {}


def test_each_visitor_of_a_kept_page_gets_a_stamp_of_their_own(
    app, db, shared, petition, monkeypatch
):
    """With the human checks on: a kept page's "shown at" stamp is made for the visitor
    it is served to, and is good for them alone."""
    monkeypatch.setitem(app.config, "HUMAN_CHECKS", True)
    monkeypatch.setitem(app.config, "FORM_MIN_FILL_SECONDS", 0)
    monkeypatch.setitem(app.config, "PROOF_OF_WORK", False)
    path = f"/cases/{petition.case.slug}"
    first, second, third = app.test_client(), app.test_client(), app.test_client()
    stamps = [_tokens_without_proof(c.get(path).get_data(as_text=True)) for c in (first, second)]
    third.get(path)
    assert stamps[0] != stamps[1]

    def sign(client, stamp, email):
        data = {"shown_at": stamp, "full_name": "Ada", "email": email, "country": "GB"}
        return client.post(f"/petitions/{petition.slug}/sign", data=data).status_code

    assert sign(third, stamps[1], "c@example.org") == 422  # not the third visitor's
    assert sign(second, stamps[1], "b@example.org") == 303
    assert sign(first, stamps[0], "a@example.org") == 303
    assert db.session.query(Signature).count() == 2


def _tokens_without_proof(page: str) -> str:
    return re.search(r'name="shown_at" type="hidden" value="([^"]+)"', page).group(1)
