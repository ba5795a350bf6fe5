"""An organiser, in Chromium: writes a case in the content pages, publishes it with a
petition, sees it public, and downloads the petition's counts. At a phone's width and a
desktop's."""

from __future__ import annotations

import csv
import io
import re

from playwright.sync_api import expect

from tests.browser.pages import log_in
from tests.factories import SignatureFactory
from webapp.models import Petition, utcnow


def test_an_organiser_publishes_a_case_and_exports_its_counts(journeys, staff, committed_db):
    organiser = journeys("organiser")
    page = organiser.page
    page.goto("/account/login")
    log_in(page, staff.organiser)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    organiser.check("dashboard")

    page.get_by_role("navigation", name="Organisation").get_by_role("link", name="Content").click()
    organiser.check("content")
    page.get_by_role("link", name="Write a new case").click()
    organiser.check("new-case")
    page.get_by_label("Name", exact=True).fill("Rina Santos")
    page.get_by_label("Address (slug)", exact=True).fill("rina-santos")
    page.get_by_label("Country", exact=True).select_option("PH")
    page.get_by_label("Headline", exact=True).fill("A nurse held for helping protesters")
    page.get_by_label("Story", exact=True).fill(
        "Rina treated injured protesters.\n\nShe has been held without charge since."
    )
    page.get_by_label("What we ask", exact=True).fill("Release Rina Santos now.")
    page.get_by_role("button", name="Save the case").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rina Santos")
    organiser.check("draft-case")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("The case is published.")
    organiser.check("published-case")

    page.get_by_role("link", name="Write a petition for this case").click()
    organiser.check("new-petition")
    page.get_by_label("Title", exact=True).fill("Free Rina Santos")
    page.get_by_label("Address (slug)", exact=True).fill("free-rina")
    page.get_by_label("Text", exact=True).fill("We ask you to release Rina Santos.")
    page.get_by_label("Goal", exact=True).fill("500")
    page.get_by_label("Status", exact=True).select_option("open")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_have_text("“Free Rina Santos” is saved.")
    organiser.check("petitions")

    visitor = journeys("visitor").page  # anyone, not logged in
    visitor.goto("/cases/rina-santos")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Rina Santos")
    expect(visitor.get_by_role("button", name="Sign the petition")).to_be_visible()

    # Meanwhile a supporter signs and confirms.
    petition = committed_db.session.execute(
        committed_db.select(Petition).filter_by(slug="free-rina")
    ).scalar_one()
    SignatureFactory(petition=petition, confirmed=True, confirmed_at=utcnow(), country="BR")
    committed_db.session.commit()
    committed_db.session.remove()

    page.get_by_role("navigation", name="Organisation").get_by_role("link", name="Exports").click()
    organiser.check("exports")
    content = organiser.download(
        page.get_by_role("link", name=re.compile("^CSV.*signatures per country, Free Rina")).click
    )
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert [(row["petition_slug"], row["country"], row["signatures"]) for row in rows] == [
        ("free-rina", "BR", "1")
    ]
