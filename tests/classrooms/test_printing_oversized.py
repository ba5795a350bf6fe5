"""One letter whose case has overlong texts does not fail the whole class PDF (issue 21,
item 12): a card's safety notes are cut short (they are not on the card), and a letter
whose address would not show whole through the window is left out, never printed with
its address cut (issue 17); the log says so."""

from __future__ import annotations

import logging

from tests.classrooms.conftest import OWN_SENTENCE
from tests.classrooms.test_printing import _write_as
from tests.letters.reading import pdf_text, visible
from webapp.models import Letter


def test_the_class_pdf_prints_every_letter_though_a_case_text_is_too_long(
    db, classroom, join, lesson_case, teacher_client, caplog
):
    _write_as(join(classroom, "Amira"), lesson_case, "card", f"{OWN_SENTENCE} Signed Amira.")
    _write_as(join(classroom, "Leo"), lesson_case, "appeal", f"{OWN_SENTENCE} Signed Leo.")
    ids = list(db.session.scalars(db.select(Letter.id)))
    teacher_client.post(f"/classrooms/{classroom.id}/approve", data={"letter": ids})
    # Written before the CMS refused such texts.
    lesson_case.safety_notes = "Never mention the prison. " * 40
    lesson_case.targets[0].address = "\n".join(f"Line {n}" for n in range(1, 61))
    db.session.commit()

    with caplog.at_level(logging.WARNING):
        response = teacher_client.post(f"/classrooms/{classroom.id}/prints", data={"go": "1"})
        assert response.status_code == 303
        download = teacher_client.get(response.location + "/letters.pdf")  # the made PDF
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    text = visible(pdf_text(download.data))
    assert "Signed Amira." in text and "Signed Leo." not in text
    assert "Line 4" not in text  # no cut address either
    messages = [record.getMessage() for record in caplog.records]
    assert any("left out, the address does not fit" in m for m in messages)
    db.session.expire_all()
    statuses = {
        letter.writer_name: letter.status.value for letter in db.session.scalars(db.select(Letter))
    }
    assert statuses == {"Amira": "printed", "Leo": "approved"}
