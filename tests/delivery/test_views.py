"""Delivery packs read back: the total and countries match the database; names when asked."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import subprocess

import pytest

from tests.admin.conftest import confirmed_signatures
from tests.factories import PetitionFactory, SignatureFactory, TargetFactory
from tests.printing.tagging import structure, subset_tags
from webapp.delivery import layout, services
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
    ("GET", "/admin/delivery/packs/1/signers.csv"),
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


def _pages(content: bytes, tmp_path) -> list[str]:
    """Each page's text, whitespace folded (pdftotext separates pages with form feeds)."""
    return [" ".join(page.split()) for page in _text(content, tmp_path).split("\f")[:-1]]


def test_with_names_every_signer_is_listed_once_in_order_across_parts(
    app, db, petition, people, browser_for, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "DELIVERY_NAMES_PER_PART", 3)
    monkeypatch.setattr(layout, "ROWS", 3)  # 6 names a page: two pages of names, two parts
    organiser = browser_for(people["organiser"])
    organiser.post(f"/admin/delivery/petitions/{petition.id}", data={"include_names": "y"})
    pack = db.session.scalars(db.select(DeliveryPack)).one()
    assert pack.status is JobStatus.DONE and pack.total == 10
    content = organiser.get(f"/admin/delivery/packs/{pack.id}/pack.pdf").data
    text = _text(content, tmp_path)
    flat = " ".join(text.split())
    for n in range(5):
        assert flat.count(f"Signer {n}, Brazil") == 1
    assert "Zoë “Z” O'Neil, Jr., United Kingdom" in flat
    assert "مريم" in text
    assert "Pending Person" not in flat
    numbered = dict(re.findall(r"(\d+)\. \W?([^,\n]+?)\W?,", text))
    in_order = [numbered[str(n)].strip() for n in range(1, 11)]
    assert in_order[:8] == [f"Signer {n}" for n in range(5)] + [f"Firma {n}" for n in range(3)]
    assert "@" not in flat.replace("delivery@example.org", "")  # never a signer's email
    # A running header and the page number on every page, the organisation at the foot.
    pages = _pages(content, tmp_path)
    assert len(pages) == pack.page_count == 4
    assert "Free Rina Santos — page 1 of 4" in pages[0]
    assert "Free Rina Santos — signers 1–6 of 10 — page 2 of 4" in pages[1]
    assert "Free Rina Santos — signers 7–10 of 10 — page 3 of 4" in pages[2]
    assert "Free Rina Santos — page 4 of 4" in pages[3]
    for page in pages:
        assert "Write for Rights · 1 Example Street, London EC1A 1AA" in page


def _printed_hash(content: bytes, tmp_path) -> str:
    last = _pages(content, tmp_path)[-1]
    groups = re.search(r"fingerprint is: ((?:[0-9a-f]{16} ?){4})", last)
    return groups.group(1).replace(" ", "")


def test_the_last_page_prints_the_sha256_of_the_signer_list_export_and_who_signs(
    app, db, petition, people, browser_for, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "ORGANISATION_NAME", "Amnistía Ejemplo")
    monkeypatch.setitem(app.config, "ORGANISATION_ADDRESS", "Calle Mayor 1\n28013 Madrid")
    monkeypatch.setitem(app.config, "ORGANISATION_CONTACT", "+34 900 000 000")
    organiser = browser_for(people["organiser"])
    organiser.post(f"/admin/delivery/petitions/{petition.id}", data={"include_names": "y"})
    pack = db.session.scalars(db.select(DeliveryPack)).one()
    content = organiser.get(f"/admin/delivery/packs/{pack.id}/pack.pdf").data
    last = _pages(content, tmp_path)[-1]
    assert "Amnistía Ejemplo Calle Mayor 1 28013 Madrid +34 900 000 000" in last
    assert "This pack counts 10 confirmed signatures" in last
    for field in ("Signature", "Name", "Role", "Place", "Date"):
        assert field in last
    printed = _printed_hash(content, tmp_path)
    # The pack's page offers the very file: its SHA-256 is the one printed.
    page = organiser.get(f"/admin/delivery/packs/{pack.id}").get_data(as_text=True)
    assert printed in page and f"/admin/delivery/packs/{pack.id}/signers.csv" in page
    csv_file = organiser.get(f"/admin/delivery/packs/{pack.id}/signers.csv")
    assert csv_file.mimetype == "text/csv"
    assert hashlib.sha256(csv_file.data).hexdigest() == printed == pack.signers_sha256
    rows = list(csv.reader(io.StringIO(csv_file.data.decode("utf-8-sig"))))
    assert rows[0] == ["name", "country", "confirmed_at"] and len(rows) == 11
    # It is the signatures export of those signers, byte for byte ...
    export = organiser.get(f"/admin/exports/petitions/{petition.id}/signatures.csv").data
    assert hashlib.sha256(export).hexdigest() == printed
    # ... and stays so when more people sign after the pack was made.
    confirmed_signatures(petition, [("Late Signer", "late@x.org", "FR")])
    again = organiser.get(f"/admin/delivery/packs/{pack.id}/signers.csv").data
    assert hashlib.sha256(again).hexdigest() == printed
    later = organiser.get(f"/admin/exports/petitions/{petition.id}/signatures.csv").data
    assert hashlib.sha256(later).hexdigest() != printed
    actions = [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]
    assert actions.count("export.signatures") == 4


def test_the_pack_is_one_tagged_document_with_unique_subset_tags(
    app, db, petition, people, browser_for, monkeypatch
):
    monkeypatch.setitem(app.config, "DELIVERY_NAMES_PER_PART", 3)
    monkeypatch.setattr(layout, "ROWS", 3)
    organiser = browser_for(people["organiser"])
    organiser.post(f"/admin/delivery/petitions/{petition.id}", data={"include_names": "y"})
    pack = db.session.scalars(db.select(DeliveryPack)).one()
    content = organiser.get(f"/admin/delivery/packs/{pack.id}/pack.pdf").data
    tags = structure(content)
    assert tags["documents"] == ["/Document"]
    assert tags["parts"] == [("/Part", "en")] * 4  # summary, two parts of names, last page
    assert tags["pages_point_right"] == [True] * 4
    assert "<pdfuaid:part>1</pdfuaid:part>" in tags["metadata"]
    assert "Delivery of the petition “Free Rina Santos”" in tags["metadata"]
    programs = subset_tags(content)
    assert programs and all(count == 1 for count in programs.values()), programs


def test_a_pack_asked_for_in_spanish_is_written_in_spanish(
    app, db, petition, people, browser_for, tmp_path, monkeypatch
):
    monkeypatch.setattr(layout, "ROWS", 3)
    organiser = browser_for(people["organiser"])
    organiser.set_cookie("locale", "es")
    organiser.post(f"/admin/delivery/petitions/{petition.id}", data={"include_names": "y"})
    pack = db.session.scalars(db.select(DeliveryPack)).one()
    assert pack.language == "es"
    content = organiser.get(f"/admin/delivery/packs/{pack.id}/pack.pdf").data
    pages = _pages(content, tmp_path)
    assert "10 personas firmaron esta petición." in pages[0]
    assert "Brasil 5 50,0" in pages[0]
    assert "Free Rina Santos — firmantes 1–6 de 10 — página 2 de 4" in pages[1]
    assert "Signer 0, Brasil" in pages[1]
    assert "Free Rina Santos — página 4 de 4" in pages[3]
    assert "Firmado en nombre de la organización" in pages[3]
    assert structure(content)["parts"][0] == ("/Part", "es")


def _word_positions(content: bytes, tmp_path) -> list[tuple[str, float]]:
    """(word, left edge in points) of every word on the PDF's pages, in reading order."""
    path = tmp_path / "pack.pdf"
    path.write_bytes(content)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True
    ).stdout
    return [
        (word, float(x))
        for x, word in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', html)
    ]


@pytest.mark.parametrize(("language", "first_side"), [("en", "left"), ("ar", "right")])
def test_the_list_starts_in_the_column_the_language_reads_first(
    app, db, petition, people, browser_for, tmp_path, monkeypatch, language, first_side
):
    monkeypatch.setattr(layout, "ROWS", 3)  # names 1-3 in the first column, 4-6 beside it
    organiser = browser_for(people["organiser"])
    organiser.set_cookie("locale", language)
    organiser.post(f"/admin/delivery/petitions/{petition.id}", data={"include_names": "y"})
    pack = db.session.scalars(db.select(DeliveryPack)).one()
    content = organiser.get(f"/admin/delivery/packs/{pack.id}/pack.pdf").data
    words = _word_positions(content, tmp_path)
    # Where "Signer 0" (name 1) and "Signer 3" (name 4, atop the other column) start.
    x = {
        number.strip(","): position
        for (word, position), (number, _next) in zip(words, words[1:], strict=False)
        if "Signer" in word and number.strip(",") in ("0", "3")
    }
    assert abs(x["0"] - x["3"]) > 150  # two columns, about 90 mm apart
    assert (x["0"] < x["3"]) == (first_side == "left")


def test_a_title_with_quotes_and_markup_prints_as_written_in_the_header(
    db, people, browser_for, tmp_path
):
    title = 'Free "Z" \\ </style><b>now</b>'
    petition = PetitionFactory(title=title, body="Act.")
    confirmed_signatures(petition, [("Ana", "ana@x.org", "BR")])
    organiser = browser_for(people["organiser"])
    organiser.post(f"/admin/delivery/petitions/{petition.id}", data={"include_names": "y"})
    pack = db.session.scalars(db.select(DeliveryPack)).one()
    assert pack.status is JobStatus.DONE
    pages = _pages(organiser.get(f"/admin/delivery/packs/{pack.id}/pack.pdf").data, tmp_path)
    assert f"{title} — page 1 of 3" in pages[0]
    assert f"{title} — signers 1–1 of 1 — page 2 of 3" in pages[1]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1,234,567"), ("es", "1.234.567"), ("fr", "1\u202f234\u202f567")],
)
def test_numbers_are_written_as_the_language_writes_them(language, expected):
    assert services._number_format(language)(1234567) == expected


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
