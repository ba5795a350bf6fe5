"""An organiser, in Chromium, makes a petition's delivery pack with the signers' names,
reads its page (the signer list's fingerprint, at a phone's width and a desktop's), and
downloads the pack and the list: the SHA-256 printed on the pack's last page is the
list's."""

from __future__ import annotations

import hashlib
import re
import subprocess
import tempfile
from pathlib import Path

from playwright.sync_api import expect

from tests.admin.conftest import confirmed_signatures
from tests.browser.pages import log_in
from tests.factories import PetitionFactory, TargetFactory


def test_an_organiser_makes_a_delivery_pack_and_checks_its_fingerprint(
    journeys, staff, committed_db
):
    target = TargetFactory(name="Minister Ana Ruiz", title="Minister of the Interior")
    petition = PetitionFactory(case=target.case, target=target, title="Free Rina Santos")
    committed_db.session.commit()
    confirmed_signatures(
        petition,
        [(f"Signer {n}", f"s{n}@x.org", "BR") for n in range(3)] + [("مريم", "m@x.org", "EG")],
    )
    committed_db.session.remove()

    organiser = journeys("organiser")
    page = organiser.page
    page.goto("/account/login")
    log_in(page, staff.organiser)
    page.goto("/admin/delivery/")
    organiser.check("delivery")
    page.get_by_label("with names and countries").check()
    page.get_by_role("button", name=re.compile("^Make the pack")).click()
    expect(
        page.get_by_role("heading", level=2, name="The list of signers behind this pack")
    ).to_be_visible()
    organiser.check("delivery-pack")
    fingerprint = page.locator("code.fingerprint").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", fingerprint)

    listed = organiser.download(
        page.get_by_role("link", name="Download the list of signers (CSV)").click
    )
    assert hashlib.sha256(listed).hexdigest() == fingerprint
    content = organiser.download(page.get_by_role("link", name="Download the PDF").click)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pack.pdf"
        path.write_bytes(content)
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    last = " ".join(text.split("\f")[-2].split())
    assert "".join(re.findall(r"\b[0-9a-f]{16}\b", last)) == fingerprint
