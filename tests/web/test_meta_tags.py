"""Every public page says what it is to search engines and link previews (issue 15, item
5): a title that names the page (never "Write for Rights · Write for Rights"), a
description, one canonical address, Open Graph and Twitter card tags with absolute
addresses from BASE_URL (never from the address the request came in on), and an image
that is a 1200 × 630 PNG under 300 KB. Pages made for one visitor (their data, their
signing's next steps) carry the same tags but ask search engines not to index them."""

from __future__ import annotations

import io
from html.parser import HTMLParser

import pytest
from PIL import Image

from tests.factories import CaseFactory, IssueAreaFactory, LetterTemplateFactory, PetitionFactory

# Not the test client's host (localhost): the tags must come from BASE_URL.
BASE_URL = "https://w4r.example"


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "meta" and ("property" in found or "name" in found):
            self.meta[found.get("property") or found["name"]] = found.get("content", "")
        elif tag == "link" and found.get("rel") == "canonical":
            self.links["canonical"] = found["href"]
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _head(client, path: str, **headers) -> _Head:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, path
    head = _Head()
    head.feed(response.get_data(as_text=True))
    return head


@pytest.fixture
def site(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", BASE_URL)
    area = IssueAreaFactory(slug="freedom-of-expression", name="Freedom of expression")
    case = CaseFactory(
        slug="leyla-ahmadi",
        name="Leyla Ahmadi",
        issue_area=area,
        headline="Student sentenced to six years in prison for a poem",
        ask="Release Leyla now & drop all charges.",
        photo_path="img/cases/leyla-ahmadi.svg",
        takes_cards=True,
    )
    LetterTemplateFactory(case=case)
    LetterTemplateFactory(case=case, card=True)
    PetitionFactory(case=case, slug="free-leyla", title="Free Leyla Ahmadi")
    PetitionFactory(case=None, slug="end-the-death-penalty", title="End the death penalty")
    db.session.commit()
    return case


PUBLIC_PAGES = [
    "/",
    "/cases",
    "/cases/leyla-ahmadi",
    "/issues/freedom-of-expression",
    "/updates",
    "/cases/leyla-ahmadi/write/appeal",
    "/cases/leyla-ahmadi/write/card",
    "/petitions/end-the-death-penalty",
    "/petitions/free-leyla/check-your-email",
    "/petitions/free-leyla/thank-you",
    "/join",
    "/account/login",
    "/classrooms/lesson-plan",
    "/privacy",
    "/my-data",
]
# The steps after signing, for one visitor alone (where their email went, their
# thanks): a pasted address still has its preview, but search engines are asked to
# leave them out.
NOT_INDEXED = {"/petitions/free-leyla/check-your-email", "/petitions/free-leyla/thank-you"}


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_has_its_title_description_canonical_and_preview(client, site, path):
    head = _head(client, path)
    name = "Write for Rights"
    assert head.title.strip() and head.title.count(name) == 1, head.title
    assert len(head.meta["description"]) > 30
    assert head.links["canonical"] == BASE_URL + path
    # The same address with a query (a language choice, a campaign tag) is one page.
    assert _head(client, path + "?utm_source=x").links["canonical"] == BASE_URL + path
    meta = head.meta
    assert meta.get("robots") == ("noindex" if path in NOT_INDEXED else None)
    assert meta["og:url"] == head.links["canonical"]
    assert meta["og:title"] and meta["og:title"] in head.title
    assert meta["og:description"] == meta["description"]
    assert meta["og:site_name"] == name and meta["og:type"] in ("website", "article")
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == meta["og:image"]
    assert meta["og:image:alt"] and meta["twitter:image:alt"] == meta["og:image:alt"]
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image"].startswith(BASE_URL + "/")
    image = client.get(meta["og:image"].removeprefix(BASE_URL))
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert len(image.data) < 300_000
    with Image.open(io.BytesIO(image.data)) as picture:
        assert picture.size == (1200, 630)


def test_the_case_page_describes_the_case_and_shows_its_own_image(client, site):
    meta = _head(client, "/cases/leyla-ahmadi").meta
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Leyla Ahmadi"
    assert meta["description"].startswith("Student sentenced to six years in prison for a poem.")
    assert "Release Leyla now & drop all charges." in meta["description"]
    assert meta["og:image"].startswith(BASE_URL + "/cases/leyla-ahmadi/share/en/")
    assert (
        meta["og:image:alt"] == "Leyla Ahmadi: Student sentenced to six years in prison for a poem"
    )
    # A French reader's preview has a French frame, at an address of its own.
    french = _head(client, "/cases/leyla-ahmadi", **{"Accept-Language": "fr"}).meta
    assert french["og:image"].startswith(BASE_URL + "/cases/leyla-ahmadi/share/fr/")


def test_the_home_page_title_names_it_once(client, site):
    head = _head(client, "/")
    assert head.title == "Write letters and sign petitions for people at risk · Write for Rights"
    assert head.meta["og:image"].startswith(BASE_URL + "/share/en/")
