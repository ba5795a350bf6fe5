"""The consent text beside the Sign button, versioned: each signature records the version
its signer was shown, so the organisation can always say what a person agreed to.

Never edit a published text. Add a new version at the end of CONSENT_TEXTS instead; the
form shows the last one. The privacy page lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString


@dataclass(frozen=True)
class ConsentText:
    version: str
    published: date
    # Translated when shown: a version is the same agreement in each of the site's
    # languages, so the version recorded still says what the signer agreed to.
    wording: LazyString

    @property
    def text(self) -> str:
        """The text in the reader's language (English outside a request)."""
        return str(self.wording)


CONSENT_TEXTS: tuple[ConsentText, ...] = (
    ConsentText(
        version="2026-11",
        published=date(2026, 11, 26),
        wording=_l(
            "We use your name and country only to show the authorities who signed. Your "
            "email is used to confirm your signature and, only if you tick the box, for "
            "updates. After the petition closes we keep your name and email for a limited "
            "time, then delete them; the privacy page says how long, and how to get a copy "
            "of your data or erase it at any time."
        ),
    ),
)

CURRENT = CONSENT_TEXTS[-1]
_BY_VERSION = {consent.version: consent for consent in CONSENT_TEXTS}


def get(version: str | None) -> ConsentText | None:
    """The text of a version, or None for an unknown one (or a signature from before)."""
    return _BY_VERSION.get(version) if version else None
