"""Texts translated when they are shown, not when they are written: form labels and
messages are made once, at import, before any reader and their language."""

from __future__ import annotations

from flask_babel import format_number, get_locale, gettext
from flask_babel.speaklater import LazyString
from markupsafe import escape


class LazyText(LazyString):
    """A translation made when it is shown, not at import (form labels, messages, choices),
    and escaped in HTML like any other text. flask_babel's own lazy string passes as
    markup, so "Its page is /cases/<address>." would lose its <address> to the browser."""

    def __html__(self) -> str:
        return str(escape(str(self)))


def lazy_gettext(string: str, **variables) -> LazyText:
    """flask_babel's lazy_gettext, escaped in HTML: import it as _l."""
    return LazyText(gettext, string, **variables)


_l = lazy_gettext


class LocalNumber:
    """A number in a lazy message, written the reader's way (1,000, 1 000, 1.000) when the
    message is shown: a form's messages are made once, at import, before any reader."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __str__(self) -> str:
        # Outside a request and an app there is no locale: English grouping, as before.
        return format_number(self.value) if get_locale() is not None else f"{self.value:,}"
