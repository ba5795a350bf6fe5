"""Stories are Markdown, rendered safely: nothing an organiser (or whoever took over an
organiser's account) types can run a script on a supporter's phone."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.factories import CaseFactory
from webapp.campaigns.demo_content import DEMO_CASES
from webapp.campaigns.services import seed_demo_content
from webapp.utils.markdown import render_markdown, sanitise_html

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "[click me](javascript:alert(1))",
    "[click me](JaVaScRiPt:alert(1))",
    "[click me](  javascript:alert(1))",
    "[click me](vbscript:msgbox(1))",
    "[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<img src=x onerror=alert(1)>",
    '<a href="https://example.org" onclick="alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    '<div style="position:fixed">x</div>',
    "![x](https://evil.example/track.png)",
    "<svg onload=alert(1)>",
    '[x](https://example.org/"onmouseover="alert(1))',
]


SAFE_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "br"}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    """The elements a browser would build from this HTML, with their attributes."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.found


def assert_harmless(html: str) -> None:
    """Only the story's tags; no attributes but a link's address (http, https, mailto)."""
    for tag, attrs in elements(html):
        assert tag in SAFE_TAGS, tag
        if tag == "a":
            assert set(attrs) <= {"href", "rel"}, attrs
            assert attrs.get("href") is None or attrs["href"].startswith(
                ("http://", "https://", "mailto:")
            ), attrs
            assert attrs["rel"] == "nofollow noopener"
        else:
            assert attrs == {}, (tag, attrs)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_is_neutralised(text):
    assert_harmless(str(render_markdown(text)))


def test_raw_html_is_shown_as_text():
    assert str(render_markdown("<b>bold</b> and <em>em</em>")) == (
        "<p>&lt;b&gt;bold&lt;/b&gt; and &lt;em&gt;em&lt;/em&gt;</p>"
    )


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script><p>ok</p>",
        '<p><a href="javascript:alert(1)">x</a></p>',
        '<p><img src="x" onerror="alert(1)">x</p>',
        '<p onclick="alert(1)">x</p>',
        '<a href="/admin/users">x</a>',
    ],
)
def test_the_sanitiser_alone_also_refuses_what_the_renderer_would_not_make(html):
    """The second layer: were the renderer ever to let HTML through, nh3 still stops it."""
    cleaned = sanitise_html(html)
    assert_harmless(cleaned)
    assert "alert" not in cleaned and "/admin" not in cleaned


def test_markdown_a_story_needs_is_kept():
    text = (
        "## Who she is\n\nA *student* who writes **poems**.\n\n"
        "> Words are not crimes.\n\n- one\n- two\n\n1. first\n\n"
        "Read [her poem](https://example.org/poem) or [write](mailto:team@example.org).  \n"
        "New line."
    )
    html = str(render_markdown(text))
    for tag in ("<h2>", "<em>", "<strong>", "<blockquote>", "<ul>", "<ol>", "<li>", "<br>"):
        assert tag in html
    assert '<a href="https://example.org/poem" rel="nofollow noopener">her poem</a>' in html
    assert '<a href="mailto:team@example.org" rel="nofollow noopener">write</a>' in html


def test_headings_stay_under_the_page_title():
    assert str(render_markdown("# Big\n\n###### Small")) == "<h2>Big</h2>\n<h4>Small</h4>"


def test_links_to_this_site_s_paths_lose_their_address():
    assert "href" not in str(render_markdown("[log in](/account/login)"))


def test_plain_paragraphs_render_as_they_did():
    story = "First paragraph, with 'quotes'\nand a wrapped line.\n\nSecond paragraph."
    assert str(render_markdown(story)) == (
        "<p>First paragraph, with 'quotes'\nand a wrapped line.</p>\n<p>Second paragraph.</p>"
    )


def test_empty_story_renders_nothing():
    assert str(render_markdown("")) == ""


def test_the_seeded_stories_are_the_same_paragraphs_on_the_page(client, db):
    seed_demo_content()
    for data in DEMO_CASES:
        page = client.get(f"/cases/{data['slug']}").get_data(as_text=True)
        for paragraph in data["story"]:
            escaped = paragraph.replace("&", "&amp;").replace("<", "&lt;")
            assert f"<p>{escaped}</p>" in page, data["slug"]


def test_hostile_story_is_neutralised_on_the_public_page(client, db):
    story = "\n\n".join(HOSTILE) + "\n\nA [safe link](https://example.org)."
    case = CaseFactory(story=story)
    page = client.get(f"/cases/{case.slug}").get_data(as_text=True)
    # Inside its own block after its heading (the story itself holds no div).
    after_heading = page.split(">Their story</h2>", 1)[1]
    story_html = after_heading.split("<div", 1)[1].split(">", 1)[1].split("</div>", 1)[0]
    assert_harmless(story_html)
    assert '<a href="https://example.org" rel="nofollow noopener">safe link</a>' in story_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in story_html  # shown as text, not run
