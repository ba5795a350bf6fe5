"""Envelope windows: where a letter's address goes, and which addresses fit (issue 17).

The one place that knows the geometry of the paper, its folds and the window envelope it
is posted in. From it come the address block's position and size (a stylesheet given to
WeasyPrint with the letter layouts), the fold marks, and the rules an address must keep:
the CMS checks a target's address with them when it is saved, and the renderer refuses
anything that still does not fit. An address is never cut or hidden.

The rule for every paper: with the folded sheet at either limit of its play in the
envelope (pushed up, down, left or right), every line of the address stays inside the
window with a clear margin on all four sides. The band the address may use is the window
as seen from the sheet at both limits (their intersection), less that margin.

- A4 in a DL window envelope. DIN 5008 form B folds A4 at 105 and 210 mm from the top
  (the top panel, which carries the address, is 105 mm), with a hole mark at 148.5 mm.
  DIN 680 places the DL envelope's (220 x 110 mm, ISO 269) window 90 x 45 mm at 20 mm
  from the left and 15 mm from the bottom. The folded sheet (210 x 105 mm) has 10 mm of
  play sideways and 5 mm up and down. Margin: 3 mm (what Deutsche Post asks for, and the
  issue's figure).
- US Letter in a #10 window envelope (9 1/2 x 4 1/8 in). The standard #10 window is
  1 1/8 x 4 1/2 in, 7/8 in from the left and 1/2 in from the bottom (envelope makers'
  standard window; window specifications give size, then left, then bottom). USPS DMM
  601.6.3 asks for at least 1/8 in of clear space between the address and every edge of
  the window "when the insert is moved to its full limits in each direction". A sheet
  folded in equal thirds (3.67 in) slides 0.46 in, which leaves no room for an address
  of more than two lines; so the fold marks fold a 4 in top panel (then 4 in and 3 in),
  which slides 1/8 in. Sideways the 8 1/2 in sheet slides 1 in.

Line heights are measured as pdftotext (and a mail sorter's reader) boxes a line: the
font's ascent plus descent (Noto Serif: 1.362 em), which is more than the ink.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import flask_babel
from fontTools.ttLib import TTFont

from webapp.utils.countries import country_name

MM = 72 / 25.4  # points in a millimetre
INCH = 72.0

# The face addresses print in (letters/base.css: the "Letter" family).
ADDRESS_FONT = Path(__file__).resolve().parents[2] / "letters" / "fonts" / "NotoSerif-Regular.ttf"


@dataclass(frozen=True)
class Envelope:
    """A paper size, how it is folded, and the window envelope it goes in. Lengths in points,
    from the sheet's (or the envelope's) top-left corner."""

    paper: str
    name: str  # how the instructions call the envelope
    page_width: float
    page_height: float
    # Page margins: top, right, bottom, left (the letter's text block).
    margins: tuple[float, float, float, float]
    envelope_width: float
    envelope_height: float
    # The window on the envelope's face.
    window_left: float
    window_bottom: float  # from the envelope's bottom edge
    window_width: float
    window_height: float
    # Fold marks, from the top of the sheet; the first is the top panel's height.
    folds: tuple[float, ...]
    hole_mark: float | None
    clearance: float  # clear space between the address and each edge of the window
    font_size: float
    line_pitch: float
    # A postal norm's own limit on the number of lines, if lower than the geometry's.
    norm_lines: int
    address_inset: float  # from the left of the band, so no glyph's side bearing pokes out

    @property
    def window_top(self) -> float:
        return self.envelope_height - self.window_bottom - self.window_height

    @property
    def play_down(self) -> float:
        """How far the folded sheet slides down from the envelope's top edge."""
        return self.envelope_height - self.folds[0]

    @property
    def play_across(self) -> float:
        """How far the sheet slides sideways."""
        return self.envelope_width - self.page_width

    def window_on_sheet(self, down: float, across: float) -> tuple[float, float, float, float]:
        """The window as (left, top, right, bottom) on the sheet, with the sheet `down`
        points below the envelope's top edge and `across` points right of its left edge."""
        left = self.window_left - across
        top = self.window_top - down
        return (left, top, left + self.window_width, top + self.window_height)

    def limits(self) -> list[tuple[float, float]]:
        """The four corners of the sheet's play, as (down, across)."""
        return [(d, a) for d in (0.0, self.play_down) for a in (0.0, self.play_across)]

    @property
    def band(self) -> tuple[float, float, float, float]:
        """Where the address may print: inside the window at every limit, with clearance."""
        windows = [self.window_on_sheet(d, a) for d, a in self.limits()]
        return (
            max(w[0] for w in windows) + self.clearance,
            max(w[1] for w in windows) + self.clearance,
            min(w[2] for w in windows) - self.clearance,
            min(w[3] for w in windows) - self.clearance,
        )

    @property
    def window_reach(self) -> tuple[float, float, float, float]:
        """Everything on the sheet that may show through the window at some limit."""
        windows = [self.window_on_sheet(d, a) for d, a in self.limits()]
        return (
            min(w[0] for w in windows),
            min(w[1] for w in windows),
            max(w[2] for w in windows),
            max(w[3] for w in windows),
        )

    @property
    def line_box(self) -> float:
        """The height of one line's box, as pdftotext measures it."""
        ascent, descent = _font().vertical
        return (ascent + descent) * self.font_size

    @property
    def geometric_lines(self) -> int:
        """How many lines the band holds."""
        height = self.band[3] - self.band[1]
        return math.floor((height - self.line_box) / self.line_pitch) + 1

    @property
    def max_lines(self) -> int:
        """At most this many lines, the name and the country line included."""
        return min(self.geometric_lines, self.norm_lines)

    @property
    def address_left(self) -> float:
        return self.band[0] + self.address_inset

    @property
    def max_width(self) -> float:
        """The widest line that fits, in points."""
        return self.band[2] - self.address_left

    @property
    def address_top(self) -> float:
        """The top of the address block's first line box (CSS's line box, not the glyphs').
        The tallest address allowed is centred in the band: the same spare at both ends."""
        tallest = (self.max_lines - 1) * self.line_pitch + self.line_box
        first_box_top = self.band[1] + (self.band[3] - self.band[1] - tallest) / 2
        # A line box is line_pitch tall; pdftotext's box is centred on it.
        return first_box_top - (self.line_pitch - self.line_box) / 2

    def line_width(self, text: str) -> float:
        """The printed width of one line, in points (unknown characters count an em)."""
        return _font().width(text) * self.font_size


# A4, DIN 5008 form B: margins 20 mm (25 mm left, where the address starts).
A4_DL = Envelope(
    paper="a4",
    name="DL",
    page_width=210 * MM,
    page_height=297 * MM,
    margins=(20 * MM, 20 * MM, 20 * MM, 25 * MM),
    envelope_width=220 * MM,
    envelope_height=110 * MM,
    window_left=20 * MM,
    window_bottom=15 * MM,
    window_width=90 * MM,
    window_height=45 * MM,
    folds=(105 * MM, 210 * MM),
    hole_mark=148.5 * MM,
    clearance=3 * MM,
    font_size=10,
    line_pitch=12,
    # DIN 5008's address zone has 6 lines (the band would hold 7 at this size).
    norm_lines=6,
    address_inset=2 * MM,
)

# US Letter: 9 pt address (capitals 0.09 in tall, above the 0.08 in mail sorters read).
LETTER_NO10 = Envelope(
    paper="letter",
    name="#10",
    page_width=8.5 * INCH,
    page_height=11 * INCH,
    margins=(0.75 * INCH, 1 * INCH, 0.75 * INCH, 1 * INCH),
    envelope_width=9.5 * INCH,
    envelope_height=4.125 * INCH,
    window_left=0.875 * INCH,
    window_bottom=0.5 * INCH,
    window_width=4.5 * INCH,
    window_height=1.125 * INCH,
    folds=(4 * INCH, 8 * INCH),
    hole_mark=None,
    clearance=0.125 * INCH,
    font_size=9,
    line_pitch=10,
    norm_lines=5,
    address_inset=1 / 16 * INCH,
)

ENVELOPES = {envelope.paper: envelope for envelope in (A4_DL, LETTER_NO10)}


class AddressDoesNotFit(ValueError):
    """An address that would not show whole through an envelope's window. Its message is
    translated and names the line to shorten; `line` is that line's number (from 1), or
    None when there are too many lines."""

    def __init__(self, message: str, line: int | None, fits: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.fits = fits  # about how many characters the line may have


def address_problem(lines: list[str]) -> AddressDoesNotFit | None:
    """Why these address lines (the name and the country line included) would not show
    through the window of every envelope we print for, or None if they would: first too
    many lines for the smallest window, then the first line too wide for any window."""
    by_lines = min(ENVELOPES.values(), key=lambda e: e.max_lines)
    if len(lines) > by_lines.max_lines:
        return envelope_problem(by_lines, lines)
    for number, line in enumerate(lines, start=1):
        problems = [envelope_problem(e, [line], first=number) for e in ENVELOPES.values()]
        found = [problem for problem in problems if problem is not None]
        if found:
            return min(found, key=lambda problem: problem.fits or 0)
    return None


def address_block_problem(
    heading: list[str], address: str, country: str
) -> AddressDoesNotFit | None:
    """address_problem for an address block as letters print it: the lines above the
    address (a name, a title), the address's own lines, and the country line (in capitals)
    that a writer abroad adds."""
    lines = [line.strip() for line in address.splitlines() if line.strip()]
    if country:
        lines.append(country_name(country, "en").upper())
    return address_problem([*heading, *lines])


def envelope_problem(
    envelope: Envelope, lines: list[str], *, first: int = 1
) -> AddressDoesNotFit | None:
    """Why these address lines (numbered from `first`) would not show through this
    envelope's window, or None."""
    _ = flask_babel.gettext
    if len(lines) > envelope.max_lines:
        first_extra = lines[envelope.max_lines]
        extra = len(lines) - envelope.max_lines
        return AddressDoesNotFit(
            flask_babel.ngettext(
                "This address has %(count)s lines, counting the name and the country line; "
                "the window of a %(envelope)s envelope shows %(max)s. Please join or remove "
                "a line above the country line, which is added for you: “%(line)s” would "
                "not show.",
                "This address has %(count)s lines, counting the name and the country line; "
                "the window of a %(envelope)s envelope shows %(max)s. Please join or remove "
                "%(num)s lines above the country line, which is added for you: from "
                "“%(line)s” on, they would not show.",
                extra,
                count=len(lines),
                envelope=envelope.name,
                max=envelope.max_lines,
                line=first_extra,
            ),
            None,
        )
    for number, line in enumerate(lines, start=first):
        width = envelope.line_width(line)
        if width > envelope.max_width:
            fits = max(1, math.floor(len(line) * envelope.max_width / width))
            return AddressDoesNotFit(
                _(
                    "Line %(number)s, “%(line)s”, is too wide for the window of a "
                    "%(envelope)s envelope: please shorten it to about %(fits)s characters.",
                    number=number,
                    line=line,
                    envelope=envelope.name,
                    fits=fits,
                ),
                number,
                fits,
            )
    return None


def stylesheet() -> str:
    """The CSS that places pages, the address and the fold marks for every paper."""
    rules = []
    for env in ENVELOPES.values():
        top, right, bottom, left = env.margins
        # Positions inside the letter's head, which starts at the page's top-left margin.
        rules.append(
            f"@page {env.paper} {{ size: {env.page_width:.3f}pt {env.page_height:.3f}pt; "
            f"margin: {top:.3f}pt {right:.3f}pt {bottom:.3f}pt {left:.3f}pt; }}\n"
            f".paper-{env.paper} .recipient {{ top: {env.address_top - top:.3f}pt; "
            f"left: {env.address_left - left:.3f}pt; width: {env.max_width:.3f}pt; "
            f"font-size: {env.font_size}pt; line-height: {env.line_pitch}pt; }}\n"
            # The head reaches below all the window may show: no other text in it.
            f".paper-{env.paper} .head {{ height: {env.window_reach[3] - top + 2 * MM:.3f}pt; }}\n"
            # A card's face is the two panels below the first fold (letters/card/).
            f".paper-{env.paper}.card .head {{ "
            f"height: {env.folds[0] - top + CARD_INSET:.3f}pt; }}\n"
            f".paper-{env.paper}.card .face {{ "
            f"min-height: {env.page_height - env.folds[0] - bottom - CARD_INSET:.3f}pt; }}"
        )
        marks = [("fold-1", env.folds[0]), ("fold-2", env.folds[1]), ("hole", env.hole_mark)]
        for name, at in marks:
            if at is None:
                rules.append(f".paper-{env.paper} .mark--{name} {{ display: none; }}")
            else:
                rules.append(
                    f".paper-{env.paper} .mark--{name} {{ top: {at - top:.3f}pt; "
                    f"left: {MARK_FROM_EDGE - left:.3f}pt; }}"
                )
    return "\n".join(rules) + "\n"


# How far inside its panels a card's frame starts: clear of the fold, which a hand never
# creases exactly on the mark.
CARD_INSET = 4 * MM

# Fold and hole marks: a short light line this far from the sheet's left edge (inside
# what office printers print), as DIN 5008 draws them.
MARK_FROM_EDGE = 5 * MM


@dataclass(frozen=True)
class _Font:
    advances: dict[int, int]
    units_per_em: int
    ascent: int
    descent: int

    @property
    def vertical(self) -> tuple[float, float]:
        return self.ascent / self.units_per_em, self.descent / self.units_per_em

    def width(self, text: str) -> float:
        """The width of a text in ems, without kerning (which only narrows it)."""
        em = self.units_per_em
        return sum(self.advances.get(ord(char), em) for char in text) / em


@cache
def _font() -> _Font:
    with TTFont(ADDRESS_FONT, lazy=True) as font:
        metrics = font["hmtx"].metrics
        cmap = font.getBestCmap()
        advances = {code: metrics[glyph][0] for code, glyph in cmap.items() if glyph in metrics}
        return _Font(
            advances,
            font["head"].unitsPerEm,
            font["hhea"].ascent,
            -font["hhea"].descent,
        )


# What every address must fit in, the name and the country line included: the smallest
# window's lines (an address is printed on whichever paper its writer has).
ADDRESS_LINES = min(envelope.max_lines for envelope in ENVELOPES.values())
