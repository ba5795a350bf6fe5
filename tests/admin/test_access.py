"""Who may open each route of the organisation's side, tried from the outside.

The routes are read from the app's URL map: every rule under /admin, its children's
(content, exports, moderation, delivery) included, each method, each choice of an
`any(...)` part. A route added later is walked too, with no list to update: anonymous
visitors are sent to log in, teachers get a 403, organisers get a 403 on the routes for
admins alone (ADMIN_ONLY) and get in everywhere else, and so do admins. Real rows stand
behind every id, so a refusal is about the role, not a missing row, and a refused visitor
who had been let through would have changed something the checks below would see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from tests.factories import (
    CaseFactory,
    ClassroomFactory,
    IssueAreaFactory,
    LetterTemplateFactory,
    PetitionFactory,
    SignatureFactory,
    TargetFactory,
)
from webapp import create_app
from webapp.config import TestingConfig
from webapp.models import (
    AuditEvent,
    Case,
    CaseStatus,
    CaseUpdate,
    CaseUpdateText,
    ClassroomTally,
    DeliveryPack,
    Invitation,
    JobStatus,
    LetterKind,
    Signature,
    SignatureStatus,
    TallyReview,
    Target,
    UpdateKind,
    UserRole,
    utcnow,
)

# The routes only admins may use: users, invitations and the audit log.
ADMIN_ONLY = {
    "admin.users",
    "admin.invite",
    "admin.revoke_invitation",
    "admin.change_role",
    "admin.disable",
    "admin.enable",
    "admin.audit_log",
}
# Enough for any form under /admin to pass, were the visitor let through.
HOSTILE_FORM = {
    "slug": "taken-over",
    "name": "Taken over",
    "title": "Taken over",
    "status": "published",
    "alt": "x",
    "role": "admin",
    "email": "x@y.org",
    "domain": "example.org",
    "expected_count": "1",
}
# With a space: no random token in a page (CSRF, stamps) can hold it by chance, as a
# bare "Ada" once did in base64.
SIGNER = "Ada Quillfeather"
# Content's routes, as its own list named them before the walk replaced it.
CONTENT_ROUTES = {
    ("GET", "/admin/content/"),
    ("GET", "/admin/content/issue-areas"),
    ("GET", "/admin/content/issue-areas/new"),
    ("POST", "/admin/content/issue-areas/new"),
    ("GET", "/admin/content/issue-areas/{area_id}/edit"),
    ("POST", "/admin/content/issue-areas/{area_id}/edit"),
    ("GET", "/admin/content/cases"),
    ("GET", "/admin/content/cases/new"),
    ("POST", "/admin/content/cases/new"),
    ("GET", "/admin/content/cases/{case_id}/edit"),
    ("POST", "/admin/content/cases/{case_id}/edit"),
    ("GET", "/admin/content/cases/{case_id}/preview"),
    ("POST", "/admin/content/cases/{case_id}/publish"),
    ("POST", "/admin/content/cases/{case_id}/close"),
    ("POST", "/admin/content/cases/{case_id}/photo"),
    ("POST", "/admin/content/cases/{case_id}/photo/remove"),
    ("GET", "/admin/content/cases/{case_id}/targets/new"),
    ("POST", "/admin/content/cases/{case_id}/targets/new"),
    ("GET", "/admin/content/targets/{target_id}/edit"),
    ("POST", "/admin/content/targets/{target_id}/edit"),
    ("POST", "/admin/content/targets/{target_id}/remove"),
    ("GET", "/admin/content/petitions"),
    ("GET", "/admin/content/petitions/new"),
    ("POST", "/admin/content/petitions/new"),
    ("GET", "/admin/content/petitions/{petition_id}/edit"),
    ("POST", "/admin/content/petitions/{petition_id}/edit"),
    ("GET", "/admin/content/cases/{case_id}/letters/new"),
    ("POST", "/admin/content/cases/{case_id}/letters/new"),
    ("GET", "/admin/content/letters/{template_id}/edit"),
    ("POST", "/admin/content/letters/{template_id}/edit"),
}


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    path: str  # ids as {case_id} and the like, filled from the rows fixture

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _admin_routes() -> list[Route]:
    """Every (endpoint, method, path) under /admin in the app's URL map."""
    app = create_app(TestingConfig)
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin"):
            continue
        paths = [rule.rule]
        # Each choice of an any(...) part: every export's kind and format is tried.
        while any("<any(" in path for path in paths):
            paths = [
                path.replace(found.group(0), choice.strip(" '\""), 1)
                for path in paths
                for found in [re.search(r"<any\(([^)]*)\):[^>]+>", path)]
                for choice in found.group(1).split(",")
            ]
        paths = [re.sub(r"<(?:\w+(?:\([^)]*\))?:)?(\w+)>", r"{\1}", path) for path in paths]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes += [Route(rule.endpoint, method, path) for path in paths]
    with app.app_context():
        from webapp.extensions import db

        db.engine.dispose()
    return sorted(routes, key=lambda route: (route.path, route.method))


ROUTES = _admin_routes()


@pytest.fixture
def rows(db, people) -> dict[str, int]:
    """A row behind every id an /admin route takes, committed so that a view's rollback
    keeps them. A route with an id of a new kind fails until one is added here."""
    area = IssueAreaFactory()
    case = CaseFactory(issue_area=area, draft=True)
    target = TargetFactory(case=case)
    petition = PetitionFactory(case=case, target=target)
    SignatureFactory(petition=petition, confirmed=True, confirmed_at=utcnow(), full_name=SIGNER)
    template = LetterTemplateFactory(case=case)
    invitation = Invitation(
        email="invited@org.example", role=UserRole.ADMIN, invited_by_id=people["admin"].id
    )
    pdf = b"%PDF-1.7\n%%EOF\n"
    pack = DeliveryPack(
        petition=petition,
        status=JobStatus.DONE,
        pdf=pdf,
        pdf_size=len(pdf),
        total=1,
        done=1,
        # A pack that printed its signer list's SHA-256 (so that list can be downloaded).
        signers_sha256="0" * 64,
        last_signature_id=None,
    )
    classroom = ClassroomFactory(teacher=people["teacher"])
    tally = ClassroomTally(
        classroom=classroom, case=case, kind=LetterKind.APPEAL, reported=500, counted=0
    )
    tally.review = TallyReview.PENDING
    update = CaseUpdate(
        case=case,
        kind=UpdateKind.OTHER,
        happened_on=utcnow().date(),
        language="en",
        title="An update",
        body="What happened.",
        texts=[CaseUpdateText(language="fr", title="Une actualité", body="Ce qui est arrivé.")],
    )
    db.session.add_all([invitation, pack, tally, update])
    db.session.commit()
    return {
        "area_id": area.id,
        "case_id": case.id,
        "target_id": target.id,
        "petition_id": petition.id,
        "template_id": template.id,
        "invitation_id": invitation.id,
        # The account a refused visitor would most like to change: the organiser's own.
        "user_id": people["organiser"].id,
        "pack_id": pack.id,
        "tally_id": tally.id,
        "update_id": update.id,
        "language": "fr",
    }


def _open(browser, route: Route, rows: dict[str, int]):
    try:
        path = route.path.format(**rows)
    except KeyError as missing:
        pytest.fail(f"{route}: give the rows fixture a row for {missing}")
    return browser.open(path, method=route.method, data=HOSTILE_FORM)


def _sent_to_log_in(response) -> bool:
    return response.status_code == 302 and response.location.startswith("/account/login?next=")


def _nothing_changed(db, people, rows) -> None:
    """What a refused visitor would have changed, had they been let through."""
    db.session.expire_all()
    assert db.session.query(AuditEvent).count() == 0
    assert db.session.get(Case, rows["case_id"]).status is CaseStatus.DRAFT
    assert db.session.query(Case).filter_by(slug="taken-over").count() == 0
    assert db.session.get(Target, rows["target_id"]) is not None
    assert [s.status for s in db.session.query(Signature)] == [SignatureStatus.CONFIRMED]
    assert [(i.id, i.revoked_at) for i in db.session.query(Invitation)] == [
        (rows["invitation_id"], None)
    ]
    for name, role in (("organiser", UserRole.ORGANISER), ("teacher", UserRole.TEACHER)):
        db.session.refresh(people[name])
        assert people[name].role is role and people[name].is_active


def test_the_walk_finds_every_child_and_every_route_once_listed():
    """The walk is the URL map; this pins that it reaches what the hand-written lists of
    content, exports and users did, so no route silently drops out of it."""
    paths = {(route.method, route.path) for route in ROUTES}
    assert len(ROUTES) >= 50
    for prefix in ("content", "exports", "moderation", "delivery"):
        assert any(path.startswith(f"/admin/{prefix}/") for _, path in paths), prefix
    # The routes the earlier hand-written lists named are all walked.
    assert {
        ("GET", "/admin/"),
        ("GET", "/admin/users"),
        ("POST", "/admin/users/invite"),
        ("POST", "/admin/invitations/{invitation_id}/revoke"),
        ("POST", "/admin/users/{user_id}/role"),
        ("POST", "/admin/users/{user_id}/disable"),
        ("POST", "/admin/users/{user_id}/enable"),
        ("GET", "/admin/audit"),
        ("GET", "/admin/exports/"),
        ("GET", "/admin/exports/counts/daily.csv"),
        ("GET", "/admin/exports/petitions/{petition_id}/counts/countries.json"),
        ("GET", "/admin/exports/petitions/{petition_id}/signatures.csv"),
        ("GET", "/admin/moderation/"),
        ("POST", "/admin/moderation/invalidate"),
        ("POST", "/admin/delivery/petitions/{petition_id}"),
        ("GET", "/admin/delivery/packs/{pack_id}/pack.pdf"),
    } <= paths
    assert CONTENT_ROUTES <= paths
    assert {route.endpoint for route in ROUTES} >= ADMIN_ONLY


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_anonymous_visitors_are_sent_to_log_in(client, db, people, rows, route):
    response = _open(client, route, rows)
    assert _sent_to_log_in(response), route
    assert SIGNER not in response.get_data(as_text=True)
    _nothing_changed(db, people, rows)


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_teachers_are_refused(db, people, rows, browser_for, route):
    response = _open(browser_for(people["teacher"]), route, rows)
    assert response.status_code == 403, route
    assert SIGNER not in response.get_data(as_text=True)
    _nothing_changed(db, people, rows)


def test_teachers_asking_for_emails_are_refused_too(db, people, rows, browser_for):
    teacher = browser_for(people["teacher"])
    url = f"/admin/exports/petitions/{rows['petition_id']}/signatures.csv?with_email=1"
    assert teacher.get(url).status_code == 403
    _nothing_changed(db, people, rows)


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_organisers_are_refused_only_what_is_for_admins(db, people, rows, browser_for, route):
    response = _open(browser_for(people["organiser"]), route, rows)
    if route.endpoint in ADMIN_ONLY:
        assert response.status_code == 403, route
        _nothing_changed(db, people, rows)
    elif route.method == "GET":
        assert response.status_code == 200, route
    else:
        assert response.status_code not in (401, 403) and response.status_code < 500, route
        assert not _sent_to_log_in(response), route


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_admins_get_in_everywhere(people, rows, browser_for, route):
    response = _open(browser_for(people["admin"]), route, rows)
    if route.method == "GET":
        assert response.status_code == 200, route
    else:
        assert response.status_code not in (401, 403) and response.status_code < 500, route
        assert not _sent_to_log_in(response), route


def test_the_admin_navigation_links_to_content(people, browser_for):
    page = browser_for(people["organiser"]).get("/admin/").get_data(as_text=True)
    assert 'href="/admin/content/"' in page
