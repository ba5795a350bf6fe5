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


# One stamp, one send, by the visitor it was shown to, on its own form (issue 21, item 5)


def test_a_stamp_is_good_for_one_send(client, db, checks_on, petition, monkeypatch):
    stamp = _shown_at(client, petition, seconds_ago=8, monkeypatch=monkeypatch)
    assert _sign(client, petition, shown_at=stamp).status_code == 303
    again = _sign(client, petition, shown_at=stamp, email="bea@x.org")
    assert again.status_code == 422
    assert "quicker than we expected" in again.get_data(as_text=True)
    assert db.session.query(Signature).count() == 1


def test_a_stamp_is_good_only_in_the_session_it_was_shown_to(
    app, client, db, checks_on, petition, monkeypatch
):
    stamp = _shown_at(client, petition, seconds_ago=8, monkeypatch=monkeypatch)
    other = app.test_client()
    assert _sign(other, petition, shown_at=stamp).status_code == 422
    assert db.session.query(Signature).count() == 0
    assert _sign(client, petition, shown_at=stamp).status_code == 303  # still its owner's


def test_a_stamp_is_good_only_on_the_form_it_was_shown_with(
    client, db, checks_on, petition, monkeypatch
):
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) - 8)
    page = client.get("/join").get_data(as_text=True)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", real)
    join_stamp = re.search(r'name="shown_at" type="hidden" value="([^"]+)"', page).group(1)
    assert _sign(client, petition, shown_at=join_stamp).status_code == 422
    assert db.session.query(Signature).count() == 0


def test_a_form_refused_for_a_field_is_sent_again_at_once(
    client, db, checks_on, petition, monkeypatch
):
    """The page shown again carries a new stamp that keeps the time it was first shown."""
    stamp = _shown_at(client, petition, seconds_ago=8, monkeypatch=monkeypatch)
    refused = _sign(client, petition, shown_at=stamp, full_name="")
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    fresh = re.search(r'name="shown_at" type="hidden" value="([^"]+)"', html).group(1)
    assert fresh != stamp
    assert _sign(client, petition, shown_at=fresh).status_code == 303


def test_a_stamp_is_taken_when_the_store_is_down(
    client, db, checks_on, petition, monkeypatch, caplog
):
    """Like the rate limits, the replay check fails open, and says so in the log."""
    from webapp.extensions import limiter

    stamp = _shown_at(client, petition, seconds_ago=8, monkeypatch=monkeypatch)

    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(limiter.storage, "incr", down)
    assert _sign(client, petition, shown_at=stamp).status_code == 303
    assert "replay check skipped" in caplog.text
