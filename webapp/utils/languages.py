"""Languages of letters: their names and writing direction."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

# Languages written right to left, by ISO 639 code.
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "yi", "ckb", "dv", "sd", "ug"})


def text_direction(language: str) -> str:
    """The HTML dir value for text in this language."""
    return "rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr"


def language_name(code: str) -> str:
    """A language's name in itself ("فارسی", "Español"), for choosing a letter's language."""
    try:
        locale = Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return code
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]
