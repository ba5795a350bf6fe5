"""The catalogs are complete: every text of the interface is in messages.pot, and Spanish
and French translate every one of them.

THESE TESTS FAIL UNTIL THE TRANSLATIONS ARE DONE: after `make translations-extract` the
.po files hold the new texts with empty translations. They are kept in this file of their
own so the rest of the suite can run meanwhile, with
`pytest --ignore=tests/test_translations_complete.py`; once es and fr are translated they
must pass, and then run with everything else.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from webapp.config import TRANSLATIONS_DIR
from webapp.web.locales import DEFAULT_LOCALE, SUPPORTED_LOCALES

ROOT = Path(__file__).resolve().parent.parent
POT = Path(TRANSLATIONS_DIR) / "messages.pot"
TRANSLATED = [locale for locale in SUPPORTED_LOCALES if locale != DEFAULT_LOCALE]


def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _ids(catalog) -> set:
    """Each message as (context, msgid): a plural message by its singular."""
    return {
        (message.context, message.id[0] if isinstance(message.id, tuple) else message.id)
        for message in catalog
        if message.id
    }


def _keywords() -> list[str]:
    """The extraction's keywords, from the Makefile, so this test extracts the same way."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return shlex.split(re.search(r"^BABEL_KEYWORDS := (.*)$", makefile, re.M).group(1))


def test_the_pot_holds_every_text_of_the_sources(tmp_path):
    """Fails when a text was added or changed without `make translations-extract`."""
    fresh = tmp_path / "messages.pot"
    CommandLineInterface().run(
        ["pybabel", "--quiet", "extract", "-F", str(ROOT / "babel.cfg"), *_keywords()]
        + ["-o", str(fresh), str(ROOT)]
    )
    extracted, committed = _ids(_read(fresh)), _ids(_read(POT))
    assert sorted(extracted - committed, key=str) == [], "not in messages.pot: extract again"
    assert sorted(committed - extracted, key=str) == [], "gone from the sources: extract again"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_text_is_translated(locale):
    """Fails while a translation is missing, fuzzy, or breaks a placeholder."""
    catalog = _read(Path(TRANSLATIONS_DIR) / locale / "LC_MESSAGES" / "messages.po")
    assert not catalog.fuzzy, f"{locale}: the catalog's header is marked fuzzy"
    assert _ids(catalog) >= _ids(_read(POT)), f"{locale}: run `make translations-extract`"
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(("untranslated", message.id))
        elif message.fuzzy:
            problems.append(("fuzzy", message.id))
    # Placeholders (%(name)s) the translation lost, added or misspelt.
    problems += [("placeholders", message.id, errors) for message, errors in catalog.check()]
    assert problems == [], f"{locale}: {len(problems)} to fix, first: {problems[:5]}"


# CLDR's plural categories, in the order gettext's forms follow them.
CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")


def test_arabic_plural_forms_follow_babels_rules():
    """The Arabic catalog's Plural-Forms formula picks, for every count, the form of the
    plural category Babel's CLDR rules give that count: 0, 1, 2, 3-10, 11-99 and 100-102
    each read differently. (Spanish and French keep gettext's two forms: CLDR's third,
    "many", is for exact millions, "un million de", which no text here counts.)"""
    from babel import Locale
    from babel.plural import to_python

    catalog = _read(Path(TRANSLATIONS_DIR) / "ar" / "LC_MESSAGES" / "messages.po")
    rules = Locale.parse("ar").plural_form
    category = to_python(rules)
    assert catalog.num_plurals == len(CLDR_ORDER)
    pick = _gettext_plural(catalog.plural_expr)
    for count in range(0, 1201):
        assert CLDR_ORDER[pick(count)] == category(count), count


def _gettext_plural(expression: str):
    """A Plural-Forms expression as a function of n (the C syntax gettext uses)."""
    import gettext

    return gettext.c2py(expression)
