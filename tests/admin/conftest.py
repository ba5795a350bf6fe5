"""Fixtures for the organisers' side: an admin, an organiser, a teacher, each logged in."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory


@pytest.fixture
def people(db):
    """An admin, an organiser and a teacher, committed so views' rollbacks keep them."""
    found = {
        "admin": UserFactory(admin=True, name="Ada Admin", email="ada@org.example"),
        "organiser": UserFactory(organiser=True, name="Olu Organiser", email="olu@org.example"),
        "teacher": UserFactory(name="Tess Teacher", email="tess@school.example"),
    }
    db.session.commit()
    return found


@pytest.fixture
def browser_for(app, login):
    """A browser logged in as one of the people."""

    def logged_in(user):
        browser = app.test_client()
        assert login(browser, user).status_code == 303
        return browser

    return logged_in


def confirmed_signatures(petition, people: list[tuple[str, str, str]], now=None) -> None:
    """Sign and confirm through the petition services, so counters and rows agree."""
    from webapp.extensions import db
    from webapp.models import Signature
    from webapp.petitions import services

    for name, email, country in people:
        services.sign_petition(
            petition, full_name=name, email=email, country=country, opt_in=False, now=now
        )
        signature = db.session.scalars(db.select(Signature).where(Signature.email == email)).one()
        services.confirm_signature(services.confirmation_token(signature), now=now)
    db.session.commit()
