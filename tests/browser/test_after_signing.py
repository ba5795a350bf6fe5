"""In Chromium, with and without JavaScript, at a phone's width and a desktop's: the sign
form catches a typo in the email's domain, "Check your email" names the address and helps
(Send it again, Wrong address?), the composer says whom the letter goes to, and deleting a
letter asks first (issue 15, items 3, 6 and 7)."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.pages import wait_out_fill_time
from tests.factories import LetterFactory
from webapp.models import Case


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_typo_is_caught_and_check_your_email_helps(journeys, site, mailbox, javascript):
    supporter = journeys(f"typo-{'js' if javascript else 'nojs'}", javascript=javascript)
    page = supporter.page
    page.goto(f"/cases/{site.case_slug}")
    shown = time.monotonic()
    page.get_by_label("Full name", exact=True).fill("Ada Lovelace")
    page.get_by_label("Email address", exact=True).fill("ada@gmial.com")
    page.get_by_label("Country", exact=True).select_option("GB")
    wait_out_fill_time(shown)
    page.get_by_role("button", name="Sign the petition").click()

    hint = page.get_by_role("group", name="Did you mean ada@gmail.com?")
    expect(hint).to_be_visible()
    expect(hint.get_by_role("button", name="No, send to ada@gmial.com")).to_be_visible()
    supporter.check("typo-hint")
    hint.get_by_role("button", name="Yes, use ada@gmail.com").click()

    page.wait_for_url(f"**/petitions/{site.petition_slug}/check-your-email")
    assert "gmail" not in page.url
    expect(page.locator(".sent-to")).to_have_text("ada@gmail.com")
    supporter.check("check-your-email")
    page.get_by_role("button", name="Send it again").click()
    page.wait_for_url(f"**/petitions/{site.petition_slug}/check-your-email")
    expect(page.get_by_role("alert")).to_contain_text("sent again to ada@gmail.com")
    confirm_links = [link for link in mailbox("ada@gmail.com") if "/confirm/" in link]
    assert len(confirm_links) == 2 and len(set(confirm_links)) == 1  # the same link, again
    assert mailbox("ada@gmial.com") == []

    page.get_by_role("link", name="Wrong address? Sign again").click()
    expect(page.get_by_label("Full name", exact=True)).to_have_value("Ada Lovelace")
    expect(page.get_by_label("Email address", exact=True)).to_have_value("")
    supporter.check("sign-again")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_thank_you_page_confirms_and_leads_on(journeys, site, mailbox, javascript):
    supporter = journeys(f"thanks-{'js' if javascript else 'nojs'}", javascript=javascript)
    page = supporter.page
    email = f"grace-{'js' if javascript else 'nojs'}@example.org"
    page.goto(f"/cases/{site.case_slug}")
    shown = time.monotonic()
    page.get_by_label("Full name", exact=True).fill("Grace Hopper")
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Country", exact=True).select_option("US")
    wait_out_fill_time(shown)
    page.get_by_role("button", name="Sign the petition").click()
    page.wait_for_url(f"**/petitions/{site.petition_slug}/check-your-email")
    [link] = [link for link in mailbox(email) if "/confirm/" in link]
    page.goto(link)
    page.get_by_role("button", name="Confirm my signature").click()
    page.wait_for_url(f"**/petitions/{site.petition_slug}/thank-you")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you: your signature is confirmed"
    )
    expect(page.locator(".lead")).to_have_text(
        re.compile(r"You (are the first to sign|and \d+ others? (person )?have signed) for Leyla")
    )
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    expect(page.get_by_text("When the petition closes, we hand it")).to_contain_text(
        "Dr. Hossein Karimi"
    )
    case_url = page.get_by_label("The link", exact=True)
    expect(case_url).to_have_value(re.compile(f"/cases/{site.case_slug}$"))
    for service in ("WhatsApp", "Telegram", "Email", "Facebook", "X", "Bluesky"):
        expect(page.get_by_role("link", name=re.compile(f"^{service}\\b"))).to_be_visible()
    expect(page.get_by_label("For Signal or any other app: the message to copy")).to_have_value(
        re.compile("^Free Leyla Ahmadi\n.*/cases/leyla-ahmadi$")
    )
    copy = page.get_by_role("button", name="Copy link")
    if javascript:
        supporter.context.grant_permissions(["clipboard-read", "clipboard-write"])
        copy.click()
        expect(page.locator("[data-copy-status]")).to_have_text("Copied.")
        assert page.evaluate("navigator.clipboard.readText()").endswith(f"/cases/{site.case_slug}")
    else:
        expect(copy).to_be_hidden()  # nothing to press that would do nothing
    supporter.check("thank-you")

    page.get_by_role("link", name="Write to Dr. Hossein Karimi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a letter for Leyla Ahmadi")
    expect(page.locator(".letter-recipient:visible address")).to_contain_text("Dr. Hossein Karimi")
    supporter.check("composer-from-thanks")


def _letter_token(db) -> str:
    case = db.session.scalar(db.select(Case).where(Case.slug == "leyla-ahmadi"))
    letter = LetterFactory(case=case, target=case.targets[0])
    db.session.commit()
    token = letter.token
    db.session.remove()
    return token


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_composer_names_the_recipient_and_delete_asks_first(
    journeys, site, committed_db, javascript
):
    supporter = journeys(f"letter-{'js' if javascript else 'nojs'}", javascript=javascript)
    page = supporter.page
    page.goto(f"/cases/{site.case_slug}/write/appeal")
    recipient = page.locator(".letter-recipient:visible")
    expect(recipient).to_contain_text("Your letter goes to:")
    expect(recipient.locator("address")).to_contain_text("Dr. Hossein Karimi")
    expect(recipient.locator("address")).to_contain_text("Head of the Judiciary")
    expect(recipient).to_contain_text("Dear Minister,")
    expect(page.get_by_text("goes here")).to_have_count(0)
    supporter.check("composer-recipient")

    token = _letter_token(committed_db)
    page.goto(f"/letters/{token}")
    expect(page.get_by_role("button", name="Email me this link")).to_be_visible()
    page.get_by_role("link", name="Delete my letter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete this letter?")
    supporter.check("delete-confirmation")
    page.get_by_role("link", name="Keep it").click()
    expect(page).to_have_url(f"{page.url.split('/letters/')[0]}/letters/{token}")
    page.get_by_role("link", name="Delete my letter").click()
    page.get_by_role("button", name="Delete", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Your letter is deleted")
