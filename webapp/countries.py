"""The ISO 3166-1 country list, for forms and for showing country names."""

from __future__ import annotations

from functools import cache

import pycountry
from babel import Locale, UnknownLocaleError


@cache
def country_choices() -> list[tuple[str, str]]:
    """(alpha-2 code, name) pairs, sorted by name."""
    countries = ((c.alpha_2, getattr(c, "common_name", c.name)) for c in pycountry.countries)
    return sorted(countries, key=lambda pair: pair[1])


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
