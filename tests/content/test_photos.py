"""Case photos: recognised by content, limited in size, re-encoded without metadata,
kept in the database and served with a long cache lifetime."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from PIL import ExifTags, Image
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.campaigns.images import png_header_only
from tests.factories import CaseFactory
from webapp.models import AuditEvent, CasePhoto


def jpeg_with_gps(size=(1600, 1200), orientation: int | None = None) -> bytes:
    """A JPEG as a phone makes it: EXIF with GPS position, camera, a comment, a profile."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.BodySerialNumber] = "SN-123456"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (35.0, 41.0, 22.2)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (51.0, 23.0, 21.6)
    out = BytesIO()
    Image.new("RGB", size, (180, 40, 40)).save(
        out, "JPEG", exif=exif.tobytes(), comment=b"taken at the safe house"
    )
    data = out.getvalue()
    assert Image.open(BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # it has GPS
    return data


def image_bytes(fmt: str, size=(40, 30), mode="RGB") -> bytes:
    out = BytesIO()
    Image.new(mode, size).save(out, fmt)
    return out.getvalue()


def upload(browser, case, data: bytes | None, alt: str = "Amina, smiling", name="photo.jpg"):
    """Send the photo form as a browser does (multipart, with the file's name)."""
    form: dict = {"alt": alt}
    if data is not None:
        form["photo"] = FileStorage(BytesIO(data), filename=name)
    # Encoded in memory: the test client would spool a large body to a temporary file
    # it never closes (a ResourceWarning, so an error here).
    boundary, body = encode_multipart(form)
    return browser.post(
        f"/admin/content/cases/{case.id}/photo",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def photo_url(page: str) -> str:
    return re.search(r'src="(/photos/\d+/[0-9a-f]{16}\.jpg)"', page).group(1)


@pytest.fixture
def case(db):
    case = CaseFactory(name="Amina Diallo", slug="amina-diallo")
    db.session.commit()
    return case


def test_an_uploaded_photo_is_served_without_any_metadata(db, organiser, client, case):
    response = upload(organiser, case, jpeg_with_gps())
    assert response.status_code == 303
    assert response.location == f"/admin/content/cases/{case.id}/edit#photo"

    page = client.get("/cases/amina-diallo").get_data(as_text=True)
    url = photo_url(page)
    assert 'alt="Amina, smiling"' in page and 'width="1200" height="900"' in page
    served = client.get(url)
    assert served.status_code == 200
    assert served.mimetype == "image/jpeg"
    assert served.headers["Cache-Control"] == "public, max-age=3600"

    stored = Image.open(BytesIO(served.data))
    assert stored.format == "JPEG" and stored.size == (1200, 900)
    assert not stored.getexif()
    assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert set(stored.info) <= {
        "jfif",
        "jfif_version",
        "jfif_unit",
        "jfif_density",
        "progressive",
        "progression",
    }
    for marker in (b"Exif", b"PhoneMaker", b"SN-123456", b"safe house", b"ICC_PROFILE"):
        assert marker not in served.data
    event = db.session.scalars(db.select(AuditEvent)).one()
    assert event.action == "case.photo_uploaded" and event.subject_id == str(case.id)
    assert event.details["width"] == 1200


def test_the_photo_replaces_the_illustration_on_the_cards_too(db, organiser, client, case):
    case.photo_path = "img/cases/leyla-ahmadi.svg"
    db.session.commit()
    assert "leyla-ahmadi.svg" in client.get("/").get_data(as_text=True)
    upload(organiser, case, jpeg_with_gps())
    home = client.get("/").get_data(as_text=True)
    assert "leyla-ahmadi.svg" not in home
    assert photo_url(home)


def test_a_sideways_phone_photo_is_turned_upright(db, organiser, case):
    upload(organiser, case, jpeg_with_gps(size=(1600, 1200), orientation=6))
    db.session.expire_all()
    photo = db.session.scalars(db.select(CasePhoto)).one()
    assert (photo.width, photo.height) == (1200, 1600)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (image_bytes("PNG"), "photo.gif"),
        (image_bytes("WEBP"), "photo.txt"),
        (image_bytes("JPEG"), "no-extension"),
        (image_bytes("PNG", mode="RGBA"), "transparent.png"),
        (image_bytes("PNG", mode="P"), "palette.png"),
    ],
)
def test_jpeg_png_and_webp_are_recognised_by_content_not_name(db, organiser, case, data, name):
    assert upload(organiser, case, data, name=name).status_code == 303
    db.session.expire_all()
    assert db.session.scalars(db.select(CasePhoto)).one().mime_type == "image/jpeg"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (image_bytes("GIF"), "photo.jpg"),
        (image_bytes("BMP"), "photo.png"),
        (image_bytes("TIFF"), "photo.jpg"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "photo.png"),
        (b"%PDF-1.7 not a photo", "photo.jpg"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 200, "photo.jpg"),
        (jpeg_with_gps()[:3000], "truncated.jpg"),
        (b"<?php echo 1; ?>", "photo.webp"),
    ],
)
def test_anything_else_is_refused_with_a_plain_message_and_nothing_saved(
    db, organiser, case, data, name
):
    response = upload(organiser, case, data, name=name)
    assert response.status_code == 422
    assert "This file is not a photo we can use." in response.get_data(as_text=True)
    assert db.session.query(CasePhoto).count() == 0
    assert db.session.query(AuditEvent).count() == 0


def test_a_photo_over_the_size_limit_is_refused(db, app, organiser, case, monkeypatch):
    monkeypatch.setitem(app.config, "PHOTO_MAX_BYTES", 20_000)
    data = jpeg_with_gps(size=(1000, 800)) + b"\0" * 20_000
    response = upload(organiser, case, data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "photos can be at most 20 KB" in page
    assert db.session.query(CasePhoto).count() == 0


def test_a_request_far_over_the_limit_gets_the_same_plain_words(
    db, app, organiser, case, monkeypatch
):
    monkeypatch.setitem(app.config, "PHOTO_MAX_BYTES", 20_000)
    response = upload(organiser, case, b"\0" * 200_000)
    assert response.status_code == 413
    assert "This photo is too large; photos can be at most 20 KB." in response.get_data(
        as_text=True
    )
    assert db.session.query(CasePhoto).count() == 0


def test_the_default_limit_is_five_megabytes_and_allows_more_than_the_site_s_form_limit(
    db, app, organiser, case
):
    assert app.config["MAX_CONTENT_LENGTH"] < 2 * 1024 * 1024
    big = BytesIO()
    # Noise does not compress: a 1500 × 1200 PNG of it is over 2 MB.
    Image.effect_noise((1500, 1200), 100).convert("RGB").save(big, "PNG")
    assert big.tell() > 2 * 1024 * 1024
    assert upload(organiser, case, big.getvalue(), name="noise.png").status_code == 303
    too_big = b"\x89PNG" + b"\0" * (5 * 1024 * 1024)
    response = upload(organiser, case, too_big)
    assert response.status_code == 422
    assert "photos can be at most 5 MB" in response.get_data(as_text=True)


def test_too_many_pixels_are_refused_before_decoding(db, app, organiser, case, monkeypatch):
    monkeypatch.setitem(app.config, "PHOTO_MAX_PIXELS", 1_000_000)
    response = upload(organiser, case, jpeg_with_gps(size=(1600, 1200)))
    assert response.status_code == 422
    assert "1600 × 1200 pixels, more than we can take (1 million pixels)" in response.get_data(
        as_text=True
    )


def test_even_with_our_own_limit_raised_pillow_s_limit_holds(db, app, organiser, case, monkeypatch):
    monkeypatch.setitem(app.config, "PHOTO_MAX_PIXELS", 10**12)
    for size in ((10_000, 10_000), (40_000, 40_000)):
        response = upload(organiser, case, png_header_only(*size))
        assert response.status_code == 422
        assert "This file is not a photo we can use." in response.get_data(as_text=True)


def test_a_description_is_required(db, organiser, case):
    response = upload(organiser, case, jpeg_with_gps(), alt="  ")
    assert response.status_code == 422
    assert "Please describe the photo for people who cannot see it." in response.get_data(
        as_text=True
    )
    assert db.session.query(CasePhoto).count() == 0


def test_without_a_photo_only_the_description_can_change(db, organiser, case):
    response = upload(organiser, case, None)
    assert response.status_code == 422
    assert "Please choose a photo to upload." in response.get_data(as_text=True)
    upload(organiser, case, jpeg_with_gps())
    assert upload(organiser, case, None, alt="Amina at her desk").status_code == 303
    db.session.expire_all()
    assert db.session.get(type(case), case.id).photo_alt == "Amina at her desk"
    actions = list(db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions == ["case.photo_uploaded", "case.photo_alt_changed"]


def test_a_draft_s_photo_is_shown_only_to_organisers(db, organiser, client):
    draft = CaseFactory(draft=True)
    db.session.commit()
    upload(organiser, draft, jpeg_with_gps())
    url = photo_url(
        organiser.get(f"/admin/content/cases/{draft.id}/preview").get_data(as_text=True)
    )
    assert client.get(url).status_code == 404
    seen = organiser.get(url)
    assert seen.status_code == 200
    assert (
        "no-store" in seen.headers["Cache-Control"]
        and "public" not in seen.headers["Cache-Control"]
    )


def test_a_new_photo_gets_a_new_address_and_the_old_one_is_gone(db, organiser, client, case):
    upload(organiser, case, jpeg_with_gps())
    first = photo_url(client.get("/cases/amina-diallo").get_data(as_text=True))
    upload(organiser, case, image_bytes("PNG", size=(300, 200)))
    second = photo_url(client.get("/cases/amina-diallo").get_data(as_text=True))
    assert first != second
    assert client.get(first).status_code == 404
    assert Image.open(BytesIO(client.get(second).data)).size == (300, 200)
    assert db.session.query(CasePhoto).count() == 1


def test_a_photo_can_be_taken_down(db, organiser, client, case):
    case.photo_path = "img/cases/leyla-ahmadi.svg"
    db.session.commit()
    upload(organiser, case, jpeg_with_gps())
    url = photo_url(client.get("/cases/amina-diallo").get_data(as_text=True))
    assert organiser.post(f"/admin/content/cases/{case.id}/photo/remove").status_code == 303
    page = client.get("/cases/amina-diallo").get_data(as_text=True)
    assert '<img class="case__photo"' not in page
    assert client.get(url).status_code == 404
    assert db.session.query(CasePhoto).count() == 0
    assert db.session.scalars(
        db.select(AuditEvent.action).order_by(AuditEvent.id.desc())
    ).first() == ("case.photo_removed")


def test_a_wrong_key_finds_nothing(db, organiser, client, case):
    upload(organiser, case, jpeg_with_gps())
    url = photo_url(client.get("/cases/amina-diallo").get_data(as_text=True))
    assert (
        client.get(re.sub(r"/[0-9a-f]{16}\.jpg", "/0000000000000000.jpg", url)).status_code == 404
    )
    assert client.get("/photos/999/0000000000000000.jpg").status_code == 404
