"""Organisers write petitions, address them to a case's target, open and close them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.factories import CaseFactory, PetitionFactory, SignatureFactory, TargetFactory
from webapp.models import AuditEvent, Petition, PetitionStatus, Signature


def petition_form(case=None, target=None, **overrides) -> dict:
    form = {
        "slug": "free-amina",
        "title": "Free Amina",
        "body": "We, the undersigned, ask you to release Amina.",
        "case_id": str(case.id) if case else "",
        "target_id": str(target.id) if target else "",
        "goal": "5000",
        "opens_at": "",
        "closes_at": "",
        "status": "draft",
    }
    form.update(overrides)
    return form


def _petition(db) -> Petition:
    db.session.expire_all()
    return db.session.scalars(db.select(Petition).where(Petition.slug == "free-amina")).one()


def test_a_petition_is_written_opened_and_closed(db, organiser, client, audit_actions):
    case = CaseFactory(slug="amina")
    target = TargetFactory(case=case)
    db.session.commit()
    assert f'<option selected value="{case.id}">' in organiser.get(
        f"/admin/content/petitions/new?case={case.id}"
    ).get_data(as_text=True)
    response = organiser.post(
        "/admin/content/petitions/new",
        data=petition_form(case, target, opens_at="2026-12-01T09:00", closes_at="2027-01-31T18:00"),
    )
    assert response.status_code == 303
    petition = _petition(db)
    assert petition.status is PetitionStatus.DRAFT and petition.goal == 5000
    assert petition.opens_at == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert petition.closes_at == datetime(2027, 1, 31, 18, 0, tzinfo=UTC)
    assert client.get("/petitions/free-amina").status_code == 404

    form = petition_form(case, target, status="open", opens_at="", closes_at="")
    assert (
        organiser.post(f"/admin/content/petitions/{petition.id}/edit", data=form).status_code == 303
    )
    assert _petition(db).status is PetitionStatus.OPEN
    assert "Free Amina" in client.get("/cases/amina").get_data(as_text=True)

    form["status"] = "closed"
    organiser.post(f"/admin/content/petitions/{petition.id}/edit", data=form)
    assert _petition(db).status is PetitionStatus.CLOSED
    assert audit_actions() == [
        "petition.created",
        "petition.updated",
        "petition.opened",
        "petition.closed",
    ]
    assert "Free Amina" in organiser.get("/admin/content/petitions").get_data(as_text=True)


def test_the_edit_form_shows_the_saved_values(db, organiser):
    petition = PetitionFactory(
        slug="free-amina", opens_at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC), goal=777
    )
    db.session.commit()
    page = organiser.get(f"/admin/content/petitions/{petition.id}/edit").get_data(as_text=True)
    assert 'value="2026-12-01T09:30"' in page and 'value="777"' in page


def test_closing_a_petition_keeps_its_signatures(db, organiser):
    petition = PetitionFactory(slug="free-amina")
    SignatureFactory.create_batch(3, petition=petition, confirmed=True)
    db.session.commit()
    form = petition_form(petition.case, status="closed", title=petition.title, body=petition.body)
    organiser.post(f"/admin/content/petitions/{petition.id}/edit", data=form)
    assert _petition(db).status is PetitionStatus.CLOSED
    assert db.session.query(Signature).count() == 3


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"slug": "Free Amina"}, "Please use only lowercase letters, digits"),
        ({"title": ""}, "Please give the petition a title."),
        ({"body": ""}, "Please write the petition&#39;s text."),
        ({"goal": "lots"}, "Please enter a whole number of signatures, such as 5000."),
        ({"goal": ""}, "Please give a goal."),
        ({"goal": "0"}, "Please enter 1 to 100,000,000."),
        ({"goal": "-5"}, "Please enter 1 to 100,000,000."),
        ({"opens_at": "next week"}, "Please enter a date and time, such as 2026-12-10 09:00."),
        (
            {"opens_at": "2026-12-10T09:00", "closes_at": "2026-12-01T09:00"},
            "The petition must close after it opens.",
        ),
        ({"status": "archived"}, "Please choose a status from the list."),
        ({"case_id": "999"}, "Please choose a case from the list."),
    ],
)
def test_invalid_petitions_are_refused(db, organiser, audit_actions, overrides, message):
    case = CaseFactory()
    db.session.commit()
    response = organiser.post("/admin/content/petitions/new", data=petition_form(case, **overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.query(Petition).count() == 0
    assert audit_actions() == []


def test_a_petition_is_addressed_only_to_a_target_of_its_case(db, organiser):
    case = CaseFactory()
    other = TargetFactory(name="Someone Else")
    db.session.commit()
    response = organiser.post("/admin/content/petitions/new", data=petition_form(case, other))
    assert response.status_code == 422
    assert "Someone Else is a target of another case." in response.get_data(as_text=True)
    response = organiser.post("/admin/content/petitions/new", data=petition_form(None, other))
    assert response.status_code == 422
    assert "Please choose the petition&#39;s case too" in response.get_data(as_text=True)
    assert db.session.query(Petition).count() == 0


def test_a_taken_petition_slug_is_refused(db, organiser):
    PetitionFactory(slug="free-amina")
    db.session.commit()
    response = organiser.post("/admin/content/petitions/new", data=petition_form())
    assert response.status_code == 422
    assert "Another petition already has the address “free-amina”" in response.get_data(
        as_text=True
    )
    assert db.session.query(AuditEvent).count() == 0


def test_what_happens_next_and_the_delivery_day_are_edited_and_shown_to_signers(
    db, organiser, client
):
    case = CaseFactory(slug="amina", name="Amina Yusuf")
    target = TargetFactory(case=case, name="Minister Ana Ruiz")
    db.session.commit()
    form = petition_form(
        case,
        target,
        status="open",
        next_steps="We hand it to the minister's office **in person**.",
        delivery_planned_on="2027-02-10",
    )
    assert organiser.post("/admin/content/petitions/new", data=form).status_code == 303
    petition = _petition(db)
    assert petition.next_steps == "We hand it to the minister's office **in person**."
    assert petition.delivery_planned_on.isoformat() == "2027-02-10"
    edit_page = organiser.get(f"/admin/content/petitions/{petition.id}/edit").get_data(as_text=True)
    assert 'value="2027-02-10"' in edit_page and "**in person**" in edit_page

    thanks = client.get("/petitions/free-amina/thank-you").get_data(as_text=True)
    assert "We hand it to the minister's office <strong>in person</strong>." in thanks

    # Without words of their own, the page says the day and the person from the fields.
    form.update(next_steps="")
    organiser.post(f"/admin/content/petitions/{petition.id}/edit", data=form)
    thanks = client.get("/petitions/free-amina/thank-you").get_data(as_text=True)
    assert (
        "We will hand the petition, with every confirmed signature, to "
        "<bdi>Minister Ana Ruiz</bdi> on February 10, 2027." in thanks
    )


def test_a_delivery_day_that_is_not_a_date_is_refused_in_plain_words(db, organiser):
    case = CaseFactory()
    db.session.commit()
    response = organiser.post(
        "/admin/content/petitions/new",
        data=petition_form(case, delivery_planned_on="next spring"),
    )
    assert response.status_code == 422
    assert "Please enter a date such as 2026-12-04." in response.get_data(as_text=True)
    assert db.session.scalars(db.select(Petition)).all() == []
