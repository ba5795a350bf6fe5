"""Organisers add and edit the issue areas of the home page."""

from __future__ import annotations

import pytest

from tests.factories import IssueAreaFactory
from webapp.models import AuditEvent, IssueArea


def area_form(**overrides) -> dict:
    form = {
        "slug": "death-penalty",
        "name": "Death Penalty Abolition",
        "summary": "We oppose the death penalty in every case.",
        "facts": "It is irreversible.\r\n\r\n  It does not stop crime.  \r\n",
        "position": "3",
    }
    form.update(overrides)
    return form


def test_an_issue_area_is_added_and_shown_on_the_home_page(db, organiser, client, audit_actions):
    response = organiser.post("/admin/content/issue-areas/new", data=area_form())
    assert response.status_code == 303
    area = db.session.scalars(db.select(IssueArea)).one()
    assert area.facts == ["It is irreversible.", "It does not stop crime."]
    assert area.position == 3
    assert audit_actions() == ["issue_area.created"]
    assert "Death Penalty Abolition" in client.get("/").get_data(as_text=True)
    assert client.get("/issues/death-penalty").status_code == 200
    assert "Death Penalty Abolition" in organiser.get("/admin/content/issue-areas").get_data(
        as_text=True
    )


def test_an_issue_area_is_edited(db, organiser, audit_actions):
    area = IssueAreaFactory(slug="refugees", name="Refugees")
    db.session.commit()
    form = area_form(slug="refugees", name="I WELCOME: Refugees", facts="One fact.")
    page = organiser.get(f"/admin/content/issue-areas/{area.id}/edit").get_data(as_text=True)
    assert 'value="refugees"' in page
    assert (
        organiser.post(f"/admin/content/issue-areas/{area.id}/edit", data=form).status_code == 303
    )
    db.session.expire_all()
    area = db.session.get(IssueArea, area.id)
    assert area.name == "I WELCOME: Refugees" and area.facts == ["One fact."]
    [event] = db.session.scalars(db.select(AuditEvent)).all()
    assert event.action == "issue_area.updated"
    assert set(event.details["changed"]) == {"name", "summary", "facts", "position"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"slug": "Death Penalty"}, "Please use only lowercase letters, digits"),
        ({"name": ""}, "Please give the issue area&#39;s name."),
        ({"summary": ""}, "Please write a short summary."),
        ({"position": "first"}, "Please enter a whole number, such as 3."),
        ({"position": "-1"}, "Please enter 0 to 10,000."),
    ],
)
def test_invalid_issue_areas_are_refused(db, organiser, audit_actions, overrides, message):
    response = organiser.post("/admin/content/issue-areas/new", data=area_form(**overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.query(IssueArea).count() == 0
    assert audit_actions() == []


def test_a_taken_issue_area_slug_is_refused(db, organiser):
    IssueAreaFactory(slug="death-penalty")
    db.session.commit()
    response = organiser.post("/admin/content/issue-areas/new", data=area_form())
    assert response.status_code == 422
    assert "Another issue area already has the address “death-penalty”" in response.get_data(
        as_text=True
    )
