"""The organiser's rules for issue areas, cases, targets and photos, called directly
(webapp.campaigns.services): a refusal is a CampaignError naming its form field. The pages
that call them are tested in tests/content/."""

from __future__ import annotations

import dataclasses

import pytest

from tests.factories import CaseFactory, IssueAreaFactory, TargetFactory
from webapp.campaigns.services import (
    CampaignError,
    CaseValues,
    IssueAreaValues,
    TargetValues,
    add_target,
    close_case,
    create_case,
    create_issue_area,
    set_case_photo,
    update_case,
)
from webapp.models import AuditEvent, Case, CaseStatus

CASE = CaseValues(
    slug="amina-diallo",
    name="Amina Diallo",
    country="SN",
    issue_area_id=None,
    headline="Journalist jailed for her reporting",
    story="Amina is a journalist.",
    ask="Release Amina now.",
    featured=False,
    solidarity_safe=False,
    sender_address_allowed=False,
    card_first_name_only=False,
    safety_notes="",
    card_address="",
    card_country="",
    classroom_min_age=0,
)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slug": "Amina Diallo"}, "slug"),
        ({"slug": "a" * 81}, "slug"),
        ({"issue_area_id": 999_999}, "issue_area_id"),
        ({"sender_address_allowed": True}, "sender_address_allowed"),
        ({"card_address": "PO Box 7"}, "card_country"),
    ],
)
def test_a_refused_case_names_its_field_and_nothing_is_saved(db, people, changes, field):
    with pytest.raises(CampaignError) as refused:
        create_case(people["organiser"], dataclasses.replace(CASE, **changes))
    assert refused.value.field == field
    assert db.session.query(Case).count() == 0
    assert db.session.query(AuditEvent).count() == 0


def test_a_slug_is_refused_only_when_another_row_has_it(db, people):
    case = CaseFactory(slug="amina-diallo")
    IssueAreaFactory(slug="refugees")
    assert update_case(people["organiser"], case, CASE) != []
    with pytest.raises(CampaignError, match="Another case already has") as refused:
        create_case(people["organiser"], CASE)
    assert refused.value.field == "slug"
    area = IssueAreaValues(slug="refugees", name="Refugees", summary="", facts=[], position=1)
    with pytest.raises(CampaignError, match="Another issue area already has"):
        create_issue_area(people["organiser"], area)


def test_a_draft_is_neither_closed_nor_created_closed(db, people):
    draft = CaseFactory(draft=True)
    with pytest.raises(CampaignError, match="nothing to close"):
        close_case(people["organiser"], draft)
    with pytest.raises(CampaignError) as refused:
        create_case(people["organiser"], CASE, CaseStatus.CLOSED)
    assert refused.value.field == "status"


def test_a_target_in_an_unknown_language_is_refused(db, people):
    case = TargetFactory().case
    values = TargetValues(
        name="Minister", title="", salutation="", address="", country="MX", language="xx-@@"
    )
    with pytest.raises(CampaignError, match="We do not know the language code") as refused:
        add_target(people["organiser"], case, values)
    assert refused.value.field == "language"


def test_an_upload_that_is_no_photo_is_refused_on_the_photo_field(db, people):
    case = CaseFactory()
    with pytest.raises(CampaignError, match="not a photo we can use") as refused:
        set_case_photo(people["organiser"], case, b"%PDF-1.7", "Amina")
    assert refused.value.field == "photo"
    with pytest.raises(CampaignError) as refused:
        set_case_photo(people["organiser"], case, b"%PDF-1.7", "  ")
    assert refused.value.field == "alt"
