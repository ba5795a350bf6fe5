"""An upload cut short, or claiming to be enormous (a decompression bomb), is no case photo
(webapp.campaigns.photos). How the organiser's upload form answers is in
tests/content/test_photos.py."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from tests.campaigns.images import png_header_only
from webapp.campaigns.photos import PhotoError, process_photo


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("keep", [0.2, 0.5, 0.9])
def test_a_photo_cut_short_is_refused_not_shown_half_grey(fmt, keep):
    from PIL import ImageFile

    whole = BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(whole, fmt)
    data = whole.getvalue()
    with pytest.raises(PhotoError, match="not a photo we can use"):
        process_photo(data[: int(len(data) * keep)])
    assert process_photo(data).width == 400
    # WeasyPrint's process-wide setting is left as it was.
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


@pytest.mark.parametrize("size", [(8000, 8000), (12_000, 12_000), (40_000, 40_000)])
def test_decompression_bombs_are_refused(size):
    with pytest.raises(PhotoError):
        process_photo(png_header_only(*size))
