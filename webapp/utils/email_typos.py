"""Email-domain typo suggestions: mailcheck's algorithm (github.com/mailcheck/mailcheck,
MIT), done on the server so it works without JavaScript (issue 15, item 3).

No well-kept Python port exists on PyPI (checked: "mailcheck" there is an unrelated API
client), and the algorithm is short: compare the typed domain with a list of common
domains by sift3 distance; failing a close match, compare its second-level part ("gmial")
and its top-level part ("con") with lists of common ones, and suggest the nearest, when
it is near enough. A suggestion is only ever offered: the person may keep what they typed.
"""

from __future__ import annotations

from functools import lru_cache

# mailcheck's defaults, with the providers our supporters use most (Europe, Latin
# America) added. A domain on this list is never "corrected".
DOMAINS = (
    "aol.com", "att.net", "bellsouth.net", "btinternet.com", "charter.net", "comcast.net",
    "cox.net", "earthlink.net", "free.fr", "gmail.com", "gmx.at", "gmx.ch", "gmx.de",
    "gmx.net", "google.com", "googlemail.com", "hotmail.co.uk", "hotmail.com", "hotmail.es",
    "hotmail.fr", "hotmail.it", "icloud.com", "laposte.net", "libero.it", "live.com",
    "mac.com", "mail.ru", "me.com", "msn.com", "orange.fr", "outlook.com", "outlook.es",
    "outlook.fr", "proton.me", "protonmail.com", "qq.com", "rocketmail.com", "rogers.com",
    "sbcglobal.net", "sfr.fr", "shaw.ca", "sky.com", "telefonica.net", "terra.com.br",
    "uol.com.br", "verizon.net", "wanadoo.fr", "web.de", "yahoo.co.uk", "yahoo.com",
    "yahoo.com.ar", "yahoo.com.br", "yahoo.com.mx", "yahoo.es", "yahoo.fr", "ymail.com",
)  # fmt: skip
SECOND_LEVEL_DOMAINS = ("yahoo", "hotmail", "mail", "live", "outlook", "gmx", "gmail", "icloud")
TOP_LEVEL_DOMAINS = (
    "com", "com.au", "com.tw", "ca", "co.nz", "co.uk", "de", "fr", "it", "ru", "net", "org",
    "edu", "gov", "jp", "nl", "kr", "se", "eu", "ie", "co.il", "us", "at", "be", "dk", "hk",
    "es", "gr", "ch", "no", "cz", "in", "net.au", "info", "biz", "mil", "co.jp", "sg", "hu",
    "uk", "mx", "ar", "br", "com.br", "com.mx", "com.ar", "cl", "co", "pe", "pt", "pl",
    # Real endings mailcheck lacks, which it would "correct" (ox.ac.uk to ox.co.uk).
    "ac.uk", "org.uk", "gov.uk", "ac.jp", "ac.nz", "ac.za", "co.za", "edu.au", "org.au",
    "edu.mx", "gob.mx", "gob.es", "edu.br", "org.br", "edu.ar", "gob.ar",
)  # fmt: skip
# mailcheck's thresholds: how far a part may be from a known one to be called a typo.
DOMAIN_THRESHOLD = 2
SECOND_LEVEL_THRESHOLD = 2
TOP_LEVEL_THRESHOLD = 2
_MAX_OFFSET = 5
# Not in mailcheck: a name of one or two letters is within two edits of every short
# domain ("bt.com" of "me.com"), so it is never questioned.
MIN_SECOND_LEVEL_CHARS = 3


def sift3(first: str, second: str) -> float:
    """Sift3 distance (Siderite's, as mailcheck uses it): a fast approximation of the
    edit distance that counts a transposition ("gmial") as about one edit."""
    if not first:
        return len(second)
    if not second:
        return len(first)
    position = offset1 = offset2 = common = 0
    while position + offset1 < len(first) and position + offset2 < len(second):
        if first[position + offset1] == second[position + offset2]:
            common += 1
        else:
            offset1 = offset2 = 0
            for i in range(_MAX_OFFSET):
                if position + i < len(first) and first[position + i] == second[position]:
                    offset1 = i
                    break
                if position + i < len(second) and first[position] == second[position + i]:
                    offset2 = i
                    break
        position += 1
    return (len(first) + len(second)) / 2 - common


def _closest(part: str, known: tuple[str, ...], threshold: float) -> str | None:
    """The known value nearest `part`, if within threshold (the part itself, if known)."""
    if part in known:
        return part
    best, distance = None, float("inf")
    for candidate in known:
        d = sift3(part, candidate)
        if d < distance:
            best, distance = candidate, d
    return best if distance <= threshold else None


def suggest(email: str) -> str | None:
    """The address the person probably meant, or None when the domain looks right (or
    unlike anything known). Only the domain is ever changed, never the name before @."""
    local, at, domain = email.strip().rpartition("@")
    if not at or not local or not domain:
        return None
    corrected = _corrected_domain(domain.lower())
    return None if corrected is None else f"{local}@{corrected}"


# Signers' domains repeat (a school's, a company's): the answer depends on the domain
# alone, and finding it costs about 64 sift3 comparisons for a domain unlike any known
# one, the largest single cost of a signing POST (issue 19). Bounded, so a flood of
# made-up domains cannot grow it.
@lru_cache(maxsize=4096)
def _corrected_domain(domain: str) -> str | None:
    """The domain the person probably meant, or None when it looks right (or unlike
    anything known)."""
    labels = domain.split(".")
    second_level, top_level = labels[0], ".".join(labels[1:])
    if len(second_level) < MIN_SECOND_LEVEL_CHARS:
        return None  # x.org, bt.com, me.org: real, and two edits from anything short
    if second_level in SECOND_LEVEL_DOMAINS and top_level in TOP_LEVEL_DOMAINS:
        return None  # yahoo.de, hotmail.be: a provider's real domain in some country
    closest = _closest(domain, DOMAINS, DOMAIN_THRESHOLD)
    if closest is not None:
        return None if closest == domain else closest
    if not top_level:
        return None
    new_second = _closest(second_level, SECOND_LEVEL_DOMAINS, SECOND_LEVEL_THRESHOLD)
    new_top = _closest(top_level, TOP_LEVEL_DOMAINS, TOP_LEVEL_THRESHOLD)
    changed = False
    if new_second and new_second != second_level:
        second_level, changed = new_second, True
    if new_top and new_top != top_level:
        top_level, changed = new_top, True
    return f"{second_level}.{top_level}" if changed else None
