"""Share links: each service's own share page, with the title and address percent-encoded."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from webapp.utils.sharing import share_links, share_message

URL = "https://example.org/cases/leyla-ahmadi"


def _params(href: str) -> dict[str, str]:
    # parse_qs decodes percent-escapes as UTF-8, as every service does.
    return {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}


@pytest.mark.parametrize(
    "title",
    [
        "Free Leyla Ahmadi",
        "آزادی لیلا احمدی",  # Persian
        "الحرية لسمير حداد",  # Arabic
        "释放陈光明",  # Chinese
        "Justice for Rina & Tomás: 100% now?",  # the characters a query string breaks on
    ],
)
def test_every_link_carries_the_title_and_address_intact(title):
    links = {link.service: link.href for link in share_links(title, URL)}
    assert list(links) == ["WhatsApp", "Telegram", "Email", "Facebook", "X", "Bluesky"]
    message = share_message(title, URL)

    assert links["WhatsApp"].startswith("https://wa.me/?")
    assert _params(links["WhatsApp"]) == {"text": message}
    assert links["Telegram"].startswith("https://t.me/share/url?")
    assert _params(links["Telegram"]) == {"url": URL, "text": title}
    assert links["Email"].startswith("mailto:?")
    assert _params(links["Email"]) == {"subject": title, "body": message}
    assert links["Facebook"].startswith("https://www.facebook.com/sharer/sharer.php?")
    assert _params(links["Facebook"]) == {"u": URL}
    assert links["X"].startswith("https://x.com/intent/post?")
    assert _params(links["X"]) == {"text": title, "url": URL}
    assert links["Bluesky"].startswith("https://bsky.app/intent/compose?")
    assert _params(links["Bluesky"]) == {"text": message}


def test_links_are_plain_ascii_with_spaces_as_percent_twenty():
    for link in share_links("Rina & Tomás", URL):
        query = urlsplit(link.href).query
        assert query.isascii()
        # "+" for a space shows as a plus sign in mail clients; & inside a value must not
        # split it.
        assert "+" not in query and " " not in query
        assert "Rina%20%26%20Tom%C3%A1s" in query or link.service == "Facebook"


def test_the_message_puts_the_address_on_its_own_line():
    assert share_message("Free Leyla", URL) == f"Free Leyla\n{URL}"
