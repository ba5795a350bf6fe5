"""What an envelope of a class's letters weighs, and the postage step it falls in.

The one place that knows postal tariffs: the cover sheet of a class PDF (printing.py)
asks it for each envelope. Only weight steps and the operator's name for each step are
kept, never prices: prices change every year, steps seldom, and the post office counter
knows today's price of a step.

Sources (the operators' public tariff pages, 2025):
- GB, Royal Mail, "Our prices" 2025: UK and international Letter up to 100 g; Large
  Letter 100 g, 250 g, 500 g, 750 g. International zones: Europe, World Zones 1-3.
- US, USPS Notice 123 (Price List), 2025: First-Class Mail letter 1, 2, 3, 3.5 oz
  (28.35 g an ounce); a large envelope (flat) up to 13 oz. First-Class Mail
  International letter 1 to 3.5 oz, the same steps to every price group.
- FR, La Poste, "Tarifs courrier" 2025: Lettre 20 g, 100 g, 250 g, 500 g, 2 kg, in
  France and to other countries ("Lettre internationale": zone Europe and zone Monde).
- ES, Correos, "Tarifas" 2025: Carta ordinaria 20 g, 50 g, 100 g, 500 g, 1 kg, 2 kg;
  abroad Zona 1 (Europe) and Zona 2 (rest of the world) with the same steps.
- DE, Deutsche Post, "Preise Brief national/international" 2025: Standardbrief 20 g,
  Kompaktbrief 50 g, Großbrief 500 g, Maxibrief 1 kg (2 kg abroad); international
  letters cost the same to every country.
- IE, An Post, "Postage rates" 2025: Letter up to 100 g; Large envelope 100 g, 250 g,
  500 g, 1 kg; abroad zones Europe (incl. Great Britain) and Rest of the World.

A country not in the table gets the weight and "ask at the post office" (FALLBACK).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

# Paper and envelope weights, in grams.
# A4 is 1/16 m²: at 80 g/m² (ISO 536 grammage of ordinary copier paper) a sheet weighs
# 4.99 g. US Letter (8.5 x 11 in = 0.0603 m²) is usually 20 lb bond = 75 g/m²: 4.5 g.
# A DL or #10 window envelope of 80-90 g/m² paper weighs about 5 g (manufacturers'
# data sheets give 4.5-5.5 g).
SHEET_GRAMS = {"a4": 5.0, "letter": 4.5}
ENVELOPE_GRAMS = 5.0


def envelope_weight(sheets: int, paper: str) -> float:
    """Grams of an envelope holding this many sheets of this paper ("a4" or "letter")."""
    return sheets * SHEET_GRAMS[paper] + ENVELOPE_GRAMS


class Zone(enum.Enum):
    """Where a letter goes, as the postal operators price it."""

    DOMESTIC = "domestic"
    EUROPE = "europe"
    WORLD = "world"


# Europe as the operators' "Europe" zones count it (Royal Mail, La Poste, Correos, An Post
# agree on these): the EU, EFTA, the UK and the rest of geographic Europe with Turkey.
EUROPE = frozenset(
    "AD AL AT BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GI GR HR HU IE IS IT LI LT LU "
    "LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SK SM TR UA VA XK".split()
)


def zone(sender: str, destination: str) -> Zone:
    """The zone of a letter from one country to another (ISO alpha-2 codes)."""
    sender, destination = sender.upper(), destination.upper()
    if sender == destination:
        return Zone.DOMESTIC
    return Zone.EUROPE if destination in EUROPE else Zone.WORLD


@dataclass(frozen=True)
class Step:
    """One weight step of an operator's letter tariff: up to max_grams, called name."""

    max_grams: float
    name: object  # a lazy string: translated when the cover is rendered


OUNCE = 28.35


def _steps(*pairs: tuple[float, object]) -> tuple[Step, ...]:
    return tuple(Step(grams, name) for grams, name in pairs)


_ROYAL_MAIL = _steps(
    (100, _l("Letter up to 100 g")),
    (250, _l("Large letter up to 250 g")),
    (500, _l("Large letter up to 500 g")),
    (750, _l("Large letter up to 750 g")),
)
_USPS = _steps(
    (1 * OUNCE, _l("First-Class letter, 1 oz")),
    (2 * OUNCE, _l("First-Class letter, 2 oz")),
    (3 * OUNCE, _l("First-Class letter, 3 oz")),
    (3.5 * OUNCE, _l("First-Class letter, 3.5 oz")),
    (13 * OUNCE, _l("Large envelope (flat), up to 13 oz")),
)
_USPS_ABROAD = _USPS[:4] + _steps((15.994 * OUNCE, _l("Large envelope (flat), up to 15.99 oz")))
_LA_POSTE = _steps(
    (20, _l("Letter up to 20 g")),
    (100, _l("Letter up to 100 g")),
    (250, _l("Letter up to 250 g")),
    (500, _l("Letter up to 500 g")),
    (2000, _l("Letter up to 2 kg")),
)
_CORREOS = _steps(
    (20, _l("Letter up to 20 g")),
    (50, _l("Letter up to 50 g")),
    (100, _l("Letter up to 100 g")),
    (500, _l("Letter up to 500 g")),
    (1000, _l("Letter up to 1 kg")),
    (2000, _l("Letter up to 2 kg")),
)
_DEUTSCHE_POST = _steps(
    (20, _l("Standard letter up to 20 g")),
    (50, _l("Compact letter up to 50 g")),
    (500, _l("Large letter up to 500 g")),
    (1000, _l("Maxi letter up to 1 kg")),
)
_DEUTSCHE_POST_ABROAD = _DEUTSCHE_POST[:3] + _steps((2000, _l("Maxi letter up to 2 kg")))
_AN_POST = _steps(
    (100, _l("Letter up to 100 g")),
    (250, _l("Large envelope up to 250 g")),
    (500, _l("Large envelope up to 500 g")),
    (1000, _l("Large envelope up to 1 kg")),
)

# Sending country -> zone -> steps, lightest first.
TARIFFS: dict[str, dict[Zone, tuple[Step, ...]]] = {
    "GB": {Zone.DOMESTIC: _ROYAL_MAIL, Zone.EUROPE: _ROYAL_MAIL, Zone.WORLD: _ROYAL_MAIL},
    "US": {Zone.DOMESTIC: _USPS, Zone.EUROPE: _USPS_ABROAD, Zone.WORLD: _USPS_ABROAD},
    "FR": {Zone.DOMESTIC: _LA_POSTE, Zone.EUROPE: _LA_POSTE, Zone.WORLD: _LA_POSTE},
    "ES": {Zone.DOMESTIC: _CORREOS, Zone.EUROPE: _CORREOS, Zone.WORLD: _CORREOS},
    "DE": {
        Zone.DOMESTIC: _DEUTSCHE_POST,
        Zone.EUROPE: _DEUTSCHE_POST_ABROAD,
        Zone.WORLD: _DEUTSCHE_POST_ABROAD,
    },
    "IE": {Zone.DOMESTIC: _AN_POST, Zone.EUROPE: _AN_POST, Zone.WORLD: _AN_POST},
}

ZONE_NAMES = {
    Zone.DOMESTIC: _l("within the country"),
    Zone.EUROPE: _l("to Europe"),
    Zone.WORLD: _l("to the rest of the world"),
}


@dataclass(frozen=True)
class Postage:
    """The postage advice for one envelope."""

    grams: float
    zone: Zone
    step: Step | None  # None: no table for the sender's country, or heavier than its steps

    @property
    def known(self) -> bool:
        return self.step is not None


def postage(sender: str, destination: str, grams: float) -> Postage:
    """The step an envelope of this weight falls in, from sender to destination."""
    where = zone(sender, destination)
    steps = TARIFFS.get(sender.upper(), {}).get(where, ())
    # A step's limit is inclusive ("up to 20 g"): 20 g is in it, 20.5 g is not.
    step = next((s for s in steps if grams <= s.max_grams), None)
    return Postage(grams=grams, zone=where, step=step)
