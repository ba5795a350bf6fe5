"""A case's texts longer than a letter takes (issue 21, item 12): the CMS refuses them
(tests/content/test_printable_limits.py). A row written before it did: safety notes print
cut short, with a warning in the log; an address is never cut (issue 17): the letter is
refused with a message saying why, and the writer's words are kept."""

from __future__ import annotations

import logging

from tests.letters.reading import pdf_text, visible
from tests.letters.test_views import download, written_letter
from webapp.printing.pdf import MAX_FIELD_CHARS

CARD_BODY = "We are thinking of you every day.\n\nThe whole of my class in Lyon sends love to you."


def test_a_card_prints_though_its_case_has_overlong_safety_notes(client, db, case, caplog):
    letter = written_letter(client, case, kind="card", body=CARD_BODY)
    case.safety_notes = "Never mention the prison. " * 40  # 1,040 characters
    db.session.commit()
    with caplog.at_level(logging.WARNING, logger="webapp.printing.pdf"):
        assert download(client, letter)
        # The notes are for the writer: on the instructions, not on the card.
        steps = client.get(f"/letters/{letter.token}/before-you-post.pdf")
        text = visible(pdf_text(steps.data))
    assert "Never mention the prison." in text
    assert any("safety notes" in record.getMessage() for record in caplog.records)
    assert len(case.safety_notes) > MAX_FIELD_CHARS


def test_a_letter_whose_address_does_not_fit_is_refused_not_cut(client, db, case, caplog):
    letter = written_letter(client, case)
    target = letter.target
    target.address = "\n".join(f"Line {n}" for n in range(1, 61))
    db.session.commit()
    with caplog.at_level(logging.WARNING, logger="webapp.letters.services"):
        refused = client.get(f"/letters/{letter.token}/letter.pdf")
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "would not show whole through the envelope&#39;s window" in page
    assert "This address has 63 lines" in page and "DL envelope shows 6" in page
    assert "from “Line 5” on" in page.replace("\n", " ")
    assert any("not rendered" in record.getMessage() for record in caplog.records)
    assert client.get(f"/letters/{letter.token}/page-1.png").status_code == 409
    # The letter's page still opens, with the writer's words and a way to change it.
    page = client.get(f"/letters/{letter.token}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "cannot be printed yet" in text and "letter.pdf" not in text
    assert f"/letters/{letter.token}/edit" in text
