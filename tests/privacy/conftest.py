"""Signing as a supporter does: the real form, the emailed link, the Confirm button."""

from __future__ import annotations

import re

import pytest

from tests.emails import newest_to
from tests.factories import PetitionFactory


def _link(recipient: str, pattern: str) -> str:
    message = newest_to(recipient)
    return re.search(pattern, message.body_text).group(1)


@pytest.fixture
def petition(db):
    petition = PetitionFactory(title="Free Leyla Ahmadi")
    db.session.commit()
    return petition


@pytest.fixture
def sign(app):
    """Sign through the form from a client address; confirm unless told not to."""

    def signed(petition, name, email, *, country="GB", address="203.0.113.7", confirm=True):
        browser = app.test_client()
        browser.environ_base["REMOTE_ADDR"] = address
        data = {"full_name": name, "email": email, "country": country}
        response = browser.post(f"/petitions/{petition.slug}/sign", data=data)
        assert response.status_code == 303, response.get_data(as_text=True)
        if confirm:
            path = _link(email, r"http://localhost(/confirm/\S+)")
            assert browser.post(path).status_code == 303

    return signed


@pytest.fixture
def my_data_link():
    """The path of the latest my-data link emailed to an address."""
    return lambda email: _link(email, r"http://localhost(/my-data/\S+)")
