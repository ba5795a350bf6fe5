"""Public forms refuse simple bots (a filled honeypot, a send at once) with no third party,
and still work for people, without JavaScript."""

from __future__ import annotations

import re

import pytest
from itsdangerous.timed import TimestampSigner

from tests.factories import PetitionFactory
from webapp.models import Signature


@pytest.fixture
def checks_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "HUMAN_CHECKS", True)
    monkeypatch.setitem(app.config, "FORM_MIN_FILL_SECONDS", 2)


@pytest.fixture
def petition(db):
    petition = PetitionFactory()
    db.session.commit()
    return petition


def _shown_at(client, petition, *, seconds_ago: float, monkeypatch) -> str:
    """The form's hidden stamp, as if the page had been shown that long ago."""
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) - seconds_ago)
    page = client.get(f"/petitions/{petition.slug}", follow_redirects=True).get_data(as_text=True)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", real)
    return re.search(r'name="shown_at" type="hidden" value="([^"]+)"', page).group(1)


def _sign(client, petition, **extra):
    data = {"full_name": "Ada", "email": "ada@x.org", "country": "GB", **extra}
    return client.post(f"/petitions/{petition.slug}/sign", data=data)


def test_a_person_who_takes_a_few_seconds_signs(client, db, checks_on, petition, monkeypatch):
    stamp = _shown_at(client, petition, seconds_ago=8, monkeypatch=monkeypatch)
    assert _sign(client, petition, shown_at=stamp).status_code == 303
    assert db.session.query(Signature).count() == 1


def test_a_send_at_once_is_asked_to_press_again(client, db, checks_on, petition, monkeypatch):
    stamp = _shown_at(client, petition, seconds_ago=0, monkeypatch=monkeypatch)
    response = _sign(client, petition, shown_at=stamp)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "quicker than we expected" in html
    assert 'value="Ada"' in html  # what they typed is kept for the second press
    assert db.session.query(Signature).count() == 0


@pytest.mark.parametrize("stamp", ["", "forged.stamp.value"])
def test_a_missing_or_forged_stamp_is_refused(client, db, checks_on, petition, stamp):
    assert _sign(client, petition, shown_at=stamp).status_code == 422
    assert db.session.query(Signature).count() == 0


def test_a_filled_honeypot_is_refused(client, db, checks_on, petition, monkeypatch):
    stamp = _shown_at(client, petition, seconds_ago=8, monkeypatch=monkeypatch)
    response = _sign(client, petition, shown_at=stamp, website="http://spam.example")
    assert response.status_code == 422
    assert db.session.query(Signature).count() == 0


def test_the_honeypot_is_hidden_from_people_and_screen_readers(client, db, petition):
    html = client.get(f"/petitions/{petition.slug}", follow_redirects=True).get_data(as_text=True)
    trap = html[html.index('<div class="human-check"') :]
    trap = trap[: trap.index("</div>")]
    assert 'aria-hidden="true"' in trap and 'tabindex="-1"' in trap
    assert 'autocomplete="off"' in trap
