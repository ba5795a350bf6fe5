"""Writing, translating and publishing case updates, through the organiser's pages; and
everyone else kept out of them (issue 18)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.factories import CaseFactory
from webapp.models import CaseStatus, CaseUpdate


def update_form(**overrides) -> dict:
    return {
        "kind": "released",
        "happened_on": "2026-11-30",
        "language": "en",
        "title": "Leyla is free",
        "body": "Leyla walked out of prison **this morning**. Thank you for every letter.",
    } | overrides


def _only_update(db) -> CaseUpdate:
    db.session.expire_all()
    [update] = db.session.scalars(db.select(CaseUpdate)).all()
    return update


def test_an_organiser_writes_translates_previews_and_publishes_good_news(
    db, organiser, client, audit_actions
):
    case = CaseFactory(name="Leyla Ahmadi", slug="leyla")
    db.session.commit()

    response = organiser.post(f"/admin/updates/new/{case.id}", data=update_form())
    assert response.status_code == 303
    update = _only_update(db)
    assert update.published_at is None
    # A draft is nowhere public.
    assert "Leyla is free" not in client.get("/cases/leyla").get_data(as_text=True)
    assert "Leyla is free" not in client.get("/updates").get_data(as_text=True)

    response = organiser.post(
        f"/admin/updates/{update.id}/texts/new",
        data={"language": "fr", "title": "Leyla est libre", "body": "Leyla est sortie de prison."},
    )
    assert response.status_code == 303
    preview = organiser.get(f"/admin/updates/{update.id}/preview?language=fr")
    assert preview.status_code == 200
    assert "Leyla est libre" in preview.get_data(as_text=True)
    assert preview.headers["X-Robots-Tag"] == "noindex"

    page = organiser.get(f"/admin/updates/{update.id}/edit").get_data(as_text=True)
    assert "Mark the case as good news" in page
    response = organiser.post(f"/admin/updates/{update.id}/publish", data={"mark_good_news": "y"})
    assert response.status_code == 303
    update = _only_update(db)
    assert update.published_at is not None
    assert update.case.status is CaseStatus.GOOD_NEWS
    assert audit_actions() == [
        "update.created",
        "update.translated",
        "update.published",
        "case.good_news",
    ]
    assert "Leyla is free" in client.get("/cases/leyla").get_data(as_text=True)


def test_publishing_without_the_box_keeps_the_case_status(db, organiser):
    case = CaseFactory()
    db.session.commit()
    organiser.post(f"/admin/updates/new/{case.id}", data=update_form(kind="response"))
    update = _only_update(db)
    organiser.post(f"/admin/updates/{update.id}/publish", data={})
    assert _only_update(db).case.status is CaseStatus.PUBLISHED


def test_a_draft_cases_update_cannot_be_published(db, organiser):
    case = CaseFactory(draft=True)
    db.session.commit()
    organiser.post(f"/admin/updates/new/{case.id}", data=update_form())
    update = _only_update(db)
    response = organiser.post(f"/admin/updates/{update.id}/publish", follow_redirects=True)
    assert "Publish the case first" in response.get_data(as_text=True)
    assert _only_update(db).published_at is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Please give the update a title."),
        ({"body": ""}, "Please write what happened."),
        ({"kind": "rumour"}, "Please choose a kind of update from the list."),
        ({"language": "English"}, "Please give a language code such as en, es, fa or pt-BR."),
        ({"happened_on": "yesterday"}, "Please enter a date such as 2026-12-04."),
        (
            {"happened_on": (date.today() + timedelta(days=2)).isoformat()},
            "The date cannot be in the future.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(db, organiser, overrides, message):
    case = CaseFactory()
    db.session.commit()
    response = organiser.post(f"/admin/updates/new/{case.id}", data=update_form(**overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.query(CaseUpdate).count() == 0


def test_withdrawing_takes_it_off_every_page_and_only_drafts_can_be_removed(db, organiser, client):
    case = CaseFactory(slug="tomas")
    db.session.commit()
    organiser.post(f"/admin/updates/new/{case.id}", data=update_form(title="Charges dropped"))
    update = _only_update(db)
    organiser.post(f"/admin/updates/{update.id}/publish", data={})
    assert "Charges dropped" in client.get("/updates.atom").get_data(as_text=True)

    refused = organiser.post(f"/admin/updates/{update.id}/remove", follow_redirects=True)
    assert "Withdraw the update before removing it." in refused.get_data(as_text=True)
    organiser.post(f"/admin/updates/{update.id}/withdraw")
    assert "Charges dropped" not in client.get("/updates.atom").get_data(as_text=True)
    assert "Charges dropped" not in client.get("/cases/tomas").get_data(as_text=True)
    assert organiser.post(f"/admin/updates/{update.id}/remove").status_code == 303
    assert db.session.query(CaseUpdate).count() == 0


@pytest.mark.parametrize("who", ["anonymous", "teacher"])
def test_nobody_else_reaches_the_organisers_pages(db, people, browser_for, app, who):
    case = CaseFactory()
    update = CaseUpdate(
        case=case, kind="other", happened_on=date(2026, 1, 1), language="en", title="T", body="B"
    )
    db.session.add(update)
    db.session.commit()
    browser = app.test_client() if who == "anonymous" else browser_for(people["teacher"])
    expected = 302 if who == "anonymous" else 403
    for method, path in [
        ("get", "/admin/updates/"),
        ("get", f"/admin/updates/new/{case.id}"),
        ("post", f"/admin/updates/new/{case.id}"),
        ("get", f"/admin/updates/{update.id}/edit"),
        ("get", f"/admin/updates/{update.id}/preview"),
        ("post", f"/admin/updates/{update.id}/publish"),
        ("post", f"/admin/updates/{update.id}/withdraw"),
        ("post", f"/admin/updates/{update.id}/remove"),
        ("get", f"/admin/updates/{update.id}/texts/new"),
    ]:
        response = getattr(browser, method)(path, data=update_form())
        assert response.status_code == expected, (method, path)
    db.session.expire_all()
    assert db.session.get(CaseUpdate, update.id).published_at is None
