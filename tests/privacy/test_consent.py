"""The consent text beside the Sign button is versioned and recorded with each signature."""

from __future__ import annotations

from sqlalchemy import func, select

from webapp.models import Signature
from webapp.privacy import consent


def test_the_form_shows_the_current_text_and_the_signature_records_its_version(
    client, db, petition, sign
):
    page = client.get(f"/cases/{petition.case.slug}").get_data(as_text=True)
    assert consent.CURRENT.text in page
    assert f'name="consent_version" type="hidden" value="{consent.CURRENT.version}"' in page
    sign(petition, "Ada", "ada@example.org")
    assert db.session.scalar(select(Signature.consent_version)) == consent.CURRENT.version


def test_a_page_shown_with_an_older_text_asks_to_read_again(client, db, petition):
    response = client.post(
        f"/petitions/{petition.slug}/sign",
        data={
            "full_name": "Ada",
            "email": "ada@example.org",
            "country": "GB",
            "consent_version": "2019-01",
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Our privacy text changed while this page was open" in html
    assert f'value="{consent.CURRENT.version}"' in html  # the page shown again is current
    assert db.session.scalar(select(func.count()).select_from(Signature)) == 0


def test_the_privacy_page_states_what_is_kept_and_for_how_long(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SIGNER_DATA_MONTHS", 4)
    monkeypatch.setitem(app.config, "LETTER_DATA_DAYS", 45)
    html = client.get("/privacy").get_data(as_text=True)
    assert "4 months after the petition closes" in html
    assert "45 days after your last change" in html
    assert f"deleted {app.config['CLASSROOM_RETENTION_DAYS']} days after the teacher" in html
    for text in consent.CONSENT_TEXTS:
        assert text.text in html and text.version in html
    assert 'href="/my-data"' in html
