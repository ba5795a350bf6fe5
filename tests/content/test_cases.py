"""Organisers write, preview, publish and close cases, and list whom they write to."""

from __future__ import annotations

import pytest

from tests.factories import (
    CaseFactory,
    IssueAreaFactory,
    LetterFactory,
    PetitionFactory,
    TargetFactory,
)
from webapp.models import AuditEvent, Case, CaseStatus, Target


def case_form(**overrides) -> dict:
    """A complete, valid case form."""
    form = {
        "slug": "amina-diallo",
        "name": "Amina Diallo",
        "country": "SN",
        "issue_area_id": "",
        "headline": "Journalist jailed for her reporting",
        "story": "Amina is a *journalist*.\n\nShe was arrested in May.",
        "ask": "Release Amina now.",
        "status": "draft",
        "safety_notes": "",
        "card_address": "",
        "card_country": "",
        "classroom_min_age": "0",
    }
    form.update(overrides)
    return {key: value for key, value in form.items() if value is not None}


def _case(db, slug: str = "amina-diallo") -> Case | None:
    db.session.expire_all()
    return db.session.scalars(db.select(Case).where(Case.slug == slug)).first()


def test_an_organiser_writes_a_draft_previews_publishes_and_closes_it(
    db, organiser, client, audit_actions
):
    area = IssueAreaFactory(name="Human rights defenders")
    db.session.commit()
    response = organiser.post(
        "/admin/content/cases/new",
        data=case_form(issue_area_id=str(area.id), featured="y", classroom_min_age="14"),
    )
    assert response.status_code == 303
    case = _case(db)
    assert response.location == f"/admin/content/cases/{case.id}/edit"
    assert case.status is CaseStatus.DRAFT
    assert case.issue_area_id == area.id and case.featured and case.classroom_min_age == 14
    assert audit_actions() == ["case.created"]

    # A draft is not public, but its preview is there for organisers.
    assert client.get("/cases/amina-diallo").status_code == 404
    preview = organiser.get(f"/admin/content/cases/{case.id}/preview")
    assert preview.status_code == 200
    assert preview.headers["Cache-Control"] == "no-store"
    page = preview.get_data(as_text=True)
    assert 'class="preview-banner"' in page and "<strong>Preview</strong>" in page
    assert "<h1>Amina Diallo</h1>" in page
    assert "<p>Amina is a <em>journalist</em>.</p>" in page

    published = organiser.post(f"/admin/content/cases/{case.id}/publish")
    assert published.status_code == 303
    assert _case(db).status is CaseStatus.PUBLISHED
    public = client.get("/cases/amina-diallo")
    assert public.status_code == 200
    assert "Preview" not in public.get_data(as_text=True)

    assert organiser.post(f"/admin/content/cases/{case.id}/close").status_code == 303
    assert _case(db).status is CaseStatus.CLOSED
    assert client.get("/cases/amina-diallo").status_code == 200
    assert audit_actions() == ["case.created", "case.published", "case.closed"]
    event = db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.subject_type == "Case" and event.subject_id == str(case.id)
    assert event.actor_email == "olu@org.example"
    assert event.details == {"before": "published", "after": "closed"}


def test_the_case_list_shows_drafts_and_published_cases(db, organiser):
    CaseFactory(name="Draft Person", draft=True)
    CaseFactory(name="Public Person")
    db.session.commit()
    page = organiser.get("/admin/content/cases").get_data(as_text=True)
    assert page.index("Draft Person") < page.index("Public Person")


def test_editing_every_field_is_saved_and_audited_with_what_changed(db, organiser, audit_actions):
    case = CaseFactory(slug="old-slug", draft=True)
    area = IssueAreaFactory()
    db.session.commit()
    form = case_form(
        slug="new-slug",
        name="New Name",
        country="IR",
        issue_area_id=str(area.id),
        headline="New headline",
        story="## New story\n\nWith **bold**.",
        ask="New ask.",
        solidarity_safe="y",
        sender_address_allowed="y",
        card_first_name_only="y",
        safety_notes="Write about hope.",
        card_address="c/o Friends\nPO Box 1",
        card_country="GB",
        classroom_min_age="11",
    )
    response = organiser.post(f"/admin/content/cases/{case.id}/edit", data=form)
    assert response.status_code == 303
    case = _case(db, "new-slug")
    assert (case.name, case.country, case.issue_area_id) == ("New Name", "IR", area.id)
    assert case.story == "## New story\n\nWith **bold**."
    assert case.solidarity_safe and case.sender_address_allowed and case.card_first_name_only
    assert case.card_address == "c/o Friends\nPO Box 1" and case.card_country == "GB"
    assert case.classroom_min_age == 11 and case.safety_notes == "Write about hope."
    assert case.featured is False  # unticked
    [event] = db.session.scalars(db.select(AuditEvent)).all()
    assert event.action == "case.updated"
    assert set(event.details["changed"]) >= {"slug", "name", "story", "classroom_min_age"}


def test_saving_an_unchanged_case_writes_nothing_to_the_audit_log(db, organiser, audit_actions):
    case = CaseFactory(
        slug="amina-diallo",
        name="Amina Diallo",
        country="SN",
        issue_area=None,
        headline="Journalist jailed for her reporting",
        story="Amina is a *journalist*.\n\nShe was arrested in May.",
        ask="Release Amina now.",
        featured=False,
        draft=True,
    )
    db.session.commit()
    assert (
        organiser.post(f"/admin/content/cases/{case.id}/edit", data=case_form()).status_code == 303
    )
    assert audit_actions() == []


def test_windows_line_endings_are_stored_as_plain_newlines(db, organiser):
    organiser.post("/admin/content/cases/new", data=case_form(story="One.\r\n\r\nTwo.\r\n"))
    assert _case(db).story == "One.\n\nTwo."


@pytest.mark.parametrize(
    "slug",
    [
        "",
        "Amina",
        "amina diallo",
        "amina_diallo",
        "-amina",
        "amina-",
        "amina--diallo",
        "amína",
        "a" * 81,
        "amina/../admin",
    ],
)
def test_a_bad_slug_is_refused_with_a_clear_message_and_nothing_saved(
    db, organiser, audit_actions, slug
):
    response = organiser.post("/admin/content/cases/new", data=case_form(slug=slug))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Please" in page and ("lowercase letters" in page or "address" in page)
    assert db.session.query(Case).count() == 0
    assert audit_actions() == []


def test_a_slug_in_use_is_refused(db, organiser, audit_actions):
    CaseFactory(slug="amina-diallo")
    db.session.commit()
    response = organiser.post("/admin/content/cases/new", data=case_form())
    assert response.status_code == 422
    assert "Another case already has the address “amina-diallo”" in response.get_data(as_text=True)
    assert db.session.query(Case).count() == 1
    assert audit_actions() == []


def test_renaming_to_another_case_s_slug_is_refused_and_nothing_changes(db, organiser):
    CaseFactory(slug="taken")
    case = CaseFactory(slug="mine", name="Mine")
    db.session.commit()
    response = organiser.post(
        f"/admin/content/cases/{case.id}/edit", data=case_form(slug="taken", name="Changed")
    )
    assert response.status_code == 422
    assert _case(db, "mine").name == "Mine"
    assert db.session.query(AuditEvent).count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Please give the person&#39;s (or group&#39;s) name."),
        ({"headline": " "}, "Please write the headline."),
        ({"story": ""}, "Please write their story."),
        ({"ask": ""}, "Please write what we ask the authorities."),
        ({"country": ""}, "Please choose the country."),
        ({"country": "XX"}, "Please choose a country from the list."),
        ({"status": "deleted"}, "Please choose a status from the list."),
        ({"classroom_min_age": "3"}, "Please choose an age from the list."),
        ({"issue_area_id": "999"}, "Please choose an issue area from the list."),
        ({"story": "x" * 20_001}, "Please shorten this to 20,000 characters or fewer."),
        ({"name": "Tab\there"}, "Please remove the special characters from this field."),
        (
            {"sender_address_allowed": "y"},
            "Cards are not safe for this case, so senders cannot give their address either.",
        ),
        ({"card_address": "PO Box 1"}, "Please choose the country of the card address."),
        ({"status": "closed"}, "A draft cannot be closed or marked as good news"),
        ({"status": "good_news"}, "A draft cannot be closed or marked as good news"),
    ],
)
def test_invalid_input_is_refused_with_a_clear_message_and_nothing_saved(
    db, organiser, audit_actions, overrides, message
):
    response = organiser.post("/admin/content/cases/new", data=case_form(**overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.query(Case).count() == 0
    assert audit_actions() == []


def test_a_case_can_be_published_straight_away(db, organiser, client, audit_actions):
    assert (
        organiser.post("/admin/content/cases/new", data=case_form(status="published")).status_code
        == 303
    )
    assert client.get("/cases/amina-diallo").status_code == 200
    assert audit_actions() == ["case.created", "case.published"]


def test_the_status_changes_through_the_edit_form_too(db, organiser, audit_actions):
    case = CaseFactory(slug="amina-diallo", draft=True)
    db.session.commit()
    organiser.post(f"/admin/content/cases/{case.id}/edit", data=case_form(status="published"))
    organiser.post(f"/admin/content/cases/{case.id}/edit", data=case_form(status="good_news"))
    assert _case(db).status is CaseStatus.GOOD_NEWS
    assert audit_actions()[-2:] == ["case.published", "case.good_news"]
    # And back to a draft, taking it off the site (a safety measure, say).
    organiser.post(f"/admin/content/cases/{case.id}/edit", data=case_form(status="draft"))
    assert _case(db).status is CaseStatus.DRAFT
    assert audit_actions()[-1] == "case.unpublished"


def test_a_draft_cannot_be_closed(db, organiser, client, audit_actions):
    case = CaseFactory(draft=True)
    db.session.commit()
    response = organiser.post(f"/admin/content/cases/{case.id}/close")
    assert response.status_code == 303
    page = organiser.get(response.location).get_data(as_text=True)
    assert "This case is a draft, so there is nothing to close" in page
    assert _case(db, case.slug).status is CaseStatus.DRAFT
    assert client.get(f"/cases/{case.slug}").status_code == 404
    assert audit_actions() == []


def test_missing_rows_are_not_found(organiser):
    assert organiser.get("/admin/content/cases/999/edit").status_code == 404
    assert organiser.get("/admin/content/cases/999/preview").status_code == 404
    assert organiser.post("/admin/content/cases/999/publish").status_code == 404
    assert organiser.get("/admin/content/targets/999/edit").status_code == 404


def test_preview_shows_what_a_published_page_will_offer(db, organiser):
    from tests.factories import LetterTemplateFactory

    case = CaseFactory(draft=True, story="Hello **world**")
    TargetFactory(case=case, name="Minister Ana Ruiz")
    LetterTemplateFactory(case=case)
    PetitionFactory(case=case, draft=True, title="Free them (draft)")
    db.session.commit()
    page = organiser.get(f"/admin/content/cases/{case.id}/preview").get_data(as_text=True)
    assert "<p>Hello <strong>world</strong></p>" in page
    assert "Minister Ana Ruiz" in page
    assert "Free them (draft)" in page
    assert "Write a letter" in page
    assert "not public" in page


# Targets.


def target_form(**overrides) -> dict:
    form = {
        "name": "Minister Ana Ruiz",
        "title": "Minister of the Interior",
        "salutation": "Dear Minister,",
        "address": "Ministry of the Interior\r\nAvenida Central 1",
        "country": "MX",
        "language": "es",
    }
    form.update(overrides)
    return form


def test_targets_are_added_edited_and_removed_on_the_case(db, organiser, audit_actions):
    case = CaseFactory()
    TargetFactory(case=case, name="First")
    db.session.commit()
    response = organiser.post(f"/admin/content/cases/{case.id}/targets/new", data=target_form())
    assert response.status_code == 303
    assert response.location == f"/admin/content/cases/{case.id}/edit#targets"
    db.session.expire_all()
    target = db.session.scalars(db.select(Target).where(Target.name == "Minister Ana Ruiz")).one()
    assert target.case_id == case.id and target.position == 1
    assert target.address == "Ministry of the Interior\nAvenida Central 1"

    edited = organiser.post(
        f"/admin/content/targets/{target.id}/edit", data=target_form(title="Minister of Justice")
    )
    assert edited.status_code == 303
    db.session.expire_all()
    assert db.session.get(Target, target.id).title == "Minister of Justice"

    page = organiser.get(f"/admin/content/cases/{case.id}/edit").get_data(as_text=True)
    assert "Minister of Justice" in page

    assert organiser.post(f"/admin/content/targets/{target.id}/remove").status_code == 303
    db.session.expire_all()
    assert db.session.get(Target, target.id) is None
    assert audit_actions() == ["target.created", "target.updated", "target.removed"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"language": "english"}, "Please give a language code such as en, es, fa or pt-BR."),
        ({"language": "qq"}, "We do not know the language code “qq”."),
        ({"country": ""}, "Please choose the country."),
        ({"address": ""}, "Please give the postal address."),
        ({"salutation": ""}, "Please give the salutation"),
        ({"address": "Office 🏠 12\nᱚ Street"}, "“🏠” (House building), “ᱚ” (Ol chiki letter la)"),
    ],
)
def test_an_invalid_target_is_refused(db, organiser, audit_actions, overrides, message):
    case = CaseFactory()
    db.session.commit()
    response = organiser.post(
        f"/admin/content/cases/{case.id}/targets/new", data=target_form(**overrides)
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.query(Target).count() == 0
    assert audit_actions() == []


def test_a_target_a_petition_or_a_letter_is_addressed_to_stays(db, organiser, audit_actions):
    petition = PetitionFactory(title="Free them")
    addressed = TargetFactory(case=petition.case, name="Addressed")
    petition.target = addressed
    written_to = TargetFactory(case=petition.case, name="Written to")
    LetterFactory(case=petition.case, target=written_to)
    db.session.commit()
    for target, message in (
        (addressed, "The petition “Free them” is addressed to Addressed."),
        (written_to, "1 letter is addressed to Written to, who therefore stays listed"),
    ):
        response = organiser.post(f"/admin/content/targets/{target.id}/remove")
        assert message in organiser.get(response.location).get_data(as_text=True)
        db.session.expire_all()
        assert db.session.get(Target, target.id) is not None
    assert audit_actions() == []
