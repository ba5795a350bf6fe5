"""Which characters the letter fonts can print.

The fonts a letter may use are the @font-face rules of letters/base.css, each limited to
its unicode-range; a character none of them has would print as an empty box (.notdef).
Forms ask here first, so a supporter hears which character cannot be printed while they
can still change it, instead of finding a box on paper.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import tinycss2
from flask_babel import ngettext
from fontTools.ttLib import TTCollection, TTFont
from wtforms.validators import ValidationError

from webapp.printing.pdf import LETTERS_DIR

STYLESHEET = LETTERS_DIR / "base.css"

# Characters that are never drawn, so need no glyph: controls (line breaks), format
# characters (joiners, bidi marks, the soft hyphen), line and paragraph separators, and
# the variation selectors that may follow a character (an emoji's U+FE0F).
_NEVER_DRAWN = {"Cc", "Cf", "Zl", "Zp"}
_VARIATION_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))


def unprintable_characters(text: str) -> list[str]:
    """The characters of text no letter font has, each once, in the order they appear."""
    covered = printable_code_points()
    found: list[str] = []
    for character in text:
        if ord(character) in covered or character in found or _never_drawn(character):
            continue
        found.append(character)
    return found


def describe(character: str) -> str:
    """A character as a person can find it in their text: itself and its Unicode name."""
    name = unicodedata.name(character, f"U+{ord(character):04X}").capitalize()
    return f"“{character}” ({name})"


def _never_drawn(character: str) -> bool:
    code = ord(character)
    return unicodedata.category(character) in _NEVER_DRAWN or any(
        code in selectors for selectors in _VARIATION_SELECTORS
    )


@cache
def printable_code_points() -> frozenset[int]:
    """Every code point some @font-face of the stylesheet draws: its font's character
    map, cut to its unicode-range. Read once per process (about a second)."""
    covered: set[int] = set()
    for source, ranges in _font_faces():
        code_points = _character_map(source)
        if ranges:
            code_points = {code for code in code_points if any(code in r for r in ranges)}
        covered |= code_points
    return frozenset(covered)


def _font_faces() -> list[tuple[str, list[range]]]:
    rules = tinycss2.parse_stylesheet(
        STYLESHEET.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True
    )
    faces = []
    for rule in rules:
        if rule.type != "at-rule" or rule.lower_at_keyword != "font-face":
            continue
        declarations = tinycss2.parse_blocks_contents(
            rule.content, skip_comments=True, skip_whitespace=True
        )
        source, ranges = None, []
        for declaration in declarations:
            if declaration.type != "declaration":
                continue
            if declaration.lower_name == "src":
                source = next(token.value for token in declaration.value if token.type == "url")
            elif declaration.lower_name == "unicode-range":
                ranges = [
                    range(token.start, token.end + 1)
                    for token in declaration.value
                    if token.type == "unicode-range"
                ]
        if source:
            faces.append((source, ranges))
    return faces


def _character_map(source: str) -> set[int]:
    path = LETTERS_DIR / source
    if path.suffix == ".ttc":
        collection = TTCollection(path, lazy=True)
        return {code for font in collection.fonts for code in font.getBestCmap()}
    with TTFont(path, lazy=True) as font:
        return set(font.getBestCmap())


def printable_on_paper(form, field) -> None:
    """Form validator: refuse text with characters no letter font has, naming them, so
    the writer can change them instead of finding empty boxes on paper."""
    missing = unprintable_characters(field.data or "")
    if missing:
        raise ValidationError(
            ngettext(
                "%(characters)s cannot be printed on paper. Please remove it or write it"
                " another way.",
                "%(characters)s cannot be printed on paper. Please remove them or write them"
                " another way.",
                len(missing),
                characters=", ".join(describe(character) for character in missing[:5]),
            )
        )
