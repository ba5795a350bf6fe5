"""Fixtures for content management: the people of the organisers' side, logged in, and
the audit log as a list of actions."""

from __future__ import annotations

import pytest

from webapp.models import AuditEvent


@pytest.fixture
def organiser(people, browser_for):
    """A browser logged in as an organiser."""
    return browser_for(people["organiser"])


@pytest.fixture
def audit_actions(db):
    """The actions in the audit log so far, oldest first."""

    def actions() -> list[str]:
        db.session.expire_all()
        return list(db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)))

    return actions
