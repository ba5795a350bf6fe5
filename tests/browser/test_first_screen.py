"""The first screen (issue 15, items 1 and 2): on every demo case page, at 1280x800,
1366x768 and 360x800, with and without JavaScript, in English and French, the person,
the ask and the Sign action are in view before any scrolling, with "Write a letter" and
"Send a solidarity card" visible beside it; the home page offers one primary action and
each case card an action of its own; the header's "Cases" reaches every public case.
Each case's first screen at 1280x800 and 360x800 is kept as a screenshot of the window
alone, first-screen-<slug>-<width>.png, for the record."""

from __future__ import annotations

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.pages import Journey
from webapp.campaigns.demo_content import DEMO_CASES
from webapp.campaigns.services import seed_demo_content
from webapp.models import Petition, PetitionCountShard

SCREENS = [
    {"width": 1280, "height": 800},
    {"width": 1366, "height": 768},
    {"width": 360, "height": 800},
]
# The widths whose first screens are kept (with scripts: without, the screen is the same).
KEPT_WIDTHS = (1280, 360)


@pytest.fixture
def demo(committed_db):
    """The demo cases (two of them not featured); one petition with a count large
    enough to draw its bar (the tallest form the sign box takes), the others with none."""
    seed_demo_content()
    first = committed_db.session.scalars(
        committed_db.select(Petition).order_by(Petition.id)
    ).first()
    committed_db.session.add(PetitionCountShard(petition_id=first.id, shard=0, count=2314))
    committed_db.session.commit()
    committed_db.session.remove()


def _in_first_screen(locator, screen: dict) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= screen["height"]


def _sign_action(page):
    """The Sign action the screen shows: the form's button where the form is in view (a
    wide screen), else the button that leads to it (a phone)."""
    jump = page.locator(".case__jump a")
    if jump.is_visible():
        return jump
    return page.locator("#sign").get_by_role("button", name="Sign the petition")


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s['width']}x{s['height']}")
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_every_case_page_shows_the_person_the_ask_and_sign_before_scrolling(
    chromium, live_server, demo, screen, javascript
):
    journey = Journey(chromium, live_server, "first-screen", screen, javascript=javascript)
    try:
        page = journey.page
        for case in DEMO_CASES:
            page.goto(f"/cases/{case['slug']}")
            where = f"{case['slug']} at {screen['width']}x{screen['height']}"
            assert _in_first_screen(page.get_by_role("heading", level=1), screen), where
            assert _in_first_screen(page.locator(".case__photo"), screen), where
            assert _in_first_screen(page.get_by_role("heading", name="What we ask"), screen), where
            sign = _sign_action(page)
            assert _in_first_screen(sign, screen), f"Sign is below the fold: {where}"
            for secondary in ("Write a letter", "Send a solidarity card"):
                link = page.get_by_role("link", name=secondary)
                if link.count():
                    assert _in_first_screen(link, screen), f"{secondary}: {where}"
                    # Secondary: outlined, not the filled primary style.
                    assert "button--primary" not in (link.get_attribute("class") or "")
            if javascript and screen["width"] in KEPT_WIDTHS:
                shot = journey.keep_first_screen(case["slug"])
                with Image.open(shot) as kept:
                    assert kept.size == (screen["width"], screen["height"]), shot
            journey.check(case["slug"])
        # On a phone the button takes the supporter to the form.
        if page.locator(".case__jump a").is_visible():
            page.locator(".case__jump a").click()
            expect(page.get_by_label("Full name", exact=True)).to_be_in_viewport()
    finally:
        journey.close()
    assert journey.outside == []


@pytest.mark.parametrize("screen", [SCREENS[1], SCREENS[2]], ids=["1366", "360"])
def test_the_sign_box_fits_the_first_screen_in_french_too(chromium, live_server, demo, screen):
    journey = Journey(chromium, live_server, "first-screen-fr", screen, locale="fr")
    try:
        page = journey.page
        for case in DEMO_CASES:
            page.goto(f"/cases/{case['slug']}")
            jump = page.locator(".case__jump a")
            sign = jump if jump.is_visible() else page.locator("#sign button[type=submit]")
            assert _in_first_screen(sign, screen), f"{case['slug']} in French"
        journey.check("case-fr")
    finally:
        journey.close()


@pytest.mark.parametrize("screen", [SCREENS[0], SCREENS[2]], ids=["1280", "360"])
def test_the_home_page_has_one_primary_action_and_every_card_one_of_its_own(
    chromium, live_server, demo, screen
):
    journey = Journey(chromium, live_server, "home-actions", screen)
    try:
        page = journey.page
        page.goto("/")
        primary = page.locator("main .button--primary")
        expect(primary).to_have_count(1)
        expect(primary).to_have_text("Sign for Leyla Ahmadi now")
        assert _in_first_screen(primary, screen)
        journey.check("home")
        cards = page.locator("#cases .card")
        expect(cards).to_have_count(sum(1 for case in DEMO_CASES if case.get("featured")))
        for index in range(cards.count()):
            card = cards.nth(index)
            name = card.get_by_role("heading").inner_text()
            action = card.locator(".card__action a")
            expect(action).to_have_text(f"Sign for {name}")
            # No bare zero shown as an achievement.
            expect(card).not_to_contain_text("0 signatures")
        # The primary action leads to the form.
        primary.click()
        expect(page).to_have_url(f"{live_server.url}/cases/leyla-ahmadi#sign")
        expect(page.get_by_label("Full name", exact=True)).to_be_in_viewport()

        # "Cases" in the header: every public case, the unfeatured ones too.
        page.goto("/")
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
        expect(page).to_have_url(f"{live_server.url}/cases")
        for case in DEMO_CASES:
            expect(page.get_by_role("heading", level=2, name=case["name"])).to_be_visible()
        assert not all(case.get("featured") for case in DEMO_CASES)
        journey.check("cases")
    finally:
        journey.close()
    assert journey.outside == []
