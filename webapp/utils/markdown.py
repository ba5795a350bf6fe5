"""Organisers' Markdown, turned into HTML that is safe to put on a public page.

The one place that renders Markdown (as webapp.printing.pdf is the one place that calls
WeasyPrint): the public case page and the organisers' preview both go through it.
Two layers, so that one mistake is not enough for a script to reach a supporter:
markdown-it-py renders CommonMark with raw HTML switched off (a `<script>` in a story
comes out as text), then nh3 keeps only the handful of tags a story needs.
"""

from __future__ import annotations

from functools import cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {"p", "em", "strong", "a", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "br"}
)
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"
# The page's own title is the h1 and the story sits under an h2: headings in a story
# are kept between these levels, so "# Heading" does not compete with the person's name.
HEADING_LEVELS = (2, 4)


def _clamp_headings(state) -> None:
    low, high = HEADING_LEVELS
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(max(int(token.tag[1]), low), high)
            token.tag = f"h{level}"


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False})
    # Images would pull pictures from anywhere into the page; photos are uploaded instead.
    parser.disable("image")
    # Text pasted from a word processor is often indented: it is a paragraph, not code.
    parser.disable(["code", "fence"])
    parser.core.ruler.push("clamp_headings", _clamp_headings)
    return parser


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        # "*": none, not even ammonia's default title and lang on every tag.
        attributes={"a": {"href"}, "*": set()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        # Links go to other sites, never to a path on this one (no /admin/... look-alikes).
        url_relative="deny",
        link_rel=LINK_REL,
        strip_comments=True,
    )


def sanitise_html(html: str) -> str:
    """HTML reduced to the tags, attributes and link schemes a story may have."""
    return _cleaner().clean(html)


def render_markdown(text: str | None) -> Markup:
    """A story written in Markdown, as sanitised HTML ready for a template."""
    if not text:
        return Markup("")
    html = _parser().render(text.replace("\r\n", "\n"))
    return Markup(sanitise_html(html).strip())  # noqa: S704 - sanitised by nh3 just above
