"""A text that knows its language, for pages that mix the reader's language with
originals not yet translated (webapp/campaigns/translations.py makes them)."""

from __future__ import annotations


class LocalText(str):
    """A str with `lang`, its BCP 47 tag, and `translated`: whether it is a translation
    (False: the original, shown where no translation exists)."""

    lang: str
    translated: bool

    def __new__(cls, text: str, lang: str, *, translated: bool = False) -> LocalText:
        value = super().__new__(cls, text)
        value.lang = lang
        value.translated = translated
        return value
