"""Every content route, tried from the outside: anonymous visitors are sent to log in,
teachers are refused, organisers and admins get in."""

from __future__ import annotations

import pytest

from webapp.models import AuditEvent, Case

ROUTES = [
    ("GET", "/admin/content/"),
    ("GET", "/admin/content/issue-areas"),
    ("GET", "/admin/content/issue-areas/new"),
    ("POST", "/admin/content/issue-areas/new"),
    ("GET", "/admin/content/issue-areas/1/edit"),
    ("POST", "/admin/content/issue-areas/1/edit"),
    ("GET", "/admin/content/cases"),
    ("GET", "/admin/content/cases/new"),
    ("POST", "/admin/content/cases/new"),
    ("GET", "/admin/content/cases/1/edit"),
    ("POST", "/admin/content/cases/1/edit"),
    ("GET", "/admin/content/cases/1/preview"),
    ("POST", "/admin/content/cases/1/publish"),
    ("POST", "/admin/content/cases/1/close"),
    ("POST", "/admin/content/cases/1/photo"),
    ("POST", "/admin/content/cases/1/photo/remove"),
    ("GET", "/admin/content/cases/1/targets/new"),
    ("POST", "/admin/content/cases/1/targets/new"),
    ("GET", "/admin/content/targets/1/edit"),
    ("POST", "/admin/content/targets/1/edit"),
    ("POST", "/admin/content/targets/1/remove"),
    ("GET", "/admin/content/petitions"),
    ("GET", "/admin/content/petitions/new"),
    ("POST", "/admin/content/petitions/new"),
    ("GET", "/admin/content/petitions/1/edit"),
    ("POST", "/admin/content/petitions/1/edit"),
    ("GET", "/admin/content/cases/1/letters/new"),
    ("POST", "/admin/content/cases/1/letters/new"),
    ("GET", "/admin/content/letters/1/edit"),
    ("POST", "/admin/content/letters/1/edit"),
]
# Enough for any of the forms above to pass, were the visitor let through.
HOSTILE_FORM = {
    "slug": "taken-over",
    "name": "Taken over",
    "title": "Taken over",
    "status": "published",
    "alt": "x",
}


def test_the_list_covers_every_content_route(app):
    """A route added later without being listed here fails this test."""
    listed = {(method, path.replace("/1/", "/<id>/")) for method, path in ROUTES}
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin.content."):
            path = rule.rule
            for name in ("area_id", "case_id", "target_id", "petition_id", "template_id"):
                path = path.replace(f"<int:{name}>", "<id>")
            found |= {(method, path) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert found == listed


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_anonymous_visitors_are_sent_to_log_in(client, db, method, path):
    response = client.open(path, method=method, data=HOSTILE_FORM)
    assert response.status_code == 302
    assert response.location.startswith("/account/login?next=")
    assert db.session.query(AuditEvent).count() == 0


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_teachers_are_refused(db, people, browser_for, method, path):
    from tests.factories import CaseFactory, LetterTemplateFactory, PetitionFactory, TargetFactory

    # Real rows behind the ids, so a refusal is about the role, not a missing row.
    case = CaseFactory(draft=True)
    TargetFactory(case=case)
    PetitionFactory(case=case)
    LetterTemplateFactory(case=case)
    db.session.commit()
    teacher = browser_for(people["teacher"])
    response = teacher.open(path.replace("/1/", f"/{case.id}/"), method=method, data=HOSTILE_FORM)
    assert response.status_code == 403
    assert db.session.query(AuditEvent).count() == 0
    db.session.refresh(case)
    assert case.status.value == "draft"
    assert db.session.query(Case).filter_by(slug="taken-over").count() == 0


PAGES = [path for method, path in ROUTES if method == "GET"]


@pytest.mark.parametrize("role", ["organiser", "admin"])
def test_organisers_and_admins_open_every_page(db, people, browser_for, role):
    from tests.factories import (
        CaseFactory,
        IssueAreaFactory,
        LetterTemplateFactory,
        PetitionFactory,
        TargetFactory,
    )

    area = IssueAreaFactory()
    case = CaseFactory(issue_area=area, draft=True)
    target = TargetFactory(case=case)
    petition = PetitionFactory(case=case, target=target)
    template = LetterTemplateFactory(case=case)
    db.session.commit()
    ids = {
        "issue-areas": area.id,
        "cases": case.id,
        "targets": target.id,
        "petitions": petition.id,
        "letters": template.id,
    }
    browser = browser_for(people[role])
    for path in PAGES:
        for prefix, row_id in ids.items():
            path = path.replace(f"/{prefix}/1/", f"/{prefix}/{row_id}/")
        response = browser.get(path)
        assert response.status_code == 200, path


def test_the_admin_navigation_links_to_content(people, browser_for):
    page = browser_for(people["organiser"]).get("/admin/").get_data(as_text=True)
    assert 'href="/admin/content/"' in page
