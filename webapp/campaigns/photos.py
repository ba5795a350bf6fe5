"""Uploaded photos: checked by what they are, re-encoded, and stripped of every metadata.

The one place that opens uploaded images. A photo of a person at risk can carry where it
was taken (EXIF GPS), the camera's serial number and the photographer's name: none of
that may reach the public page, so nothing of the upload is kept but its pixels.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from webapp.domain import DomainError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Our own limit on decoded size, well under Pillow's (Image.MAX_IMAGE_PIXELS, about 89
# million, beyond which it warns, and twice that, beyond which it refuses): a small file
# can claim a huge image (a decompression bomb), and decoding it would take the process's
# memory. 40 million pixels is more than any phone camera's default.
DEFAULT_MAX_PIXELS = 40_000_000
# What the site shows: cards and the case page never need more.
MAX_WIDTH = 1200
MAX_HEIGHT = 2400
JPEG_QUALITY = 85
OUTPUT_MIME_TYPE = "image/jpeg"
# Pillow's names of the formats we accept, recognised by content, never by file name.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")


def _not_a_photo() -> str:
    return _(
        "This file is not a photo we can use. Please upload a JPEG, PNG or WebP image "
        "(exported again from a photo editor if it still fails)."
    )


class PhotoError(DomainError):
    """An upload that cannot be a case photo; the message is fit to show the organiser."""


@dataclass(frozen=True)
class PhotoLimits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_pixels: int = DEFAULT_MAX_PIXELS

    @classmethod
    def from_config(cls) -> PhotoLimits:
        """PHOTO_MAX_BYTES and PHOTO_MAX_PIXELS from the app's config."""
        config = current_app.config
        return cls(max_bytes=config["PHOTO_MAX_BYTES"], max_pixels=config["PHOTO_MAX_PIXELS"])


@dataclass(frozen=True)
class ProcessedPhoto:
    """A photo as the site keeps it: a fresh JPEG and its size."""

    content: bytes
    mime_type: str
    width: int
    height: int


def megabytes(size: int) -> str:
    """A size for people: "5 MB", "5.2 MB", "300 KB"."""
    if size < 1024 * 1024:
        return _("%(size)s KB", size=max(1, round(size / 1024)))
    return _("%(size)s MB", size=f"{size / (1024 * 1024):.1f}".removesuffix(".0"))


def process_photo(data: bytes, limits: PhotoLimits | None = None) -> ProcessedPhoto:
    """Check an upload is a JPEG, PNG or WebP image of a sane size, and re-encode it as a
    JPEG at most MAX_WIDTH wide, upright, in sRGB, with no metadata at all."""
    limits = limits or PhotoLimits()
    if not data:
        raise PhotoError(_("Please choose a photo to upload."))
    if len(data) > limits.max_bytes:
        raise PhotoError(
            _(
                "This photo is %(size)s; photos can be at most %(limit)s. Please upload a "
                "smaller version.",
                size=megabytes(len(data)),
                limit=megabytes(limits.max_bytes),
            )
        )
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its two limits: here that is a refusal too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
                _check_pixels(probe.size, limits)
                probe.verify()
            # verify() leaves the image unusable: open it again to decode it.
            with Image.open(BytesIO(data), formats=ACCEPTED_FORMATS) as image:
                # JPEG only: decode straight at a fraction of the size (1/2 to 1/8).
                image.draft("RGB", (MAX_WIDTH, MAX_HEIGHT))
                with _refusing_truncated_images():
                    image.load()
                return _reencode(image)
    except PhotoError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,  # how some of Pillow's decoders report a malformed file
        ValueError,
        EOFError,
    ) as error:
        raise PhotoError(_not_a_photo()) from error


_STRICT_DECODING = threading.Lock()


@contextmanager
def _refusing_truncated_images() -> Iterator[None]:
    """Refuse an upload cut short instead of showing it half grey.

    WeasyPrint sets Pillow's process-wide ImageFile.LOAD_TRUNCATED_IMAGES (it prefers half
    a picture in a PDF to none); it only matters for truncated files, and WeasyPrint only
    reads the letters' own assets, so switching it off while a photo decodes is safe. The
    lock keeps two uploads from restoring each other's saved value."""
    with _STRICT_DECODING:
        saved = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _check_pixels(size: tuple[int, int], limits: PhotoLimits) -> None:
    width, height = size
    if width < 1 or height < 1:
        raise PhotoError(_not_a_photo())
    if width * height > limits.max_pixels:
        raise PhotoError(
            _(
                "This photo is %(width)s × %(height)s pixels, more than we can take "
                "(%(millions)s million pixels). Please upload a smaller version.",
                width=width,
                height=height,
                millions=f"{limits.max_pixels / 1_000_000:g}",
            )
        )


def _shrink_early(image: Image.Image) -> Image.Image:
    """Cut a large picture down to about twice the final size before anything else, so
    rotating, flattening and converting never copy a full-size picture (a 40-megapixel
    PNG would take several hundred megabytes per copy). The final resize does the rest."""
    factor = int(max(image.width / MAX_WIDTH, image.height / MAX_HEIGHT) // 2)
    if factor < 2:
        return image
    info = dict(image.info)  # orientation and colour profile, read after this
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode not in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return image  # 16-bit grey and the like: rare, and reduce() does not take them
    reduced = image.reduce(factor)
    reduced.info = info
    return reduced


def _reencode(image: Image.Image) -> ProcessedPhoto:
    image = _shrink_early(image)
    # Turn it upright first: the orientation tag goes with the rest of the metadata.
    image = ImageOps.exif_transpose(image)
    icc_profile = image.info.get("icc_profile")
    image = _flatten(image)
    if icc_profile:
        image = _to_srgb(image, icc_profile)
    image = image.convert("RGB")
    image.thumbnail((MAX_WIDTH, MAX_HEIGHT), Image.Resampling.LANCZOS)
    # A new image holds the pixels and nothing else: no EXIF (GPS, camera serial), XMP,
    # IPTC, comment or colour profile can be carried over by accident.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    out = BytesIO()
    clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return ProcessedPhoto(out.getvalue(), OUTPUT_MIME_TYPE, clean.width, clean.height)


def _flatten(image: Image.Image) -> Image.Image:
    """Transparent parts on white (a JPEG has no transparency), 16-bit grey to 8-bit."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        return image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        image = image.convert("RGBA")
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, image).convert("RGB")
    return image


def _to_srgb(image: Image.Image, icc_profile: bytes) -> Image.Image:
    """Colours as the camera meant them (Display P3, Adobe RGB) in sRGB, since the
    profile itself is dropped; a profile that cannot be read is ignored."""
    if image.mode not in ("RGB", "CMYK", "L"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(icc_profile))
        return ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image
