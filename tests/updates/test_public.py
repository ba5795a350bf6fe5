"""What supporters see of case updates: the case page, the home page's good news, the
/updates page, the Atom feeds and the API, in their language where translated (issue 18)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from tests.factories import CaseFactory
from webapp.models import CaseUpdate, CaseUpdateText, UpdateKind, utcnow

ATOM = "{http://www.w3.org/2005/Atom}"


def publish(
    case,
    title,
    *,
    kind=UpdateKind.OTHER,
    day=date(2026, 11, 1),
    body="It happened.",
    published=True,
    language="en",
    texts=(),
):
    update = CaseUpdate(
        case=case,
        kind=kind,
        happened_on=day,
        language=language,
        title=title,
        body=body,
        published_at=utcnow() if published else None,
        texts=[CaseUpdateText(language=lang, title=t, body=b) for lang, t, b in texts],
    )
    return update


@pytest.fixture
def updates(db):
    case = CaseFactory(name="Leyla Ahmadi", slug="leyla")
    other = CaseFactory(name="Tomás Herrera", slug="tomas")
    hidden = CaseFactory(name="Not yet public", slug="draft-case", draft=True)
    db.session.add_all(
        [
            publish(
                case,
                "The Judiciary answered",
                kind=UpdateKind.AUTHORITY_RESPONSE,
                day=date(2026, 9, 15),
            ),
            publish(
                case,
                "Leyla is free",
                kind=UpdateKind.RELEASED,
                day=date(2026, 11, 30),
                body="She walked out **this morning** <script>alert(1)</script> & smiled.",
                texts=[("fr", "Leyla est libre", "Elle est sortie ce matin.")],
            ),
            publish(case, "A draft nobody sees", published=False),
            publish(
                other,
                "Charges dropped against Tomás",
                kind=UpdateKind.CHARGES_DROPPED,
                day=date(2026, 11, 20),
            ),
            publish(hidden, "An update on a draft case"),
        ]
    )
    db.session.commit()
    return case


def test_the_case_page_lists_its_published_updates_newest_first(client, updates):
    page = client.get("/cases/leyla").get_data(as_text=True)
    assert page.index("Leyla is free") < page.index("The Judiciary answered")
    assert "A draft nobody sees" not in page and "Charges dropped" not in page
    assert "<strong>this morning</strong>" in page
    assert "<script>alert(1)</script>" not in page
    assert 'type="application/atom+xml"' in page and "/cases/leyla/updates.atom" in page


def test_a_reader_gets_the_translation_or_the_original_marked_with_its_language(client, updates):
    french = client.get("/cases/leyla", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Leyla est libre" in french and "Leyla is free" not in french
    # No French text: the English original, marked as English, and said so.
    assert "The Judiciary answered" in french
    assert (
        '<div lang="en" dir="ltr">\n      <h3 class="update__title">The Judiciary answered'
        in french
    )


def test_the_home_page_shows_good_news_only(client, updates):
    page = client.get("/").get_data(as_text=True)
    assert "Good news" in page
    assert "Leyla is free" in page and "Charges dropped against Tomás" in page
    assert "The Judiciary answered" not in page  # an answer is news, not good news
    assert "An update on a draft case" not in page


def test_the_updates_page_lists_every_public_case(client, updates):
    page = client.get("/updates").get_data(as_text=True)
    for title in ("Leyla is free", "Charges dropped against Tomás", "The Judiciary answered"):
        assert title in page
    assert "A draft nobody sees" not in page and "An update on a draft case" not in page


def test_the_atom_feeds_parse_and_escape_their_content(client, updates):
    response = client.get("/updates.atom")
    assert response.content_type == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.data)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["Leyla is free", "Charges dropped against Tomás", "The Judiciary answered"]
    entry = next(feed.iter(f"{ATOM}entry"))
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html"
    # Escaped once in the XML, so a feed reader gets the sanitised HTML back.
    assert "<strong>this morning</strong>" in content.text and "<script>" not in content.text
    assert entry.find(f"{ATOM}link").get("href").startswith("http")
    assert entry.find(f"{ATOM}id").text.startswith("http://localhost/cases/leyla#update-")

    case_feed = ET.fromstring(client.get("/cases/leyla/updates.atom").data)
    assert [e.find(f"{ATOM}title").text for e in case_feed.iter(f"{ATOM}entry")] == [
        "Leyla is free",
        "The Judiciary answered",
    ]
    assert client.get("/cases/draft-case/updates.atom").status_code == 404


def test_the_api_lists_a_cases_updates_in_the_language_asked(client, updates):
    response = client.get("/api/v1/cases/leyla/updates?lang=fr")
    assert response.status_code == 200
    data = response.get_json()["data"]
    assert [(u["title"], u["language"], u["good_news"]) for u in data] == [
        ("Leyla est libre", "fr", True),
        ("The Judiciary answered", "en", False),
    ]
    assert data[0]["languages"] == ["en", "fr"]
    assert client.get("/api/v1/cases/draft-case/updates").status_code == 404
    document = client.get("/api/v1/openapi.json").get_json()
    assert "/cases/{slug}/updates" in document["paths"]
