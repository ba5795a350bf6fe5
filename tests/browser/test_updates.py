"""What happened since, as a reader meets it: the home page's good news, a case's updates
and /updates, on a phone and a desktop, in English and in French (issue 18)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from webapp.models import CaseUpdate, CaseUpdateText, UpdateKind, utcnow

pytestmark = pytest.mark.browser


def _publish(db, case_slug: str) -> None:
    from webapp.models import Case

    case = db.session.scalar(db.select(Case).where(Case.slug == case_slug))
    db.session.add_all(
        [
            CaseUpdate(
                case=case,
                kind=UpdateKind.RELEASED,
                happened_on=date(2026, 11, 30),
                language="en",
                title="Leyla is free",
                body="She walked out of prison **this morning**. Thank you for every letter.",
                published_at=utcnow(),
                texts=[
                    CaseUpdateText(
                        language="fr", title="Leyla est libre", body="Elle est sortie ce matin."
                    )
                ],
            ),
            CaseUpdate(
                case=case,
                kind=UpdateKind.AUTHORITY_RESPONSE,
                happened_on=date(2026, 9, 15),
                language="en",
                title="The Judiciary acknowledged your letters",
                body="A first answer, after months of silence.",
                published_at=utcnow(),
            ),
        ]
    )
    db.session.commit()
    db.session.remove()


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_a_reader_finds_the_good_news_and_what_happened_since(journeys, site, committed_db, locale):
    _publish(committed_db, site.case_slug)
    reader = journeys("reader", locale=locale)
    page = reader.page
    french = locale.startswith("fr")
    free = "Leyla est libre" if french else "Leyla is free"

    page.goto("/")
    good_news = page.locator(".good-news")
    assert free in good_news.inner_text()
    reader.check("home-good-news")

    good_news.get_by_role("link", name=site.case_name, exact=True).click()
    updates = page.locator("#updates-title + .update, .updates .update")
    assert updates.first.locator(".update__title").inner_text() == free
    # Newest first; the answer has no French text: shown in English, marked and said so.
    answer = page.locator(".updates .update").nth(1)
    assert answer.locator("[lang=en] .update__title").inner_text() == (
        "The Judiciary acknowledged your letters"
    )
    assert answer.locator(".update__note").count() == (1 if french else 0)
    reader.check("case-updates")

    page.goto("/updates")
    assert page.locator(".update").count() == 2
    reader.check("updates")


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_organiser_emails_an_update_and_a_reader_unsubscribes_in_one_click(
    journeys, site, staff, committed_db, mailbox
):
    """Written with a photo, published, counted, tested, sent and followed on the page;
    then the email's link stops the rest (issue 18, items 1, 3 and 4)."""
    from tests.browser.pages import log_in
    from tests.factories import SignatureFactory
    from webapp.models import Petition
    from webapp.updates.mailings import send_due_mailings

    petition = committed_db.session.scalar(
        committed_db.select(Petition).where(Petition.slug == site.petition_slug)
    )
    for email in ("ana@example.org", "ben@example.org"):
        SignatureFactory(petition=petition, email=email, opt_in=True, confirmed=True)
    committed_db.session.commit()
    committed_db.session.remove()

    organiser = journeys("mailing")
    page = organiser.page
    page.goto("/account/login")
    log_in(page, staff.organiser)
    # Written, illustrated and published through the organiser's pages.
    page.goto("/admin/updates/")
    page.get_by_label("Write an update on").select_option(label=site.case_name)
    page.get_by_role("button", name="Write an update").click()
    page.get_by_label("Kind", exact=True).select_option(label="Good news: released")
    page.get_by_label("Date", exact=True).fill("2026-11-30")
    page.get_by_role("textbox", name="Language").fill("en")
    page.get_by_label("Title", exact=True).fill("Leyla is free")
    page.get_by_role("textbox", name="What happened").fill(
        "She walked out of prison **this morning**."
    )
    page.get_by_role("button", name="Save the draft").click()
    page.locator("#photo-file").set_input_files(
        {"name": "gate.png", "mimeType": "image/png", "buffer": _png()}
    )
    page.get_by_label("Description of the photo").fill("Leyla at the prison gate")
    page.get_by_role("button", name="Upload the photo").click()
    expect(page.get_by_role("img", name="Leyla at the prison gate")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("The update is published.")).to_be_visible()
    page.get_by_role("button", name="Count the recipients").click()
    expect(page.get_by_text("2 people will get this email.")).to_be_visible()
    organiser.check("mailing-counted")
    page.get_by_role("button", name="Send me a test").click()
    page.get_by_role("button", name="Send to 2 people").click()
    send_due_mailings()
    committed_db.session.remove()
    page.reload()
    progress = page.locator(".mailing-progress")
    expect(progress.locator("dt:text-is('Sent') + dd")).to_have_text("2")
    expect(progress.locator("dt:text-is('Still queued') + dd")).to_have_text("0")
    organiser.check("mailing-sent")

    [unsubscribe] = [link for link in mailbox("ana@example.org") if "/unsubscribe/" in link]
    assert len(mailbox("olu@org.example")) >= 1  # the test email reached the organiser
    reader = journeys("unsubscribe", javascript=False)
    reader.page.goto(unsubscribe)
    reader.check("unsubscribe")
    reader.page.get_by_role("button", name="Stop all update emails").click()
    assert reader.page.get_by_role("heading", level=1).inner_text() == (
        "You will get no more update emails"
    )
    reader.check("unsubscribed")
