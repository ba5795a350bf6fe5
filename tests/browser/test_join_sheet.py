"""The join sheet's QR code reads back, as a phone's camera would read it: from the page
on a phone's and a desktop's screen, and from the sheet as printed."""

from __future__ import annotations

import subprocess
from io import BytesIO
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from PIL import Image

from tests.browser.pages import log_in
from tests.factories import ClassroomFactory
from webapp.classrooms.services import format_join_code


@pytest.fixture
def classroom(committed_db):
    """A teacher's open classroom: its id, its teacher's email and its code as shown."""
    classroom = ClassroomFactory()
    found = (classroom.id, classroom.teacher.email, format_join_code(classroom.join_code))
    committed_db.session.commit()
    committed_db.session.remove()  # on SQLite, an open transaction would lock the server out
    return found


def _decoded(image: Image.Image) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(image)]


def _opens_join_with(texts: list[str], code: str) -> None:
    assert len(texts) == 1, texts
    address = urlsplit(texts[0])
    assert address.path == "/join"
    assert parse_qs(address.query) == {"code": [code]}


def test_the_qr_code_reads_back_on_screen_and_on_paper(journeys, classroom, tmp_path):
    classroom_id, teacher_email, code = classroom
    teacher = journeys("teacher")
    page = teacher.page
    page.goto("/account/login")
    teacher.check("login")  # loaded (its favicon too) before the form is sent
    log_in(page, teacher_email)
    page.goto(f"/classrooms/{classroom_id}/join-sheet")
    teacher.check("join-sheet")

    # On screen: the code as drawn, and the whole page as a camera pointed at it sees it.
    figure = page.locator(".join-sheet__qr svg")
    box = figure.bounding_box()
    assert box["width"] >= 150, box  # big enough to scan from a seat
    assert box["width"] == pytest.approx(box["height"], abs=1)  # scaled, not cropped
    _opens_join_with(_decoded(Image.open(BytesIO(figure.screenshot()))), code)
    _opens_join_with(_decoded(Image.open(BytesIO(page.screenshot(full_page=True)))), code)

    # On paper: the printed sheet, rasterised as a printer would at 150 dpi.
    for paper in ("A4", "Letter"):
        printed = tmp_path / f"sheet-{paper}.pdf"
        printed.write_bytes(page.pdf(format=paper, print_background=True))
        subprocess.run(
            ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", printed, tmp_path / paper],
            check=True,
        )
        (image,) = tmp_path.glob(f"{paper}-*.png")
        _opens_join_with(_decoded(Image.open(image)), code)
