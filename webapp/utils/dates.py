"""Dates as a letter's reader expects them: in the letter's language, as the writer's
country writes that language, and in the calendar that language's readers use."""

from __future__ import annotations

from datetime import date

import jdatetime
from babel import Locale, UnknownLocaleError
from babel.dates import format_date

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def written_date(day: date, language: str, country: str = "") -> str:
    """The long form of a date for a letter: "4 December 2026" from the UK, "December 4,
    2026" from the US, "4. Dezember 2026" in German, and in Persian the Solar Hijri date
    in Persian digits ("۱۳ آذر ۱۴۰۵"), the calendar Iran and Afghanistan live by.

    The country picks CLDR's regional form of the language where it has one (en_GB,
    fr_CA, es_MX); English from a country with no form of its own takes the
    international one (en_001: day before month), not the US form."""
    if language.split("-")[0] == "fa":
        solar = jdatetime.date.fromgregorian(date=day, locale=jdatetime.FA_LOCALE)
        return solar.strftime("%d %B %Y").lstrip("0").translate(PERSIAN_DIGITS)
    return format_date(day, format="long", locale=_regional_locale(language, country))


def _regional_locale(language: str, country: str) -> Locale:
    base = language.replace("-", "_").split("_")[0]
    for candidate in (f"{base}_{country.upper()}" if country else None, base):
        if candidate is None:
            continue
        try:
            locale = Locale.parse(candidate)
        except (ValueError, UnknownLocaleError):
            continue
        if candidate == base == "en" and country.upper() not in ("", "US"):
            return Locale.parse("en_001")
        return locale
    # A language CLDR does not know: English, as the writer's country writes it.
    return _regional_locale("en", country) if base != "en" else Locale.parse("en")
