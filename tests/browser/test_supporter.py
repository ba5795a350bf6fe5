"""A supporter, in Chromium: finds a case, signs its petition, confirms from the email a
real SMTP server received, then writes a letter, previews it and downloads its PDF. By
mouse, by keyboard alone, and without JavaScript; at a phone's width and a desktop's."""

from __future__ import annotations

import re
import time

import pytest
from babel.support import Translations
from playwright.sync_api import expect

from tests.browser.pages import DESKTOP, PHONE, focus, pdf_text, wait_out_fill_time
from webapp.config import TRANSLATIONS_DIR


def _count(page):
    """The petition's count, in the status region that announces its changes."""
    return page.get_by_role("status").filter(has_text="of a goal of")


def _sign_and_confirm(supporter, site, mailbox, email: str) -> None:
    page = supporter.page
    page.goto("/")
    supporter.check("home")
    page.get_by_role("link", name=site.case_name, exact=True).click()
    expect(page).to_have_url(re.compile(f"/cases/{site.case_slug}$"))
    expect(page.get_by_role("status").filter(has_text="Be the first")).to_have_text(
        "Be the first to sign."
    )
    shown = time.monotonic()  # the form is on the page: the time to fill it in starts
    supporter.check("case")
    page.get_by_label("Full name", exact=True).fill("Ada Lovelace")
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Country", exact=True).select_option("GB")
    page.get_by_label("Email me updates about this and other cases").check()
    wait_out_fill_time(shown)
    page.get_by_role("button", name="Sign the petition").click()
    page.wait_for_url(f"**/petitions/{site.petition_slug}/check-your-email")
    supporter.check("check-your-email")

    [link] = [link for link in mailbox(email) if "/confirm/" in link]
    page.goto(link)
    supporter.check("confirm")
    page.get_by_role("button", name="Confirm my signature").click()
    page.wait_for_url(f"**/petitions/{site.petition_slug}/thank-you")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you: your signature is confirmed"
    )
    expect(_count(page)).to_have_text("1 signature of a goal of 1,000")
    supporter.check("confirmed")


def _write_and_print(supporter, site) -> None:
    page = supporter.page
    # The thank-you page's next step: the letter, to the person the petition asks.
    page.get_by_role("link", name="Write to Dr. Hossein Karimi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Write a letter for {site.case_name}"
    )
    shown = time.monotonic()
    supporter.check("compose")
    page.get_by_label("Your name", exact=True).fill("Ada Lovelace")
    page.get_by_label("Your town or city", exact=True).fill("Marlow")
    page.get_by_label("Your country", exact=True).select_option("GB")
    page.get_by_label("Paper size", exact=True).select_option("a4")
    letter = page.get_by_label("Your letter", exact=True)
    expect(letter).to_have_value(re.compile(re.escape(site.letter_start)))
    letter.press("Control+End")
    letter.type("\n\nI write to you from Marlow, in England.")
    wait_out_fill_time(shown)
    page.get_by_role("button", name="Preview my letter").click()
    page.wait_for_url(re.compile(r"/letters/[^/]+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your letter for {site.case_name}")
    expect(page.get_by_role("img", name=re.compile("Page 1 of"))).to_be_visible()
    supporter.check("preview")

    pdf = supporter.download(page.get_by_role("link", name="Download the PDF").click)
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "Ada Lovelace" in text and "Marlow" in text
    assert site.letter_start in text and "I write to you from Marlow, in England." in text
    # The letter is all the PDF holds; the steps (with this page's private address) are a
    # page of their own, one link away (issue 17).
    assert "Before you post" not in text and "/letters/" not in text
    page.get_by_role("link", name="How to fold and post it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Before you post your letter")
    expect(page.get_by_text("two short marks on its left edge")).to_be_visible()
    supporter.check("before-you-post")


def test_a_supporter_signs_confirms_and_prints_a_letter(journeys, site, mailbox):
    supporter = journeys("supporter")
    _sign_and_confirm(supporter, site, mailbox, "ada@example.org")
    _write_and_print(supporter, site)


def test_without_javascript_a_supporter_signs_confirms_and_prints_a_letter(journeys, site, mailbox):
    """No proof of work is solved: the form is taken without one (under a stricter limit)."""
    supporter = journeys("no-javascript", javascript=False)
    _sign_and_confirm(supporter, site, mailbox, "grace@example.org")
    _write_and_print(supporter, site)


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["1280"])
def test_signing_works_by_keyboard_alone_with_focus_always_visible(journeys, site, mailbox):
    supporter = journeys("keyboard")
    page = supporter.page
    page.goto(f"/cases/{site.case_slug}")
    shown = time.monotonic()
    unmarked = []

    def tab(times: int = 1) -> dict:
        for _ in range(times):
            page.keyboard.press("Tab")
            focused = focus(page)
            if not focused["visible"]:
                unmarked.append(focused["element"])
        return focused

    # From the top of the page, through the links before the form, to its first field.
    for _ in range(40):
        if tab()["element"] == "input#full_name":
            break
    else:
        raise AssertionError("Tab never reached the name field")
    page.keyboard.type("Ada Lovelace")
    assert tab()["element"] == "input#email"
    page.keyboard.type("ada@example.org")
    assert tab()["element"] == "select#country"
    page.keyboard.type("United Kingdom")  # a select picks the option typed
    expect(page.locator("#country")).to_have_value("GB")
    assert tab()["element"] == "input#opt_in"
    page.keyboard.press("Space")
    expect(page.locator("#opt_in")).to_be_checked()
    # The button comes straight after the box; the consent text and its privacy link
    # follow it (read out as the button's description).
    assert tab()["element"] == "button"
    expect(page.locator(":focus")).to_have_attribute("aria-describedby", "consent-text")
    expect(page.locator(":focus")).to_have_text("Sign the petition")
    supporter.check("focus-on-sign")
    wait_out_fill_time(shown)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/petitions/{site.petition_slug}/check-your-email")
    assert unmarked == []

    [link] = [link for link in mailbox("ada@example.org") if "/confirm/" in link]
    page.goto(link)
    for _ in range(40):
        if tab()["element"] == "button":
            break
    expect(page.locator(":focus")).to_have_text("Confirm my signature")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/petitions/{site.petition_slug}/thank-you")
    assert unmarked == []


@pytest.mark.parametrize("viewport", [PHONE], ids=["360"])
def test_signing_errors_are_announced_and_tied_to_their_fields(journeys, site):
    supporter = journeys("errors")
    page = supporter.page
    page.goto(f"/cases/{site.case_slug}")
    shown = time.monotonic()
    page.get_by_label("Email address", exact=True).fill("not an address")
    wait_out_fill_time(shown)
    page.get_by_role("button", name="Sign the petition").click()
    page.wait_for_url(f"**/petitions/{site.petition_slug}/sign")

    summary = page.get_by_role("alert").filter(has_text="Please check the form")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # read out first, without looking for it
    for name, error in [
        ("full_name", "Please enter your name."),
        ("email", "Please enter a valid email address, like name@example.org."),
        ("country", "Please choose your country."),
    ]:
        field = page.locator(f"#{name}")
        expect(field).to_have_attribute("aria-invalid", "true")
        described = field.get_attribute("aria-describedby").split()
        messages = [page.locator(f"#{id}").inner_text() for id in described]
        assert any(error in message for message in messages), (name, messages)
        expect(summary.get_by_role("link", name=re.compile(re.escape(error)))).to_have_attribute(
            "href", f"#{name}-field"
        )
    # The tab's title says so first (issue 15, item 9).
    assert page.title().startswith("Error: ")
    supporter.check("errors")
    # Following a link brings the field's label and its message into view, and the focus
    # goes to the input, at 360 x 800.
    page.set_viewport_size({"width": 360, "height": 800})
    for name, label in [("country", "Country"), ("full_name", "Full name")]:
        page.evaluate("window.scrollTo(0, 0)")
        summary.get_by_role("link", name=re.compile(f"^{label}:")).click()
        expect(page.locator(f"#{name}")).to_be_focused()
        for part in (f"label[for={name}]", f"#{name}-error"):
            box = page.locator(part).bounding_box()
            assert box and 0 <= box["y"] and box["y"] + box["height"] <= 800, (part, box)


def _catalog(language: str):
    """The interface's texts in a language, as its catalog has them (not written here
    again: the test follows the translation, and fails if a page shows English)."""
    return Translations.load(TRANSLATIONS_DIR, [language]).gettext


@pytest.mark.parametrize("viewport", [PHONE], ids=["360"])
@pytest.mark.parametrize(
    ("language", "browser_language"),
    [("fr", None), ("es", "es-MX")],
    ids=["French from the picker", "Spanish from the browser"],
)
def test_a_supporter_signs_and_confirms_in_their_language(
    journeys, site, mailbox, language, browser_language
):
    t = _catalog(language)
    assert t("Sign the petition") != "Sign the petition"  # the catalog is there, and compiled
    supporter = journeys(f"in-{language}", locale=browser_language)
    page = supporter.page
    page.goto(f"/cases/{site.case_slug}")
    if browser_language is None:
        page.get_by_label("Language", exact=True).select_option(language)
        page.get_by_role("button", name="Change language").click()
        page.wait_for_url(f"**/cases/{site.case_slug}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    shown = time.monotonic()
    supporter.check("case")
    page.get_by_label(t("Full name"), exact=True).fill("Ada Lovelace")
    page.get_by_label(t("Email address"), exact=True).fill(f"ada-{language}@example.org")
    page.get_by_label(t("Country"), exact=True).select_option("GB")
    wait_out_fill_time(shown)
    page.get_by_role("button", name=t("Sign the petition")).click()
    page.wait_for_url(f"**/petitions/{site.petition_slug}/check-your-email")
    supporter.check("check-your-email")

    [link] = [link for link in mailbox(f"ada-{language}@example.org") if "/confirm/" in link]
    page.goto(link)
    page.get_by_role("button", name=t("Confirm my signature")).click()
    page.wait_for_url(f"**/petitions/{site.petition_slug}/thank-you")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Thank you: your signature is confirmed")
    )
    supporter.check("confirmed")
