"""The ISO 3166-1 country list, for forms and for showing country names."""

from __future__ import annotations

import unicodedata
from functools import cache

import pycountry
from babel import Locale, UnknownLocaleError


@cache
def country_choices(language: str = "en") -> list[tuple[str, str]]:
    """(alpha-2 code, name) pairs, names in `language` where Babel has them, sorted by
    name as a reader of it would look for one ("Égypte" among the E's)."""
    english = [(c.alpha_2, getattr(c, "common_name", c.name)) for c in pycountry.countries]
    if language != "en":
        english = [(code, country_name(code, language)) for code, _name in english]
    return sorted(english, key=lambda pair: _sort_key(pair[1]))


def _sort_key(name: str) -> str:
    without_accents = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return without_accents.casefold() or name


@cache
def _names() -> dict[str, str]:
    return dict(country_choices())


def country_name(code: str | None, language: str = "en") -> str:
    """The name of an ISO alpha-2 code in a language (English if Babel has no name for it
    there), or the code itself if unknown."""
    if not code:
        return ""
    code = code.upper()
    if language != "en":
        try:
            name = Locale.parse(language).territories.get(code)
        except (ValueError, UnknownLocaleError):
            name = None
        if name:
            return name
    return _names().get(code, code)
