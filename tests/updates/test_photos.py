"""An update's optional photo (issue 18, item 1): uploaded with a description,
re-encoded, shown with the update, served from an address that changes with it; refused
in plain words when it is not a photo, too large or undescribed; removable."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from tests.factories import CaseFactory, CaseUpdateFactory


def _jpeg(size=(800, 600), colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def update_row(db):
    row = CaseUpdateFactory(case=CaseFactory(name="Leyla Ahmadi", slug="leyla"))
    db.session.commit()
    return row


def _upload(organiser, row, data: bytes | None, alt="Leyla hugging her mother at the gate"):
    form = {"alt": alt}
    if data is not None:
        form["photo"] = (io.BytesIO(data), "leyla.jpg")
    return organiser.post(
        f"/admin/updates/{row.id}/photo", data=form, content_type="multipart/form-data"
    )


def test_a_photo_is_uploaded_shown_with_the_update_and_removed(db, organiser, client, update_row):
    assert _upload(organiser, update_row, _jpeg()).status_code == 303
    page = client.get("/cases/leyla").get_data(as_text=True)
    img = re.search(r'<img class="update__photo" src="([^"]+)" alt="([^"]+)"', page)
    assert img.group(2) == "Leyla hugging her mother at the gate"
    served = client.get(img.group(1))
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert "public" in served.headers["Cache-Control"]
    assert Image.open(io.BytesIO(served.data)).size[0] <= 800

    assert organiser.post(f"/admin/updates/{update_row.id}/photo/remove").status_code == 303
    assert "update__photo" not in client.get("/cases/leyla").get_data(as_text=True)
    assert client.get(img.group(1)).status_code == 404


@pytest.mark.parametrize(
    ("data", "alt", "status", "message"),
    [
        (b"%PDF-1.7 not a photo", "A description", 422, "not a photo"),
        (None, "A description", 422, "Please choose a photo to upload."),
        ("jpeg", "", 422, "Please describe the photo for people who cannot see it."),
    ],
)
def test_a_bad_upload_is_refused_in_plain_words(
    db, organiser, update_row, data, alt, status, message
):
    response = _upload(organiser, update_row, _jpeg() if data == "jpeg" else data, alt)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert update_row.photo_digest == ""


def test_a_draft_updates_photo_is_for_organisers_only(db, organiser, client, update_row):
    _upload(organiser, update_row, _jpeg())
    update_row.published_at = None
    db.session.commit()
    path = f"/updates/{update_row.id}/photo/{update_row.photo_key}.jpg"
    assert client.get(path).status_code == 404
    response = organiser.get(path)
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
