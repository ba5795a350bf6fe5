"""Moderation from the outside: who may open it, the preview, invalidating, bad input."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import PetitionFactory
from tests.moderation.conftest import DAY
from webapp.models import AuditEvent, Signature, SignatureDailyCount, SignatureStatus
from webapp.petitions.rollups import refresh_daily_counts
from webapp.petitions.services import signature_counts

PREVIEW = "/admin/moderation/?domain=spam.test"
ROUTES = [
    ("GET", "/admin/moderation/"),
    ("GET", PREVIEW),
    ("POST", "/admin/moderation/invalidate"),
]


def _text(response) -> str:
    return " ".join(html.unescape(response.get_data(as_text=True)).split())


def _words(response) -> str:
    """The page's text without tags, spaces folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html.unescape(response.get_data(as_text=True))).split())


def _hidden_inputs(response) -> dict[str, str]:
    """The invalidation form's fields, as a browser would send them."""
    form = re.search(
        r'<form method="post" action="/admin/moderation/invalidate".*?</form>',
        response.get_data(as_text=True),
        re.S,
    ).group(0)
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form)
    }


def _statuses(db) -> dict[str, SignatureStatus]:
    db.session.expire_all()
    return {row.email: row.status for row in db.session.scalars(select(Signature))}


def _events(db) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


@pytest.fixture
def spam(db, sign):
    """Two petitions: three confirmed and one pending signature from spam.test on the
    first, one on the second, and a real signer on each; committed, roll-up built."""
    first = PetitionFactory(title="Free Leyla")
    second = PetitionFactory(title="Free Omar")
    sign(first, "real@example.org", name="Grace Hopper")
    sign(first, "bot1@spam.test", name="Bot One", country="FR")
    sign(first, "bot2@spam.test", name="Bot Two", at=DAY + timedelta(hours=1))
    sign(first, "bot3@SPAM.test", name="Bot Three", at=DAY + timedelta(hours=2))
    sign(first, "bot4@spam.test", name="Bot Four", confirm=False)
    sign(second, "bot5@spam.test", name="Bot Five")
    sign(second, "real2@example.org", name="Ada Lovelace")
    refresh_daily_counts(DAY.date() - timedelta(days=1))
    db.session.commit()
    return first, second


# Who may open it -------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_anonymous_visitors_get_the_login_page(db, client, spam, method, path):
    response = client.open(path, method=method, data={"domain": "spam.test", "expected_count": 5})
    assert response.status_code == 302
    assert response.location.startswith("/account/login?next=")
    assert SignatureStatus.INVALIDATED not in _statuses(db).values()


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_teachers_are_refused(db, people, browser_for, spam, method, path):
    teacher = browser_for(people["teacher"])
    response = teacher.open(path, method=method, data={"domain": "spam.test", "expected_count": 5})
    assert response.status_code == 403
    assert SignatureStatus.INVALIDATED not in _statuses(db).values()
    assert _events(db) == []


@pytest.mark.parametrize("role", ["organiser", "admin"])
def test_organisers_and_admins_open_the_page(people, browser_for, role):
    browser = browser_for(people[role])
    page = browser.get("/admin/moderation/")
    assert page.status_code == 200
    assert "<h1>Moderation</h1>" in _text(page)
    assert 'aria-current="page">Moderation</a>' in _text(page)
    assert browser.get(PREVIEW).status_code == 200


def test_invalidating_needs_the_forms_csrf_token(app, db, people, browser_for, spam, monkeypatch):
    organiser = browser_for(people["organiser"])
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)

    forged = organiser.post(
        "/admin/moderation/invalidate", data={"domain": "spam.test", "expected_count": "5"}
    )
    assert forged.status_code == 400
    assert SignatureStatus.INVALIDATED not in _statuses(db).values()

    sent = _hidden_inputs(organiser.get(PREVIEW))
    assert sent["csrf_token"]
    assert organiser.post("/admin/moderation/invalidate", data=sent).status_code == 303
    assert sum(s is SignatureStatus.INVALIDATED for s in _statuses(db).values()) == 5


# The preview -----------------------------------------------------------------------------


def test_the_bare_page_shows_the_filter_and_no_preview(people, browser_for):
    page = browser_for(people["organiser"]).get("/admin/moderation/")
    text = _text(page)
    assert '<form method="get" action="/admin/moderation/"' in text
    for label in (
        "Petition",
        "Email domain",
        "Signed from (UTC)",
        "Signed before (UTC)",
        "Source",
        "Signer's name",
        "Only names signed at least this many times on one petition",
    ):
        assert f">{label}</label>" in text
    assert "signatures match" not in _words(page)
    assert "/admin/moderation/invalidate" not in text


def test_the_preview_counts_the_matching_signatures_and_shows_a_sample(
    db, people, browser_for, spam
):
    first, _ = spam
    organiser = browser_for(people["organiser"])

    page = organiser.get(PREVIEW)

    assert page.status_code == 200
    words = _words(page)
    assert "5 signatures match" in words
    assert "4 confirmed (counted now), 1 pending." in words
    assert "Free Leyla 3 1 4" in words and "Free Omar 1 0 1" in words
    assert "Bot Three spam.test United Kingdom confirmed Free Leyla" in words
    assert "Mar 1, 2025, 2:00 PM" in words  # in the reader's language (here English)
    assert "@spam.test" not in words and "bot1" not in words  # domains, never addresses
    assert "Grace Hopper" not in words
    assert "Invalidate these 5 signatures" in words
    assert _hidden_inputs(page) == {"domain": "spam.test", "expected_count": "5"}

    one = _words(organiser.get(f"{PREVIEW}&petition={first.slug}&status=confirmed"))
    assert "3 signatures match" in one and "Invalidate these 3 signatures" in one


@pytest.mark.parametrize(
    ("query", "matches"),
    [
        ("since=2025-03-01T13:00&until=2025-03-01T14:00", 1),
        ("since=2025-03-01T13:00", 2),
        ("until=2025-03-01 13:00", 5),  # a space instead of the T, as some people type it
        ("source=WEB&status=pending", 1),
        ("name=bot+one", 1),
        ("name=BOT&name_match=contains", 5),
        ("name=bot&name_match=contains&repeated=2", 0),
        ("domain=spam.test&petition=&subdomains=y&name=&repeated=", 5),
    ],
)
def test_the_preview_matches_by_window_source_and_name(people, browser_for, spam, query, matches):
    page = browser_for(people["organiser"]).get(f"/admin/moderation/?{query}")
    assert page.status_code == 200
    if matches:
        found = f"{matches} signatures match" if matches > 1 else "1 signature matches"
        assert found in _words(page)
    else:
        assert "0 signatures match" in _words(page)
        assert "nothing to invalidate" in _words(page)
        assert "/admin/moderation/invalidate" not in _text(page)


# Invalidating ----------------------------------------------------------------------------


def test_invalidating_takes_the_signatures_out_of_the_counts_and_is_audited(
    db, people, browser_for, spam
):
    first, second = spam
    organiser = browser_for(people["organiser"])
    sent = _hidden_inputs(organiser.get(f"{PREVIEW}&petition={first.slug}"))

    response = organiser.post("/admin/moderation/invalidate", data=sent)

    assert response.status_code == 303
    assert response.location == f"/admin/moderation/?petition={first.slug}&domain=spam.test"
    after = organiser.get(response.location)
    words = _words(after)
    assert "4 signatures invalidated. They no longer count" in words
    assert "0 signatures match" in words

    assert signature_counts([first.id, second.id]) == {first.id: 1, second.id: 2}
    statuses = _statuses(db)
    assert {email for email, s in statuses.items() if s is SignatureStatus.INVALIDATED} == {
        "bot1@spam.test",
        "bot2@spam.test",
        "bot3@SPAM.test",
        "bot4@spam.test",
    }
    assert statuses["bot5@spam.test"] is SignatureStatus.CONFIRMED
    rolled = db.session.scalars(select(SignatureDailyCount))
    assert {(row.petition_id, row.day, row.country): row.count for row in rolled} == {
        (first.id, DAY.date(), "GB"): 1,
        (second.id, DAY.date(), "GB"): 2,
    }
    [event] = _events(db)
    assert event.action == "moderation.invalidated"
    assert event.actor_email == people["organiser"].email
    assert event.details["count"] == 4 and event.details["confirmed"] == 3

    dashboard = _words(organiser.get("/admin/"))
    assert "3 confirmed signatures" in dashboard  # 1 on the first petition, 2 on the second


def test_invalidating_is_refused_when_the_count_changed_since_the_preview(
    db, people, browser_for, spam, sign
):
    first, _ = spam
    organiser = browser_for(people["organiser"])
    sent = _hidden_inputs(organiser.get(PREVIEW))
    sign(first, "bot6@spam.test")  # arrives while the organiser reads the preview
    db.session.commit()

    response = organiser.post("/admin/moderation/invalidate", data=sent)

    assert response.status_code == 409
    words = _words(response)
    assert "Nothing was changed" in words
    assert "changed since your preview: 6 now, not 5. Nothing was invalidated." in words
    assert "6 signatures match" in words and "Invalidate these 6 signatures" in words
    assert _hidden_inputs(response)["expected_count"] == "6"
    assert SignatureStatus.INVALIDATED not in _statuses(db).values()
    assert signature_counts([first.id]) == {first.id: 5}
    assert _events(db) == []


# Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("since=yesterday", "Please enter a date and time in UTC, like 2025-03-01T14:30."),
        ("until=2025-02-30T10:00", "Please enter a date and time in UTC, like 2025-03-01T14:30."),
        (
            "since=2025-03-02T10:00&until=2025-03-01T10:00",
            "The end of the window must be after its start.",
        ),
        ("since=2025-03-01T10:00&until=2025-03-01T10:00", "The end of the window must be after"),
        ("domain=spam.test&petition=no-such-petition", "Please choose a petition from the list."),
        ("domain=bot@spam.test", "Please enter a domain like mailinator.com"),
        ("domain=https://spam.test/", "Please enter a domain like mailinator.com"),
        ("domain=spam.test&status=invalidated", "Please choose which signatures from the list."),
        ("name=Bot&name_match=regex", "Please choose how the name matches from the list."),
        ("repeated=1", "Please enter a number of 2 or more."),
        ("repeated=many", "Please enter a whole number, like 3."),
        ("name=Bot%09One", "Please remove the special characters"),
        ("petition=&status=confirmed", "Please choose at least one thing to match"),
        ("domain=&name=&source=", "Please choose at least one thing to match"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(
    db, people, browser_for, spam, query, message
):
    organiser = browser_for(people["organiser"])

    preview = organiser.get(f"/admin/moderation/?{query}")
    assert preview.status_code == 422
    assert message in _words(preview)
    assert 'role="alert"' in _text(preview)
    assert "/admin/moderation/invalidate" not in _text(preview)

    posted = dict(pair.split("=", 1) for pair in query.replace("%09", "\t").split("&"))
    posted["expected_count"] = "5"
    attempt = organiser.post("/admin/moderation/invalidate", data=posted)
    assert attempt.status_code == 422
    assert message in _words(attempt)

    assert SignatureStatus.INVALIDATED not in _statuses(db).values()
    assert _events(db) == []
    assert db.session.scalar(select(func.count()).select_from(SignatureDailyCount)) == 3


def test_a_filter_the_service_refuses_is_the_pages_problem_not_a_fields(
    db, people, browser_for, spam
):
    organiser = browser_for(people["organiser"])
    message = "Please choose at least one thing to match"

    preview = _words(organiser.get("/admin/moderation/?petition=&status=confirmed"))
    assert f"Please check the filter {message}" in preview
    assert "Please check the form" not in preview

    attempt = organiser.post(
        "/admin/moderation/invalidate", data={"status": "confirmed", "expected_count": "5"}
    )
    assert attempt.status_code == 422
    assert f"Nothing was changed {message}" in _words(attempt)
    assert "Please check the form" not in _words(attempt)
    assert _events(db) == []


@pytest.mark.parametrize("expected_count", ["", "-1", "five"])
def test_an_invalidation_without_a_sound_previewed_count_is_refused(
    db, people, browser_for, spam, expected_count
):
    organiser = browser_for(people["organiser"])
    response = organiser.post(
        "/admin/moderation/invalidate",
        data={"domain": "spam.test", "expected_count": expected_count},
    )
    assert response.status_code == 422
    assert "Please preview again." in _words(response)
    assert SignatureStatus.INVALIDATED not in _statuses(db).values()
    assert _events(db) == []
