"""The public pages: home, issue areas and cases, with the seeded demo content."""

from __future__ import annotations

import re

import pytest

from tests.factories import (
    CaseFactory,
    LetterFactory,
    PetitionFactory,
    SignatureFactory,
    TargetFactory,
)
from webapp.campaigns.demo_content import DEMO_CASES, ISSUE_AREAS
from webapp.campaigns.services import seed_demo_content
from webapp.models import CaseStatus, LetterStatus, PetitionStatus
from webapp.petitions.services import recount


@pytest.fixture
def seeded(db):
    seed_demo_content()
    return db


def test_home_shows_the_eight_issue_areas_with_their_facts(client, seeded):
    page = client.get("/").get_data(as_text=True)
    assert len(ISSUE_AREAS) == 8
    for area in ISSUE_AREAS:
        assert area["name"].replace("&", "&amp;") in page
        assert area["facts"][0].replace("&", "&amp;").replace("'", "&#39;") in page


def test_home_shows_the_featured_cases_only(client, seeded):
    page = client.get("/").get_data(as_text=True)
    for case in DEMO_CASES:
        link = f'href="/cases/{case["slug"]}"'
        assert (link in page) == case["featured"], case["slug"]


def test_every_demo_case_page_has_the_person_the_ask_the_authority_and_the_petition(client, seeded):
    for case in DEMO_CASES:
        response = client.get(f"/cases/{case['slug']}")
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert f"<h1>{case['name']}</h1>" in page
        assert f'src="/static/{case["photo"]}"' in page
        assert case["targets"][0]["title"].replace("&", "&amp;") in page
        assert "Sign the petition" in page
        # No signature yet: an invitation, not a count of zero and an empty bar.
        assert "Be the first to sign." in page and "<progress" not in page


def test_an_issue_area_page_lists_its_cases(client, seeded):
    case = DEMO_CASES[0]
    page = client.get(f"/issues/{case['issue_area']}").get_data(as_text=True)
    assert f'href="/cases/{case["slug"]}"' in page
    assert client.get("/issues/nope").status_code == 404


def _case_page_after_signing(client, petition, signatures: int) -> str:
    """The petition's case page once this many more signatures are confirmed."""
    SignatureFactory.create_batch(signatures, petition=petition, confirmed=True)
    recount([petition.id])
    return client.get(f"/cases/{petition.case.slug}").get_data(as_text=True)


def test_case_page_shows_count_and_progress(client, db):
    page = _case_page_after_signing(client, PetitionFactory(goal=4), 3)
    assert "3 signatures of a goal of 4" in page
    assert re.search(r'<progress max="4" value="3"', page)


def test_a_count_too_small_for_the_bar_says_what_is_needed_in_words(client, db):
    """2 of 1,000 would be a bar a hair wide (an empty outline): words instead."""
    petition = PetitionFactory(goal=1000)
    page = _case_page_after_signing(client, petition, 2)
    assert "2 signatures of a goal of 1,000" in page
    assert "Help us reach 1,000." in page and "<progress" not in page
    page = _case_page_after_signing(client, petition, 8)
    assert re.search(r'<progress max="1000" value="10"', page)  # 1 %: the bar shows


def test_case_page_names_its_authorities(client, db):
    target = TargetFactory(name="Minister Ana Ruiz", title="Minister of the Interior")
    PetitionFactory(case=target.case, target=target)
    page = client.get(f"/cases/{target.case.slug}").get_data(as_text=True)
    assert "Minister Ana Ruiz" in page and "Minister of the Interior" in page


def test_draft_cases_are_not_found(client, db):
    case = CaseFactory(draft=True)
    assert client.get(f"/cases/{case.slug}").status_code == 404
    assert f"/cases/{case.slug}" not in client.get("/").get_data(as_text=True)


def test_user_text_is_escaped(client, db):
    case = CaseFactory(name="<script>alert(1)</script>", story="<img src=x onerror=alert(1)>")
    PetitionFactory(case=case)
    page = client.get(f"/cases/{case.slug}").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_the_cases_page_lists_every_public_case_and_no_draft(client, seeded):
    draft = CaseFactory(slug="draft-case", status=CaseStatus.DRAFT)
    page = client.get("/cases").get_data(as_text=True)
    for case in DEMO_CASES:
        assert f'href="/cases/{case["slug"]}"' in page, case["slug"]
    assert f'href="/cases/{draft.slug}"' not in page
    assert '<a href="/cases">Cases</a>' in client.get("/").get_data(as_text=True)


def test_home_totals_appear_once_worth_showing_and_add_up_the_case_counts(client, db, app):
    first, second = PetitionFactory(status=PetitionStatus.OPEN), PetitionFactory()
    SignatureFactory.create_batch(3, petition=first, confirmed=True)
    SignatureFactory.create_batch(2, petition=second, confirmed=True)
    SignatureFactory(petition=second)  # pending: not counted
    LetterFactory.create_batch(2, case=first.case, status=LetterStatus.POSTED)
    LetterFactory(case=second.case, status=LetterStatus.PRINTED)
    recount([first.id, second.id])

    app.config["HOME_TOTALS_MIN"] = 10
    page = client.get("/").get_data(as_text=True)
    assert "What supporters did together" not in page  # 5 signatures: not yet

    app.config["HOME_TOTALS_MIN"] = 2
    page = " ".join(client.get("/").get_data(as_text=True).split())
    assert "<strong>5</strong> signatures" in page
    assert "<strong>3</strong> letters written" in page
    assert "<strong>2</strong> letters posted" in page
    # The same figures the case pages show, added up.
    for petition, shown in ((first, "3 signatures"), (second, "2 signatures")):
        case_page = client.get(f"/cases/{petition.case.slug}").get_data(as_text=True)
        assert f"{shown} of a goal of" in case_page
