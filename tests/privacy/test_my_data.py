"""A supporter's own data: a link by email, a copy, and erasure that leaves counts right."""

from __future__ import annotations

import base64
import json
import zlib

import pytest
from itsdangerous.timed import TimestampSigner
from sqlalchemy import func, select

from tests.factories import PetitionFactory, SignatureFactory
from webapp.models import OutboxMessage, Signature, SignatureStatus
from webapp.petitions.services import recount, signature_count
from webapp.privacy import consent


def _ask_for_link(client, email: str):
    return client.post("/my-data", data={"email": email})


def test_the_link_shows_everything_held_and_a_copy_downloads(
    client, db, petition, sign, my_data_link
):
    sign(petition, "Ada Lovelace", "Ada.Lovelace+w4r@Example.org")
    # The address as signed, in any case (a +tag is an address of its own: issue 21, 16).
    response = _ask_for_link(client, "ada.lovelace+W4R@example.org")
    assert response.status_code == 303 and response.location.endswith("/my-data/sent")

    page = client.get(my_data_link("ada.lovelace+W4R@example.org"))
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert "Ada Lovelace" in html and "Free Leyla Ahmadi" in html and "confirmed, counted" in html

    download = client.post(my_data_link("ada.lovelace+W4R@example.org") + "/copy")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"] == 'attachment; filename="my-data.json"'
    copy = json.loads(download.get_data(as_text=True))
    [signed] = copy["signatures"]
    assert signed["full_name"] == "Ada Lovelace"
    assert signed["email"] == "Ada.Lovelace+w4r@Example.org"
    assert signed["petition"] == "Free Leyla Ahmadi"
    assert signed["status"] == "confirmed"
    assert signed["consent_version"] == consent.CURRENT.version
    assert signed["consent_text"] == consent.CURRENT.text
    # The confirmation email and the my-data email are still kept.
    assert copy["emails_kept"] == 2


def test_an_address_with_nothing_held_gets_the_same_page_and_no_email(client, db, petition):
    response = _ask_for_link(client, "nobody@example.org")
    assert response.status_code == 303 and response.location.endswith("/my-data/sent")
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_a_bad_address_is_refused_with_a_message(client, db):
    response = _ask_for_link(client, "not an address")
    assert response.status_code == 422
    assert "Please enter a valid email address" in response.get_data(as_text=True)


@pytest.mark.parametrize("token", ["forged", "eyJhIjoiYiJ9.forged.sig"])
def test_a_forged_link_opens_nothing(client, db, token):
    response = client.get(f"/my-data/{token}")
    assert response.status_code == 404
    assert "This link does not work" in response.get_data(as_text=True)
    assert client.post(f"/my-data/{token}/erase").status_code == 404
    assert client.post(f"/my-data/{token}/copy").status_code == 404


def test_an_old_link_opens_nothing(client, db, petition, sign, my_data_link, monkeypatch):
    sign(petition, "Ada", "ada@example.org")
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) - 25 * 3600)
    _ask_for_link(client, "ada@example.org")
    monkeypatch.setattr(TimestampSigner, "get_timestamp", real)
    response = client.get(my_data_link("ada@example.org"))
    assert response.status_code == 404
    assert "last 24 hours" in response.get_data(as_text=True)


def test_opening_the_link_changes_nothing(client, db, petition, sign, my_data_link):
    """Mail scanners open links; only the button erases."""
    sign(petition, "Ada", "ada@example.org")
    _ask_for_link(client, "ada@example.org")
    for _ in range(3):
        client.get(my_data_link("ada@example.org"))
    assert db.session.scalar(select(Signature.full_name)) == "Ada"


def test_erasure_removes_the_person_everywhere_and_counts_stay_right(
    app, client, db, petition, sign, my_data_link, people, browser_for
):
    other = PetitionFactory(title="Stop the executions")
    db.session.commit()
    sign(petition, "Ada Lovelace", "ada@example.org", country="FR")
    sign(other, "Ada L.", "ADA@Example.org", country="FR", confirm=False)
    sign(petition, "Grace Hopper", "grace@example.org", country="US")
    before = signature_count(petition)
    assert before == 2

    _ask_for_link(client, "ada@example.org")
    link = my_data_link("ada@example.org")
    assert "Erase my data now" in client.get(link).get_data(as_text=True)
    response = client.post(link + "/erase")
    assert response.status_code == 303 and response.location.endswith("/my-data/erased")
    db.session.expire_all()

    # The confirmed signature still counts, anonymously; the unconfirmed one is gone.
    assert signature_count(petition) == before
    assert recount() == {}  # the shards agree with the rows
    ada = db.session.scalars(select(Signature).where(Signature.country == "FR")).all()
    assert len(ada) == 1
    [kept] = ada
    assert kept.status is SignatureStatus.CONFIRMED and kept.anonymised_at is not None
    assert (kept.full_name, kept.email, kept.client_hash) == ("", "", None)
    assert "ada" not in kept.email_canonical and "ada" not in kept.token_nonce.lower()
    # Every email to her is gone from the outbox; Grace's are not.
    recipients = {m.recipient.lower() for m in db.session.scalars(select(OutboxMessage))}
    assert recipients == {"grace@example.org"}

    # Nowhere on the organisers' side is her name found any more.
    organiser = browser_for(people["organiser"])
    admin = browser_for(people["admin"])
    export = admin.get(f"/admin/exports/petitions/{petition.id}/signatures.csv?emails=1").get_data(
        as_text=True
    )
    assert "Grace Hopper" in export and "Ada" not in export and "ada@" not in export
    preview = organiser.get(
        "/admin/moderation/", query_string={"name": "Ada", "name_match": "contains"}
    ).get_data(as_text=True)
    assert "0 signatures match" in preview
    # The country counts are unchanged: France still has its signature.
    counts = organiser.get(
        f"/admin/exports/petitions/{petition.id}/counts/countries.json"
    ).get_json()
    assert {row["country"]: row["signatures"] for row in counts} == {"FR": 1, "US": 1}

    # The link now shows nothing held, and the name cannot come back.
    page = client.get(link).get_data(as_text=True)
    assert "We hold no signatures" in page and "Ada" not in page


def test_after_erasure_a_new_signature_is_a_new_person(client, db, petition, sign, my_data_link):
    sign(petition, "Ada", "ada@example.org")
    _ask_for_link(client, "ada@example.org")
    client.post(my_data_link("ada@example.org") + "/erase")
    sign(petition, "Ada", "ada@example.org")
    assert signature_count(petition) == 2


def test_the_link_is_delivered_by_a_real_smtp_server(client, db, petition, sign, smtp_server):
    from webapp.outbox.services import deliver_due

    sign(petition, "Ada", "ada@example.org")
    _ask_for_link(client, "ada@example.org")
    deliver_due()
    [(recipients, message)] = [m for m in smtp_server.messages if "Your data" in m[1]["Subject"]]
    assert recipients == ["ada@example.org"]
    assert "/my-data/" in message.get_body(("plain",)).get_content()


def test_asking_for_links_is_rate_limited_per_address(app, client, db, petition, sign, monkeypatch):
    monkeypatch.setitem(app.config, "MY_DATA_RATE_LIMIT", "2 per hour")
    sign(petition, "Ada", "ada@example.org")
    statuses = []
    for n in range(3):
        browser = app.test_client()
        browser.environ_base["REMOTE_ADDR"] = f"198.51.100.{n}"
        statuses.append(_ask_for_link(browser, "ada@example.org").status_code)
    assert statuses == [303, 303, 429]


# A +tag is an address of its own (issue 21, item 16): alice+x@ may be someone else.


def test_a_tagged_address_opens_nothing_of_the_untagged_one(client, db, petition, sign, outbox):
    sign(petition, "Alice Real", "alice@example.org")
    assert _ask_for_link(client, "alice+x@example.org").status_code == 303
    for message in outbox("alice+x@example.org"):  # today: none is sent at all
        path = message.body_text.split("http://localhost", 1)[1].split()[0]
        html = client.get(path).get_data(as_text=True)
        assert "Alice Real" not in html and "alice@example.org" not in html
    assert outbox("alice+x@example.org") == []


def test_the_untagged_address_neither_opens_nor_erases_the_tagged_one(
    client, db, petition, sign, my_data_link
):
    other = PetitionFactory(title="Stop the executions")
    db.session.commit()
    sign(petition, "Alice Real", "alice@example.org")
    sign(other, "Someone Else", "alice+news@example.org")
    _ask_for_link(client, "alice@example.org")
    link = my_data_link("alice@example.org")
    html = client.get(link).get_data(as_text=True)
    assert "Alice Real" in html and "Someone Else" not in html and "alice+news" not in html
    assert client.post(link + "/erase").status_code == 303
    db.session.expire_all()
    kept = db.session.scalars(select(Signature).where(Signature.anonymised_at.is_(None))).all()
    assert [(s.full_name, s.email) for s in kept] == [("Someone Else", "alice+news@example.org")]


def test_gmail_forms_of_one_mailbox_open_its_data(client, db, petition, sign, my_data_link):
    """Gmail delivers dotted and +tagged forms to one mailbox: they are one person's."""
    sign(petition, "Ada Lovelace", "Ada.Lovelace@gmail.com")
    _ask_for_link(client, "adalovelace+x@googlemail.com")
    html = client.get(my_data_link("adalovelace+x@googlemail.com")).get_data(as_text=True)
    assert "Ada Lovelace" in html


# Links are opaque (issue 21, item 17).


def _payload(path: str) -> bytes:
    token = path.rstrip("/").rsplit("/", 1)[1]
    body = token.split(".")[0]
    raw = base64.urlsafe_b64decode(body.lstrip(".") + "=" * (-len(body) % 4))
    return zlib.decompress(raw) if token.startswith(".") else raw


def test_a_data_link_shows_no_address_when_decoded(client, db, petition, sign, my_data_link):
    sign(petition, "Ada", "ada.lovelace@example.org")
    _ask_for_link(client, "ada.lovelace@example.org")
    link = my_data_link("ada.lovelace@example.org")
    payload = _payload(link)
    assert b"@" not in payload and b"ada" not in payload.lower() and b"example" not in payload


def test_a_link_whose_signature_id_went_to_someone_else_opens_nothing(
    client, db, petition, sign, my_data_link
):
    sign(petition, "Ada", "ada@example.org", confirm=False)
    _ask_for_link(client, "ada@example.org")
    link = my_data_link("ada@example.org")
    [ada] = db.session.scalars(select(Signature)).all()
    ada_id = ada.id
    db.session.delete(ada)  # an expired, never confirmed signature is purged
    db.session.flush()
    SignatureFactory(id=ada_id, petition=petition, full_name="Bob", email="bob@example.org")
    db.session.commit()
    html = client.get(link).get_data(as_text=True)
    assert "Bob" not in html and "We hold no signatures" in html
    client.post(link + "/erase")
    db.session.expire_all()
    assert db.session.get(Signature, ada_id).full_name == "Bob"
