"""Addresses that look alike: admin@exаmple.org (a Cyrillic "а") beside admin@example.org.

A skeleton in the manner of Unicode TR39 (section 4, "Confusable detection"): two
strings that look the same have the same skeleton. TR39's full table has thousands of
entries; the letters that matter for email addresses are the Latin look-alikes of
Cyrillic and Greek (the alphabets whose letters pass for Latin ones in most fonts), a
few Latin and digit tricks, and invisible characters. That set is kept here, by hand.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

# Lower-case letters (addresses are compared case-folded) that pass for Latin ones,
# upper case included: "в" is listed because "В" looks like "B".
_CONFUSABLE = {
    # Cyrillic
    "а": "a", "в": "b", "ь": "b", "с": "c", "ԁ": "d", "е": "e", "ё": "e", "һ": "h",
    "н": "h", "і": "i", "ї": "i", "ј": "j", "к": "k", "ӏ": "l", "м": "m", "п": "n",
    "о": "o", "р": "p", "ԛ": "q", "г": "r", "ѕ": "s", "т": "t", "ц": "u", "ѵ": "v",
    "ԝ": "w", "х": "x", "у": "y", "ү": "y", "з": "3",
    # Greek
    "α": "a", "β": "b", "ϲ": "c", "δ": "d", "ε": "e", "η": "n", "ι": "i", "ϳ": "j",
    "κ": "k", "μ": "u", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "γ": "y", "ζ": "z", "ω": "w",
    # Latin and digits
    "ı": "i", "ɩ": "i", "ȷ": "j", "ɡ": "g", "ʀ": "r", "ᴠ": "v", "0": "o", "1": "l",
}  # fmt: skip
# Letter pairs that read as one letter in most fonts (TR39 lists "rn" for "m").
_DIGRAPHS = (("rn", "m"), ("vv", "w"))
# Characters that show nothing (TR39's Default_Ignorable_Code_Point, the common ones).
_INVISIBLE = dict.fromkeys(
    map(ord, "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e"
        "\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\ufeff")
)  # fmt: skip


def _unicode_domain(domain: str) -> str:
    """A domain's labels as people see them: xn--exmple-4nf is exаmple."""
    labels = []
    for label in domain.split("."):
        if label.lower().startswith("xn--"):
            try:
                label = label.encode("ascii").decode("idna")
            except UnicodeError:
                pass
        labels.append(label)
    return ".".join(labels)


def skeleton(address: str) -> str:
    """The form two look-alike addresses share (TR39's skeleton, narrowed as above)."""
    local, at, domain = address.strip().rpartition("@")
    text = unicodedata.normalize("NFKC", f"{local}{at}{_unicode_domain(domain)}")
    text = text.translate(_INVISIBLE).casefold()
    # Marks above and below letters are easily missed: exạmple is example.
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    text = "".join(_CONFUSABLE.get(c, c) for c in text)
    for pair, letter in _DIGRAPHS:
        text = text.replace(pair, letter)
    return text


def escaped(address: str) -> str:
    """The address with every character outside ASCII written as its code point."""
    return "".join(c if c.isascii() and c.isprintable() else f"[U+{ord(c):04X}]" for c in address)


def _script(character: str) -> str | None:
    if not character.isalpha():
        return None  # digits, dots, hyphens are shared by every script
    name = unicodedata.name(character, "")
    return name.split(" ", 1)[0] or None


def mixes_scripts(address: str) -> bool:
    """Whether one part of the address (the name, or a domain label) mixes alphabets,
    as exаmple does (Latin and Cyrillic); ivan@почта.рф does not."""
    local, _at, domain = address.rpartition("@")
    for part in [local, *_unicode_domain(domain).split(".")]:
        scripts = {_script(c) for c in part} - {None}
        if len(scripts) > 1:
            return True
    return False


@dataclass(frozen=True)
class AddressLook:
    """What a reader should know about how an address looks."""

    address: str
    escaped: str  # the same as the address when it is plain ASCII
    mixes_scripts: bool
    looks_like: tuple[str, ...]  # other addresses listed with it that look the same

    @property
    def is_plain(self) -> bool:
        return self.escaped == self.address


def looks(addresses: Iterable[str]) -> dict[str, AddressLook]:
    """How each address looks, beside the others listed with it."""
    unique = list(dict.fromkeys(addresses))
    by_skeleton: dict[str, list[str]] = defaultdict(list)
    for address in unique:
        by_skeleton[skeleton(address)].append(address)
    return {
        address: AddressLook(
            address=address,
            escaped=escaped(address),
            mixes_scripts=mixes_scripts(address),
            looks_like=tuple(a for a in by_skeleton[skeleton(address)] if a != address),
        )
        for address in unique
    }
