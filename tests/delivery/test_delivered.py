"""A petition's outcome (issue 18, item 6): the organiser records when and to whom it was
delivered; the case page shows it; a draft "petition delivered" update is offered for
the organiser to check, publish and email."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.admin.conftest import confirmed_signatures
from tests.factories import PetitionFactory, TargetFactory
from webapp.models import AuditEvent, CaseUpdate, PetitionStatus, UpdateKind


@pytest.fixture
def petition(db):
    target = TargetFactory(name="Minister Ana Ruiz", title="Minister of the Interior")
    petition = PetitionFactory(
        case=target.case,
        target=target,
        title="Free Rina Santos",
        status=PetitionStatus.OPEN,
    )
    confirmed_signatures(petition, [(f"Signer {n}", f"s{n}@x.org", "BR") for n in range(3)])
    petition.created_at -= timedelta(days=60)
    db.session.commit()
    return petition


def _path(petition) -> str:
    return f"/admin/delivery/petitions/{petition.id}/delivered"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_only_organisers_record_a_delivery(client, people, browser_for, petition, method):
    data = {"on": date.today().isoformat(), "to": "The Ministry"}
    assert client.open(_path(petition), method=method, data=data).status_code == 302
    teacher = browser_for(people["teacher"])
    assert teacher.open(_path(petition), method=method, data=data).status_code == 403
    assert petition.delivered_on is None


def test_recording_a_delivery_shows_it_on_the_case_page_and_drafts_an_update(
    client, db, people, browser_for, petition
):
    organiser = browser_for(people["organiser"])
    index = organiser.get("/admin/delivery/").get_data(as_text=True)
    assert f'href="{_path(petition)}">Record the delivery' in index

    form = organiser.get(_path(petition)).get_data(as_text=True)
    assert 'type="date"' in form and "Delivered to" in form
    on = date.today() - timedelta(days=2)
    response = organiser.post(
        _path(petition),
        data={
            "on": on.isoformat(),
            "to": "  Ministry of the Interior,   Manila ",
            "draft_update": "y",
        },
    )
    assert response.status_code == 303
    update = db.session.scalars(select(CaseUpdate)).one()
    assert response.location == f"/admin/updates/{update.id}/edit"
    # A draft: nobody but organisers sees it until it is published (and emailed).
    assert update.published_at is None and update.kind is UpdateKind.PETITION_DELIVERED
    assert update.happened_on == on
    assert update.title == "Petition delivered to Ministry of the Interior, Manila"
    assert "with 3 signatures" in update.body and "Free Rina Santos" in update.body

    page = client.get(f"/cases/{petition.case.slug}").get_data(as_text=True)
    assert f"Delivered to Ministry of the Interior, Manila on {on:%B} {on.day}, {on.year}." in (
        page.replace("<bdi>", "").replace("</bdi>", "")
    )
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "petition.delivered")
    ).all()
    assert event.actor_id == people["organiser"].id
    index = organiser.get("/admin/delivery/").get_data(as_text=True)
    assert "Correct it" in index


def test_without_a_draft_the_organiser_is_taken_back_to_the_list(db, people, browser_for, petition):
    organiser = browser_for(people["organiser"])
    response = organiser.post(
        _path(petition), data={"on": date.today().isoformat(), "to": "The Minister"}
    )
    assert response.location == "/admin/delivery/"
    assert db.session.scalars(select(CaseUpdate)).all() == []
    db.session.expire_all()
    assert (petition.delivered_on, petition.delivered_to) == (date.today(), "The Minister")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"on": "", "to": "The Ministry"}, "Please give the day it was delivered."),
        ({"on": "next week", "to": "The Ministry"}, "Please enter a date such as 2026-12-04."),
        ({"on": "2999-01-01", "to": "The Ministry"}, "The delivery date cannot be in the future."),
        ({"on": "2000-01-01", "to": "The Ministry"}, "The delivery date is before the petition"),
        ({"on": date.today().isoformat(), "to": "   "}, "Please say to whom the petition"),
    ],
)
def test_a_wrong_date_or_no_recipient_is_refused_beside_its_field(
    db, people, browser_for, petition, data, message
):
    organiser = browser_for(people["organiser"])
    response = organiser.post(_path(petition), data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert petition.delivered_on is None
    assert db.session.scalars(select(CaseUpdate)).all() == []
