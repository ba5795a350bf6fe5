"""A case's share image (issue 15, item 5): what WhatsApp, Signal, Facebook or an email
client shows when someone pastes the case's address: a 1200 × 630 PNG of the person's
photo or illustration, their name, the headline and the ask.

Rendered once per content, not per request: the image's address carries a hash of what it
shows (`image_key`), so an edit in the CMS gives a new address (and previews fetch the new
image), and the PNG is kept in the database, shared by every web process, served with a
year's cache. The text is laid out by WeasyPrint with the letters' fonts (Arabic, Persian,
Hebrew and CJK names shaped and ordered as they are on paper), then rasterised; an
uploaded photo is pasted into its box with Pillow, an illustration (SVG) drawn in place.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup
from PIL import Image, ImageOps
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from webapp.extensions import db
from webapp.models import Case, CasePhoto, ShareImage
from webapp.printing import pdf
from webapp.utils.languages import text_direction
from webapp.web.urls import external_url

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
PHOTO_BOX = (0, 0, 480, 630)  # left, top, right, bottom: as letters/share/share.css
# Raised whenever the card's layout changes, so every image is made again.
LAYOUT_VERSION = "1"
# Link previews refuse or shrink bigger images (WhatsApp: about 300 KB).
MAX_BYTES = 300_000
_SVG_ROOT = re.compile(r"<svg\b", re.I)


@dataclass(frozen=True)
class Card:
    """What one share image shows, in plain values."""

    name: str
    headline: str
    ask: str
    language: str  # the interface language of the frame around the case's words
    case_id: int | None = None
    case_slug: str = ""
    photo: CasePhoto | None = None  # an uploaded photo, pasted in
    illustration: str = ""  # a shipped SVG under static/, drawn in


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def case_card(case: Case, ask: str, language: str) -> Card:
    """A case's card: the person, the headline and the ask, cut to what its boxes hold."""
    return Card(
        name=_short(case.name, 60),
        headline=_short(case.headline, 140),
        ask=_short(ask, 90),
        language=language,
        case_id=case.id,
        case_slug=case.slug,
        photo=case.photo,
        illustration=case.photo_path or "" if case.photo is None else "",
    )


def site_card(language: str) -> Card:
    """The card of pages about no one case (the home page, the lists)."""
    with force_locale(language):
        return Card(
            name=current_app.config["ORGANISATION_NAME"],
            headline=_("People are imprisoned and threatened for who they are or what they said."),
            ask=_("Write a letter. Sign a petition. Change a life."),
            language=language,
            illustration="img/candle.svg",
        )


def image_key(card: Card) -> str:
    """A hash of everything the image shows: its address changes when any of it does."""
    source = "\x1f".join(
        (
            LAYOUT_VERSION,
            current_app.config["ORGANISATION_NAME"],
            card.name,
            card.headline,
            card.ask,
            card.photo.digest if card.photo is not None else card.illustration,
            card.language,
        )
    )
    return hashlib.sha256(source.encode()).hexdigest()[:20]


def image_url(card: Card) -> str:
    """The card's absolute address (from BASE_URL), which changes with what it shows."""
    key = image_key(card)
    if card.case_id is None:
        return external_url("campaigns.site_share_image", language=card.language, key=key)
    return external_url(
        "campaigns.case_share_image", slug=card.case_slug, language=card.language, key=key
    )


def stored_image(key: str) -> bytes | None:
    return db.session.scalar(select(ShareImage.png).where(ShareImage.key == key))


def image_for(card: Card) -> bytes:
    """The card's PNG: from the store, else rendered and stored (two processes rendering
    it at once store it once)."""
    key = image_key(card)
    found = stored_image(key)
    if found is not None:
        return found
    png = render(card)
    module = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    db.session.execute(
        module.insert(ShareImage)
        .values(key=key, case_id=card.case_id, png=png)
        .on_conflict_do_nothing()
    )
    log.info("share image %s rendered: %d bytes", key, len(png))
    return png


def card_values(card: Card) -> dict:
    """The values letters/share/card.html takes, its frame in the card's language."""
    with force_locale(card.language):
        return {
            "language": card.language,
            "direction": text_direction(card.language),
            "organisation": current_app.config["ORGANISATION_NAME"],
            "name": card.name,
            "headline": card.headline,
            "ask": card.ask or _("Sign the petition"),
            "photo_svg": _illustration(card.illustration),
        }


def render(card: Card) -> bytes:
    """The card as PNG bytes (1200 × 630, at most MAX_BYTES)."""
    html = pdf.share_card_html(card_values(card))
    rendered = pdf.render_pdf(html)
    image = Image.open(io.BytesIO(pdf.page_png(rendered.content, 0, width=WIDTH)))
    image = image.convert("RGB")
    if image.size != (WIDTH, HEIGHT):
        image = image.resize((WIDTH, HEIGHT))
    if card.photo is not None:
        _paste_photo(image, card.photo)
    return _png(image)


def _illustration(relative: str) -> Markup | None:
    """An illustration shipped with the platform (static SVG), drawn in the photo box,
    cropped to fill it; None for none."""
    if not relative.endswith(".svg"):
        return None
    source = _static_svg(relative)
    if source is None:
        return None
    # Fill the box as CSS object-fit: cover would (the box is taller than the square).
    # Markup: a file of the release under static/ (checked above), never anyone's input.
    svg = _SVG_ROOT.sub('<svg preserveAspectRatio="xMidYMid slice"', source, count=1)
    return Markup(svg)  # noqa: S704


@cache
def _static_svg(relative: str) -> str | None:
    static = Path(current_app.static_folder or "").resolve()
    path = (static / relative).resolve()
    if not path.is_relative_to(static) or not path.is_file():
        return None
    return path.read_text(encoding="utf-8")


def _paste_photo(image: Image.Image, photo: CasePhoto) -> None:
    left, top, right, bottom = PHOTO_BOX
    with Image.open(io.BytesIO(photo.content)) as source:
        fitted = ImageOps.fit(source.convert("RGB"), (right - left, bottom - top))
    image.paste(fitted, (left, top))


def _png(image: Image.Image) -> bytes:
    """PNG bytes under MAX_BYTES: full colour where it fits (flat illustrations do),
    else 256 colours (a photograph), which previews show without visible loss."""
    for candidate in (image, image.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)):
        buffer = io.BytesIO()
        candidate.save(buffer, format="PNG", optimize=True)
        if buffer.tell() <= MAX_BYTES:
            return buffer.getvalue()
    buffer = io.BytesIO()
    image.convert("RGB").quantize(colors=64).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
