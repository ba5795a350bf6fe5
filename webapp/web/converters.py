"""URL converters registered for the whole app.

Werkzeug's `<int:...>` takes any run of digits, however long, and the database then
fails on a number its column cannot hold (a 500, issue 21, item 11). Every `<int:>` in
this app is a row id or a page number: PostgreSQL `integer`s, 1 to 2**31 - 1.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, ValidationError

# The largest value of a PostgreSQL `integer` column (every id here is one).
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """A whole number from 1 to MAX_ID; anything else is not a page here (404)."""

    # ASCII digits only: `\d` would take other scripts' digits too ("٣").
    regex = r"[0-9]+"

    def __init__(self, map: Any, min: int = 1, max: int = MAX_ID, **kwargs: Any) -> None:
        super().__init__(map, min=min, max=max, **kwargs)

    def to_python(self, value: str) -> Any:
        # Python refuses to parse very long digit strings (ValueError past 4,300 digits):
        # anything longer than MAX_ID's digits is out of range anyway.
        if len(value.lstrip("0")) > len(str(self.max)):
            raise ValidationError()
        return super().to_python(value)


def register(app: Flask) -> None:
    """Make `<int:...>` the bounded converter; call before any blueprint is registered."""
    app.url_map.converters["int"] = IdConverter


def whole_number(raw: str | None, default: int, maximum: int = MAX_ID) -> int | None:
    """A query parameter such as `?page=`: `default` when absent, the number when it is
    ASCII digits from 1 to `maximum`, and None otherwise (the caller answers 400)."""
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw.lstrip("0")) > len(str(maximum)):
        return None
    value = int(raw)
    return value if 1 <= value <= maximum else None
