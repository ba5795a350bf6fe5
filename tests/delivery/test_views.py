"""Delivery packs read back: the total and countries match the database; names when asked."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.admin.conftest import confirmed_signatures
from tests.factories import PetitionFactory, SignatureFactory, TargetFactory
from webapp.delivery import services
from webapp.models import AuditEvent, DeliveryPack, JobStatus


def _text(content: bytes, tmp_path) -> str:
    path = tmp_path / "pack.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True)
    return out.stdout


@pytest.fixture
def petition(db):
    target = TargetFactory(name="Minister Ana Ruiz", title="Minister of the Interior")
    petition = PetitionFactory(
        case=target.case, target=target, title="Free Rina Santos", body="We ask you to act."
    )
    signers = [(f"Signer {n}", f"s{n}@x.org", "BR") for n in range(5)]
    signers += [(f"Firma {n}", f"f{n}@x.org", "MX") for n in range(3)]
    signers += [("Zoë “Z” O'Neil, Jr.", "z@x.org", "GB"), ("مريم", "m@x.org", "EG")]
    confirmed_signatures(petition, signers)
    SignatureFactory(petition=petition, full_name="Pending Person", country="FR")
    db.session.commit()
    return petition


ROUTES = [
    ("GET", "/admin/delivery/"),
    ("POST", "/admin/delivery/petitions/1"),
    ("GET", "/admin/delivery/packs/1"),
    ("GET", "/admin/delivery/packs/1/pack.pdf"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_anonymous_visitors_and_teachers_are_refused(client, people, browser_for, method, path):
    assert client.open(path, method=method).status_code == 302
    assert browser_for(people["teacher"]).open(path, method=method).status_code == 403


def test_the_summary_states_the_exact_total_and_countries(
    db, petition, people, browser_for, tmp_path
):
    organiser = browser_for(people["organiser"])
    response = organiser.post(f"/admin/delivery/petitions/{petition.id}", data={"go": "1"})
    assert response.status_code == 303
    page = organiser.get(response.location).get_data(as_text=True)
    assert "Ready:" in page
    pack = db.session.scalars(db.select(DeliveryPack)).one()
    download = organiser.get(f"/admin/delivery/packs/{pack.id}/pack.pdf")
    assert download.mimetype == "application/pdf"
    text = " ".join(_text(download.data, tmp_path).split())
    assert "Free Rina Santos" in text and "We ask you to act." in text
    assert "MINISTER ANA RUIZ" in text.upper()
    assert "10 people signed this petition." in text  # the pending signature is not counted
    assert "Brazil 5 50.0" in text
    assert "Mexico 3 30.0" in text
    assert "United Kingdom 1 10.0" in text and "Egypt 1 10.0" in text
    assert "France" not in text
    assert "Signer 1" not in text  # no names unless asked
    actions = [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == ["export.delivery_pack", "export.delivery_pack_downloaded"]


def test_with_names_every_signer_is_listed_once_in_order_across_parts(
    app, db, petition, people, browser_for, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "DELIVERY_NAMES_PER_PART", 3)
    organiser = browser_for(people["organiser"])
    organiser.post(f"/admin/delivery/petitions/{petition.id}", data={"include_names": "y"})
    pack = db.session.scalars(db.select(DeliveryPack)).one()
    assert pack.status is JobStatus.DONE and pack.total == 10
    text = _text(organiser.get(f"/admin/delivery/packs/{pack.id}/pack.pdf").data, tmp_path)
    flat = " ".join(text.split())
    for n in range(5):
        assert flat.count(f"Signer {n}, Brazil") == 1
    assert "Zoë “Z” O'Neil, Jr., United Kingdom" in flat
    assert "مريم" in text
    assert "Pending Person" not in flat
    assert "Signers of “Free Rina Santos”: 1 to 3 of 10" in flat
    assert "Signers of “Free Rina Santos”: 10 to 10 of 10" in flat
    numbered = dict(re.findall(r"(\d+)\. ([^,\n]+),", text))
    in_order = [numbered[str(n)].strip() for n in range(1, 11)]
    assert in_order[:8] == [f"Signer {n}" for n in range(5)] + [f"Firma {n}" for n in range(3)]
    assert "@" not in flat  # never an email address


def test_a_large_pack_is_built_in_the_background_with_progress(
    app, db, petition, people, browser_for, monkeypatch
):
    monkeypatch.setitem(app.config, "DELIVERY_INLINE_MAX", 5)
    monkeypatch.setitem(app.config, "DELIVERY_NAMES_PER_PART", 4)
    organiser = browser_for(people["organiser"])
    response = organiser.post(
        f"/admin/delivery/petitions/{petition.id}", data={"include_names": "y"}
    )
    waiting = organiser.get(response.location).get_data(as_text=True)
    assert "Listing the signers: 0 of 10." in waiting
    assert 'http-equiv="refresh"' in waiting
    assert services.run_delivery_packs() == 1
    ready = organiser.get(response.location).get_data(as_text=True)
    assert re.search(r"Ready: \d+ pages\.", ready)
    assert 'http-equiv="refresh"' not in ready


def test_a_petition_without_confirmed_signatures_has_nothing_to_deliver(db, people, browser_for):
    empty = PetitionFactory()
    db.session.commit()
    organiser = browser_for(people["organiser"])
    response = organiser.post(f"/admin/delivery/petitions/{empty.id}", data={"go": "1"})
    assert "no confirmed signatures to deliver" in organiser.get(response.location).get_data(
        as_text=True
    )
    assert db.session.query(DeliveryPack).count() == 0


def test_a_summary_asked_for_while_a_names_pack_is_made_is_its_own_pack(
    app, db, petition, people, browser_for, monkeypatch
):
    monkeypatch.setitem(app.config, "DELIVERY_INLINE_MAX", 5)
    organiser = browser_for(people["organiser"])
    with_names = organiser.post(
        f"/admin/delivery/petitions/{petition.id}", data={"include_names": "y"}
    )
    summary = organiser.post(f"/admin/delivery/petitions/{petition.id}", data={"go": "1"})
    assert with_names.location != summary.location
    page = organiser.get(summary.location).get_data(as_text=True)
    assert "The summary only: no names." in page
    packs = db.session.scalars(db.select(DeliveryPack).order_by(DeliveryPack.id)).all()
    assert [pack.include_names for pack in packs] == [True, False]


def test_a_pack_for_a_target_with_an_overlong_address_still_prints(
    db, petition, people, browser_for, tmp_path, caplog
):
    """An address saved before the CMS limited it prints cut short: the pack is made, and
    the log says what was cut (issue 21, item 12)."""
    petition.target.address = "\n".join(f"Line {n}" for n in range(1, 61))
    db.session.commit()
    organiser = browser_for(people["organiser"])
    with caplog.at_level("WARNING", logger="webapp.printing.pdf"):
        response = organiser.post(f"/admin/delivery/petitions/{petition.id}", data={"go": "1"})
        page = organiser.get(response.location).get_data(as_text=True)
    assert "Ready:" in page
    pack = db.session.scalars(db.select(DeliveryPack)).one()
    assert pack.status is JobStatus.DONE
    text = _text(organiser.get(f"/admin/delivery/packs/{pack.id}/pack.pdf").data, tmp_path)
    assert "Line 1" in text and "Line 47" in text and "Line 48" not in text
    assert any("more than 47 lines" in record.getMessage() for record in caplog.records)
