"""How a delivery pack's list of signers is laid out: pages decided here, not by WeasyPrint.

The pack says "page 4 of 24" on every page, so the number of pages must be known before
the first is drawn, and the list is rendered a part at a time (a million names do not fit
one render). So the pages are laid out here, from the text alone: each name takes one line
of a column, or as many as a conservative estimate of its width says; a column holds
ROWS lines, a page two columns, with a few lines to spare in the stylesheet for an
estimate that falls short. The same placement runs twice, once to count the pages (with
the hash of the list) and once to draw them, and gives the same pages both times.

It is also the fast path (issue 17, item 8): WeasyPrint lays out each run of one-line
names as one preformatted paragraph (a line each) rather than an element per name, and
only names that wrap get a paragraph of their own, with a hanging indent.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

# Lines per column and columns per page; letters/delivery/delivery.css gives a column
# room for ROWS + 3 lines of 12 pt (9 pt type).
ROWS = 58
COLUMNS = 2
# Width of a column's name text, in ems of its 9 pt type (82 mm column less the number).
LINE_EMS = 19.0
# Bidirectional isolates: an Arabic name does not reorder the number and country around it.
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"
FIGURE_SPACE, PUNCTUATION_SPACE = "\u2007", "\u2008"


@lru_cache(maxsize=4096)
def _char_ems(char: str) -> float:
    if unicodedata.east_asian_width(char) in "WF":
        return 1.0
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Cf"):
        return 0.0
    # Wider than the average Latin letter (about 0.5 em): an estimate that errs long.
    return 0.62 if char.isupper() else 0.56


def lines_needed(text: str) -> int:
    """Lines of a column that a signer's entry takes (at least 1, at most ROWS)."""
    ems = sum(_char_ems(char) for char in text)
    if ems <= LINE_EMS:
        return 1
    # Wrapping breaks between words, wasting the end of each line: count a line as 80 %.
    return min(ROWS, int(ems // (LINE_EMS * 0.8)) + 1)


@dataclass
class Column:
    # Runs of entries: (True, text) a wrapping entry, (False, text) one-line entries.
    runs: list[tuple[bool, str]] = field(default_factory=list)
    used: int = 0


@dataclass
class Page:
    first: int
    last: int = 0
    columns: list[Column] = field(default_factory=lambda: [Column()])


class Placement:
    """Places entries in columns and pages, in order: each finished page goes to
    `on_page`; without one, pages are only counted (nothing is kept)."""

    def __init__(self, on_page: Callable[[Page], None] | None = None) -> None:
        self.pages = 0
        self._page: Page | None = None
        self._on_page = on_page

    def add(self, number: int, text: str, label: str) -> None:
        """Place one entry: `label` is its number as printed, `text` the rest of it."""
        lines = lines_needed(text)
        page = self._page
        if page is None or page.columns[-1].used + lines > ROWS:
            if page is None or len(page.columns) == COLUMNS:
                self._close()
                page = self._page = Page(first=number)
                self.pages += 1
            else:
                page.columns.append(Column())
        column = page.columns[-1]
        column.used += lines
        page.last = number
        if self._on_page is None:
            return
        entry = f"{label} {text}"
        if lines == 1 and column.runs and not column.runs[-1][0]:
            column.runs[-1] = (False, column.runs[-1][1] + "\n" + entry)
        else:
            column.runs.append((lines > 1, entry))

    def finish(self) -> int:
        """Hand over the last page; the number of pages."""
        self._close()
        return self.pages

    def _close(self) -> None:
        if self._page is not None and self._on_page is not None:
            self._on_page(self._page)
        self._page = None


def entry_text(name: str, country: str) -> str:
    """A signer as listed: the name isolated (any script, any direction), then the country."""
    return f"{FIRST_STRONG_ISOLATE}{name}{POP_DIRECTIONAL_ISOLATE}, {country}"


def number_labels(total_label: str) -> Callable[[str], str]:
    """A function padding a formatted number to the width of `total_label` (the widest),
    with figure spaces for digits and punctuation spaces for separators, so that numbers
    line up on the right in a preformatted column."""
    digits = sum(c.isdigit() for c in total_label)
    others = len(total_label) - digits

    def pad(label: str) -> str:
        missing_digits = digits - sum(c.isdigit() for c in label)
        missing_others = others - (len(label) - sum(c.isdigit() for c in label))
        return (
            FIGURE_SPACE * max(0, missing_digits)
            + PUNCTUATION_SPACE * max(0, missing_others)
            + label
            + "."
        )

    return pad
