"""Share links: plain links to each service's own share page, built on the server.

No service's script, button, iframe or pixel is ever loaded: a supporter who does not
press a link tells no one anything, and one who does goes to that service's page with the
text already written. Signal has no share page, so it gets the message to copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode


@dataclass(frozen=True)
class ShareLink:
    service: str  # its name as people know it; never translated
    href: str


def share_message(title: str, url: str) -> str:
    """The text a supporter passes on: the title, then the address on its own line (so
    every messenger turns it into a link and shows its preview)."""
    return f"{title}\n{url}"


def _query(**params: str) -> str:
    # quote_via=quote: spaces as %20, not "+", which mailto: and some apps show as-is.
    return urlencode(params, quote_via=quote, safe="")


def share_links(title: str, url: str) -> list[ShareLink]:
    """A link per service, each carrying the title and the address, percent-encoded as
    UTF-8 (names in Arabic, Persian or Chinese, and ampersands, arrive intact)."""
    message = share_message(title, url)
    return [
        ShareLink("WhatsApp", "https://wa.me/?" + _query(text=message)),
        ShareLink("Telegram", "https://t.me/share/url?" + _query(url=url, text=title)),
        ShareLink("Email", "mailto:?" + _query(subject=title, body=message)),
        ShareLink("Facebook", "https://www.facebook.com/sharer/sharer.php?" + _query(u=url)),
        ShareLink("X", "https://x.com/intent/post?" + _query(text=title, url=url)),
        ShareLink("Bluesky", "https://bsky.app/intent/compose?" + _query(text=message)),
    ]
