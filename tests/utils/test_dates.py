"""webapp.utils.dates: a letter's date as its reader writes dates (issue 17, item 6)."""

from __future__ import annotations

from datetime import date

import pytest

from webapp.utils.dates import written_date

DAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("language", "country", "expected"),
    [
        ("en", "GB", "4 December 2026"),
        ("en", "US", "December 4, 2026"),
        ("en", "PL", "4 December 2026"),  # English from a country without its own form
        ("pl", "PL", "4 grudnia 2026"),
        ("de", "AT", "4. Dezember 2026"),
        ("es", "MX", "4 de diciembre de 2026"),
        ("fr", "FR", "4 décembre 2026"),
        ("zh", "CN", "2026年12月4日"),
        ("fa", "IR", "۱۳ آذر ۱۴۰۵"),  # Solar Hijri, Persian digits
        ("fa", "FR", "۱۳ آذر ۱۴۰۵"),  # a Persian letter from Paris reads the same
        ("xx", "GB", "4 December 2026"),  # unknown language: English as the UK writes it
    ],
)
def test_dates_follow_the_language_the_country_and_the_calendar(language, country, expected):
    assert written_date(DAY, language, country) == expected


def test_the_persian_new_year_is_the_first_of_farvardin():
    assert written_date(date(2026, 3, 21), "fa", "IR") == "۱ فروردین ۱۴۰۵"
