"""With CSRF protection on (as in production), content forms need their token, the photo
upload included (it checks the token itself, after allowing a larger body)."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.factories import PASSWORD, CaseFactory
from webapp.models import AuditEvent, CasePhoto, CaseStatus


@pytest.fixture
def csrf_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def _token(browser, path: str) -> str:
    page = browser.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _photo_body(token: str | None) -> tuple[str, bytes]:
    image = BytesIO()
    Image.new("RGB", (40, 30)).save(image, "JPEG")
    form: dict = {"alt": "A photo", "photo": FileStorage(BytesIO(image.getvalue()), "p.jpg")}
    if token:
        form["csrf_token"] = token
    return encode_multipart(form)


def test_content_forms_and_the_photo_upload_check_their_token(app, db, people, csrf_on):
    case = CaseFactory(draft=True)
    db.session.commit()
    browser = app.test_client()
    token = _token(browser, "/account/login")
    logged_in = browser.post(
        "/account/login",
        data={"email": "olu@org.example", "password": PASSWORD, "csrf_token": token},
    )
    assert logged_in.status_code == 303
    path = f"/admin/content/cases/{case.id}/photo"

    boundary, body = _photo_body(None)
    refused = browser.post(
        path, data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert refused.status_code == 400
    assert "This form expired" in refused.get_data(as_text=True)
    assert db.session.query(CasePhoto).count() == 0

    for post in ("publish", "close", "photo/remove"):
        assert browser.post(f"/admin/content/cases/{case.id}/{post}").status_code == 400
    assert browser.post("/admin/content/cases/new", data={"slug": "x"}).status_code == 400
    db.session.refresh(case)
    assert case.status is CaseStatus.DRAFT
    assert db.session.query(AuditEvent).count() == 0

    token = _token(browser, f"/admin/content/cases/{case.id}/edit")
    boundary, body = _photo_body(token)
    accepted = browser.post(
        path, data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert accepted.status_code == 303
    assert db.session.query(CasePhoto).count() == 1
    assert (
        browser.post(
            f"/admin/content/cases/{case.id}/publish", data={"csrf_token": token}
        ).status_code
        == 303
    )
