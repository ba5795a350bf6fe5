"""A case's texts longer than a letter takes never make its letters fail (issue 21, item
12): the CMS refuses them (tests/content/test_printable_limits.py), and a row written
before it did prints, cut short, with a warning in the log."""

from __future__ import annotations

import logging

from tests.letters.reading import pdf_text, visible
from tests.letters.test_views import download, written_letter
from webapp.printing.pdf import MAX_ADDRESS_LINES, MAX_FIELD_CHARS

CARD_BODY = "We are thinking of you every day.\n\nThe whole of my class in Lyon sends love to you."


def test_a_card_prints_though_its_case_has_overlong_safety_notes(client, db, case, caplog):
    letter = written_letter(client, case, kind="card", body=CARD_BODY)
    case.safety_notes = "Never mention the prison. " * 40  # 1,040 characters
    db.session.commit()
    with caplog.at_level(logging.WARNING, logger="webapp.printing.pdf"):
        text = visible(pdf_text(download(client, letter)))
    assert "Never mention the prison." in text
    assert any("safety notes" in record.getMessage() for record in caplog.records)
    assert len(case.safety_notes) > MAX_FIELD_CHARS


def test_a_letter_prints_though_its_target_address_has_too_many_lines(client, db, case, caplog):
    letter = written_letter(client, case)
    target = letter.target
    target.address = "\n".join(f"Line {n}" for n in range(1, 61))
    db.session.commit()
    with caplog.at_level(logging.WARNING, logger="webapp.printing.pdf"):
        text = visible(pdf_text(download(client, letter)))
    assert f"Line {MAX_ADDRESS_LINES}" in text and "Line 60" not in text
    assert any("lines" in record.getMessage() for record in caplog.records)
    # The preview of its first page too.
    assert client.get(f"/letters/{letter.token}/page-1.png").status_code == 200
