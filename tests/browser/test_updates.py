"""What happened since, as a reader meets it: the home page's good news, a case's updates
and /updates, on a phone and a desktop, in English and in French (issue 18)."""

from __future__ import annotations

from datetime import date

import pytest

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
