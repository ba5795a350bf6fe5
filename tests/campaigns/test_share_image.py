"""A case's share image (issue 15, item 5): a 1200 × 630 PNG under 300 KB, not blank, the
name shaped and ordered as its script reads (checked against reference renderings of the
same card), made once per content and served from a cacheable address that changes with
what it shows."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageOps, ImageStat
from sqlalchemy import func, select

from tests.factories import CaseFactory, PetitionFactory
from webapp.campaigns import share_image
from webapp.campaigns.services import set_case_photo
from webapp.models import ShareImage

ARTIFACTS = Path(os.environ.get("ARTIFACTS_DIR") or "artifacts/screenshots")
NAME_BOX = (530, 100, 1150, 200)  # the name's line, at the start of the text column


def _image(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def _og_image(client, path: str) -> str:
    """The address the page's og:image tag names."""
    page = client.get(path).get_data(as_text=True)
    tag = '<meta property="og:image" content="'
    start = page.index(tag) + len(tag)
    return page[start : page.index('"', start)]


def _noisy_photo(size: tuple[int, int]) -> bytes:
    """A camera-sized JPEG of coloured noise: the hardest picture to keep small."""
    channels = [Image.effect_noise(size, 70) for _ in range(3)]
    out = io.BytesIO()
    Image.merge("RGB", channels).save(out, "JPEG", quality=90)
    return out.getvalue()


def _keep(name: str, png: bytes) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"share-image-{name}.png").write_bytes(png)


@pytest.fixture
def leyla(db):
    case = CaseFactory(
        slug="leyla-ahmadi",
        name="Leyla Ahmadi",
        headline="Student sentenced to six years in prison for a poem she posted online",
        photo_path="img/cases/leyla-ahmadi.svg",
    )
    PetitionFactory(case=case, title="Free Leyla Ahmadi")
    db.session.commit()
    return case


def test_the_image_is_a_small_1200_by_630_png_with_a_picture_and_words(app, leyla):
    with app.test_request_context("/"):
        png = share_image.render(share_image.case_card(leyla, "Free Leyla Ahmadi", "en"))
    _keep("leyla-en", png)
    image = _image(png)
    assert (image.format, image.size) == ("PNG", (1200, 630))
    assert len(png) < 300_000
    rgb = image.convert("RGB")
    # Not blank: the illustration's colours on the left, black words on yellow on the right.
    assert len(rgb.crop((0, 0, 480, 630)).getcolors(1_000_000)) > 20
    words = rgb.crop((480, 0, 1200, 630)).convert("L")
    dark = sum(count for count, value in words.getcolors(256) if value < 60)
    assert dark > 5_000


def test_the_words_on_the_image_are_the_cases(app, leyla):
    """What is drawn is read back from the page the image is rasterised from."""
    from pypdf import PdfReader

    from webapp.printing import pdf

    card = share_image.case_card(leyla, "Free Leyla Ahmadi", "en")
    with app.test_request_context("/"):
        html = pdf.share_card_html(share_image.card_values(card))
    text = PdfReader(io.BytesIO(pdf.render_pdf(html).content)).pages[0].extract_text()
    for words in ("Write for Rights", "Leyla Ahmadi", "six years in prison", "Free Leyla Ahmadi"):
        assert words in " ".join(text.split())


def _name_pixels(app, case, name: str) -> Image.Image:
    case.name = name
    with app.test_request_context("/"):
        png = share_image.render(share_image.case_card(case, "", "en"))
    return _image(png).convert("L").crop(NAME_BOX)


@pytest.mark.parametrize(
    "name",
    [
        "سمير حداد",  # Arabic
        "لیلا احمدی",  # Persian
    ],
)
def test_a_right_to_left_name_is_drawn_right_to_left(app, leyla, name):
    drawn = _name_pixels(app, leyla, name)
    # References: the same card with the name's order forced, right to left (as it must
    # read) and left to right (its letters in typed order, as a renderer without the
    # bidirectional algorithm would draw it).
    right_to_left = _name_pixels(app, leyla, f"\u202e{name}\u202c")
    left_to_right = _name_pixels(app, leyla, f"\u202d{name}\u202c")
    assert ImageChops.difference(drawn, right_to_left).getbbox() is None
    assert ImageChops.difference(drawn, left_to_right).getbbox() is not None


def test_a_chinese_name_is_drawn_not_boxed(app, leyla):
    from webapp.printing import pdf

    leyla.name = "陳光明"
    card = share_image.case_card(leyla, "", "en")
    with app.test_request_context("/"):
        rendered = pdf.render_pdf(pdf.share_card_html(share_image.card_values(card)))
    assert rendered.missing_characters == ()


def test_the_image_is_made_once_per_content_and_anew_after_an_edit(app, db, leyla, monkeypatch):
    renders = []
    real_render = share_image.render
    monkeypatch.setattr(
        share_image, "render", lambda card: renders.append(card) or real_render(card)
    )
    with app.test_request_context("/"):
        card = share_image.case_card(leyla, "Free Leyla Ahmadi", "en")
        first = share_image.image_for(card)
        again = share_image.image_for(card)
        assert first == again and len(renders) == 1
        key = share_image.image_key(card)
        leyla.headline = "Released after two years: thank you"
        edited = share_image.case_card(leyla, "Free Leyla Ahmadi", "en")
        assert share_image.image_key(edited) != key
        share_image.image_for(edited)
        assert len(renders) == 2
        # Each language's frame has an image of its own.
        assert share_image.image_key(share_image.case_card(leyla, "", "fr")) != key
    assert db.session.scalar(select(func.count()).select_from(ShareImage)) == 2


def test_the_image_is_served_for_good_and_a_stale_address_leads_to_todays(client, db, leyla):
    page = client.get(f"/cases/{leyla.slug}").get_data(as_text=True)
    start = page.index('<meta property="og:image" content="') + len(
        '<meta property="og:image" content="'
    )
    url = page[start : page.index('"', start)]
    assert url.startswith(f"http://localhost/cases/{leyla.slug}/share/en/")
    response = client.get(url.removeprefix("http://localhost"))
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert "immutable" in response.headers["Cache-Control"]
    assert "public" in response.headers["Cache-Control"]
    assert _image(response.data).size == (1200, 630)

    stale = client.get(f"/cases/{leyla.slug}/share/en/0123456789abcdef0123.png")
    assert stale.status_code == 302 and stale.headers["Location"] == url
    assert client.get(f"/cases/{leyla.slug}/share/xx/0123.png").status_code == 404
    draft = CaseFactory(draft=True)
    db.session.commit()
    assert client.get(f"/cases/{draft.slug}/share/en/0123.png").status_code == 404


def test_an_uploaded_photo_is_in_the_image_the_case_page_names(client, db, leyla, people):
    """A case with an organiser's upload (a noisy 2000 × 1500 JPEG, kept as the CMS keeps
    it): the image the page's og:image names, fetched as a preview would, is still a
    1200 × 630 PNG under 300 KB, and its photo box shows the photo, not the illustration."""
    prefix = "http://localhost"
    illustration_url = _og_image(client, f"/cases/{leyla.slug}")
    illustrated = _image(client.get(illustration_url.removeprefix(prefix)).data).convert("RGB")

    set_case_photo(people["organiser"], leyla, _noisy_photo((2000, 1500)), "Leyla Ahmadi")
    db.session.commit()
    assert (leyla.photo.width, leyla.photo.height) == (1200, 900)
    url = _og_image(client, f"/cases/{leyla.slug}")
    assert url != illustration_url and url.startswith(f"{prefix}/cases/{leyla.slug}/share/en/")
    response = client.get(url.removeprefix(prefix))
    assert response.status_code == 200 and response.mimetype == "image/png"
    _keep("leyla-photo-en", response.data)
    image = _image(response.data)
    assert (image.format, image.size) == ("PNG", (1200, 630))
    assert len(response.data) < 300_000
    rgb = image.convert("RGB")
    # Not blank: the pixels vary, in the photo and in the words beside it.
    assert min(ImageStat.Stat(rgb).stddev) > 20
    left, top, right, bottom = share_image.PHOTO_BOX
    drawn = rgb.crop(share_image.PHOTO_BOX)
    # Shrunk to the box, the noise is averaged over about 17 of the upload's pixels.
    assert min(ImageStat.Stat(drawn).stddev) > 8
    words = rgb.crop((right, top, 1200, bottom)).convert("L")
    assert sum(count for count, value in words.getcolors(256) if value < 60) > 5_000

    # The box holds the photo as stored (fitted to it), not the illustration drawn there
    # before: far closer to the one than to the other.
    with Image.open(io.BytesIO(leyla.photo.content)) as stored:
        photo = ImageOps.fit(stored.convert("RGB"), (right - left, bottom - top))
    from_photo = ImageStat.Stat(ImageChops.difference(drawn, photo)).mean
    from_illustration = ImageStat.Stat(
        ImageChops.difference(drawn, illustrated.crop(share_image.PHOTO_BOX))
    ).mean
    # (Not equal: the PNG has 256 colours when a photograph's full colours would not fit.)
    assert max(from_photo) < 10
    assert min(from_illustration) > 3 * max(from_photo)
