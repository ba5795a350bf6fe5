"""Arabic, the interface's fourth language, right to left (issue 20, item 4): in a real
browser whose language is Arabic, pages say dir="rtl" and mirror (the sign box beside the
person on the other side, the progress bar filling from the right, text starting at the
right edge), with no sideways scrolling on a phone and no serious accessibility violation;
a form refused reads its errors in Arabic."""

from __future__ import annotations

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.pages import DESKTOP, PHONE, Journey
from webapp.campaigns.services import seed_demo_content
from webapp.models import Petition, PetitionCountShard


@pytest.fixture
def demo(committed_db):
    seed_demo_content()
    first = committed_db.session.scalars(
        committed_db.select(Petition).order_by(Petition.id)
    ).first()
    committed_db.session.add(PetitionCountShard(petition_id=first.id, shard=0, count=6000))
    committed_db.session.commit()
    slug = first.case.slug
    committed_db.session.remove()
    return slug


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=lambda s: f"{s['width']}")
def test_an_arabic_reader_gets_every_page_right_to_left(chromium, live_server, demo, screen):
    journey = Journey(chromium, live_server, "rtl", screen, locale="ar")
    try:
        page = journey.page
        page.goto("/")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("html")).to_have_attribute("lang", "ar")
        journey.check("home")

        # The header mirrored: the site's name at the right.
        brand = page.locator(".site-header a").first.bounding_box()
        assert brand["x"] + brand["width"] / 2 > screen["width"] / 2

        page.goto(f"/cases/{demo}")
        journey.check("case")
        heading = page.locator("h1").bounding_box()
        assert heading["x"] + heading["width"] > screen["width"] * 0.6  # starts at the right
        # The form mirrored: its first field's label right of the form's centre.
        form = page.locator("#sign form").bounding_box()
        label = page.locator("#sign form label").first.bounding_box()
        assert label["x"] + label["width"] / 2 > form["x"] + form["width"] / 2
        if screen is DESKTOP:
            # The sign box stands beside the person, on the left in Arabic.
            story = page.locator(".case__main").bounding_box()
            sign = page.locator(".case__action").bounding_box()
            assert sign["x"] < story["x"]
        # 6,000 of 20,000: the bar's right end is filled, its left end empty.
        bar = Image.open(__import__("io").BytesIO(page.locator("progress").first.screenshot()))
        bar = bar.convert("L")
        middle = bar.height // 2
        assert bar.getpixel((bar.width - 8, middle)) < 100
        assert bar.getpixel((8, middle)) > 150

        # A refused form speaks Arabic, its summary first.
        page.locator("#sign").get_by_role("button").last.click()
        summary = page.locator(".error-summary")
        expect(summary).to_be_visible()
        assert summary.evaluate("e => getComputedStyle(e).direction") == "rtl"
        assert "Please" not in summary.inner_text()
        journey.check("sign-refused")
    finally:
        journey.close()
