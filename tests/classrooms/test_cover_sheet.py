"""The class PDF's cover sheet: one entry per envelope with its counts, page range, names,
weight and stamp (issue 16, item 7), and a class PDF that holds only what is still to
print (item 6). Read back from the PDF as a teacher would read it."""

from __future__ import annotations

import os
import re
import shutil
from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.classrooms.conftest import OWN_SENTENCE
from tests.classrooms.test_printing import _page_texts, _ready_pdf, _write_as
from tests.factories import CaseFactory, LetterTemplateFactory, TargetFactory
from webapp.classrooms import postage, printing
from webapp.models import Letter, LetterStatus

# Long enough to take a second A4 page: Sam's letter.
LONG = OWN_SENTENCE + "\n\n" + "\n\n".join(f"Paragraph {n}: we think of you." for n in range(1, 31))


@pytest.fixture
def ombudsman_case(db):
    """A second case, to an authority in Russia (Europe for the UK's Royal Mail)."""
    case = CaseFactory(name="Alina Vasilenko", country="RU")
    TargetFactory(case=case, name="Federal Ombudsman", position=0, country="RU")
    LetterTemplateFactory(case=case)
    db.session.commit()
    db.session.refresh(case)
    return case


@pytest.fixture
def written(db, classroom, join, lesson_case, ombudsman_case, teacher_client):
    """Letters and cards to three addresses, approved; Sam's appeal runs to two pages."""
    plan = [
        ("Amira", lesson_case, "card", OWN_SENTENCE),
        ("Sam", lesson_case, "appeal", LONG),
        ("Noor", ombudsman_case, "appeal", OWN_SENTENCE),
        ("Kai", lesson_case, "appeal", OWN_SENTENCE),
        ("Bea", lesson_case, "card", OWN_SENTENCE),
    ]
    for name, case, kind, text in plan:
        _write_as(join(classroom, name), case, kind, f"{text} Signed {name}.")
    ids = list(db.session.scalars(db.select(Letter.id)))
    teacher_client.post(f"/classrooms/{classroom.id}/approve", data={"letter": ids})
    return plan


def _make_pdf(teacher_client, classroom, tmp_path, scope="new") -> list[str]:
    response = teacher_client.post(
        f"/classrooms/{classroom.id}/prints", data={"pad_to_even": "y", "scope": scope}
    )
    assert response.status_code == 303
    content = teacher_client.get(_ready_pdf(teacher_client, response.location)).data
    (tmp_path / "class.pdf").write_bytes(content)
    if os.environ.get("COVER_ARTIFACTS"):  # to look at it: pdftoppm -r 80 -png
        shutil.copy(tmp_path / "class.pdf", os.environ["COVER_ARTIFACTS"])
    return _page_texts(content, tmp_path)


def _envelopes(cover: str) -> list[dict]:
    """Each envelope's entry on the cover, as pdftotext -layout reads it."""
    parts = re.split(r"Envelope (\d+) · ", cover)[1:]
    found = []
    for number, text in zip(parts[::2], parts[1::2], strict=True):
        flat = " ".join(text.split())
        pages = re.search(r"pages? (\d+)(?:–(\d+))?", flat)
        weight = re.search(r"about (\d+(?:\.\d)?) g \((\d+) sheets?", flat)
        letters = re.search(r"(\d+) letters?\b", flat)
        cards = re.search(r"(\d+) solidarity cards?", flat)
        found.append(
            {
                "number": int(number),
                "case": flat.split(" ")[0],
                "letters": int(letters.group(1)) if letters else 0,
                "cards": int(cards.group(1)) if cards else 0,
                "first": int(pages.group(1)),
                "last": int(pages.group(2) or pages.group(1)),
                "grams": float(weight.group(1)),
                "sheets": int(weight.group(2)),
                "text": flat,
            }
        )
    return found


def _signed(page: str) -> str | None:
    match = re.search(r"Signed (\w+)\.", " ".join(page.split()))
    return match.group(1) if match else None


def test_the_cover_lists_each_envelope_with_counts_pages_names_and_weight(
    classroom, written, teacher_client, tmp_path
):
    pages = _make_pdf(teacher_client, classroom, tmp_path)
    first_letter = next(i for i, page in enumerate(pages) if _signed(page))
    cover = "\n".join(pages[:first_letter])
    envelopes = _envelopes(cover)

    # In the PDF's order: Alina's authority, Leyla's authority, then the cards to Leyla.
    assert [(e["letters"], e["cards"]) for e in envelopes] == [(1, 0), (2, 0), (0, 2)]
    assert ["Noor" in e["text"] for e in envelopes] == [True, False, False]
    assert "Sam, Kai" in envelopes[1]["text"] and "Amira, Bea" in envelopes[2]["text"]

    # Each range starts on its first writer's letter and ends on its last one's last page.
    expected = [["Noor"], ["Sam", "Kai"], ["Amira", "Bea"]]
    for envelope, names in zip(envelopes, expected, strict=True):
        assert _signed(pages[envelope["first"] - 1]) in (names[0], None)
        # The first page of a letter carries its address, the signature is on its last.
        assert names[-1] == _signed(pages[envelope["last"] - 1])
    # Sam's two pages: his envelope's range holds 2 + (blank back) + 1 pages of Kai's.
    start = envelopes[1]["first"] - 1
    assert "Paragraph 1:" in pages[start] and _signed(pages[start]) is None
    assert _signed(pages[start + 1]) == "Sam"  # his letter's second page
    assert envelopes[1]["last"] - envelopes[1]["first"] == 2  # Sam's 2 pages, then Kai's
    assert envelopes[-1]["last"] == len([p for p in pages]) - 1  # Bea's page, then its blank

    # Weights: sheets x 5 g (A4, 80 g/m²) + 5 g an envelope; the totals add up.
    for envelope in envelopes:
        assert envelope["grams"] == envelope["sheets"] * 5 + 5
    assert [e["sheets"] for e in envelopes] == [1, 2, 2]  # double-sided: Sam's on one sheet
    flat = " ".join(cover.split())
    assert "3 letters" in flat and "2 solidarity cards" in flat and "3 envelopes" in flat
    assert f"{sum(e['sheets'] for e in envelopes)} sheets of paper" in flat

    # From the UK: Russia is Europe, Iran the rest of the world; all under 100 g.
    assert "Letter up to 100 g, to Europe" in envelopes[0]["text"]
    assert "Letter up to 100 g, to the rest of the world" in envelopes[1]["text"]
    # Appeals and cards are set for window envelopes: no address to hand-write.
    assert all("Fold into a window envelope" in e["text"] for e in envelopes)
    assert "Write the address" not in flat


def test_a_second_pdf_holds_only_the_new_letters_and_print_all_again_holds_all(
    db, classroom, written, join, lesson_case, teacher_client, tmp_path
):
    _make_pdf(teacher_client, classroom, tmp_path)
    page = teacher_client.get(f"/classrooms/{classroom.id}").get_data(as_text=True)
    assert "Make the PDF" not in page  # nothing left to print
    assert "nothing new to print" in page and "Print all again (5 letters)" in page
    refused = teacher_client.post(
        f"/classrooms/{classroom.id}/prints", data={"pad_to_even": "y", "scope": "new"}
    )
    assert "printed already" in teacher_client.get(refused.location).get_data(as_text=True)

    _write_as(join(classroom, "Lou"), lesson_case, "appeal", f"{OWN_SENTENCE} Signed Lou.")
    lou = db.session.scalars(db.select(Letter).where(Letter.writer_name == "Lou")).one()
    teacher_client.post(f"/classrooms/{classroom.id}/approve", data={"letter": [lou.id]})
    page = teacher_client.get(f"/classrooms/{classroom.id}").get_data(as_text=True)
    assert "Make the PDF of 1 approved letter" in page

    second = _make_pdf(teacher_client, classroom, tmp_path)
    assert [name for name in map(_signed, second) if name] == ["Lou"]
    assert "1 letter" in " ".join(second[0].split())
    page = " ".join(
        teacher_client.get(f"/classrooms/{classroom.id}").get_data(as_text=True).split()
    )
    assert "1 letter" in page and "Make the PDF" not in page
    statuses = dict(db.session.execute(db.select(Letter.writer_name, Letter.status)).all())
    assert set(statuses.values()) == {LetterStatus.PRINTED}

    again = _make_pdf(teacher_client, classroom, tmp_path, scope="all")
    assert sorted(name for name in set(map(_signed, again)) if name) == sorted(
        ["Amira", "Sam", "Noor", "Kai", "Bea", "Lou"]
    )


def test_the_cover_is_in_the_teachers_language(classroom, written, teacher_client, tmp_path):
    response = teacher_client.post(
        f"/classrooms/{classroom.id}/prints",
        data={"pad_to_even": "y"},
        headers={"Accept-Language": "fr"},
    )
    job_page = teacher_client.get(response.location, headers={"Accept-Language": "fr"})
    link = re.search(r'href="([^"]+/letters\.pdf)"', job_page.get_data(as_text=True)).group(1)
    content = teacher_client.get(link).data
    cover = PdfReader(BytesIO(content)).pages[0].extract_text()
    assert "Enveloppe 1" in cover
    assert re.search(r"\d{1,2} décembre \d{4}|\d{1,2} \w+ \d{4}", cover)


def test_a_cover_built_in_the_background_is_in_the_teachers_language_too(
    app, classroom, written, teacher_client, monkeypatch
):
    """The worker builds large class PDFs with no request (so no reader's language): the
    whole cover, its headings and instructions included, is in the job's language."""
    monkeypatch.setitem(app.config, "CLASS_PDF_INLINE_MAX", 0)
    response = teacher_client.post(
        f"/classrooms/{classroom.id}/prints",
        data={"pad_to_even": "y"},
        headers={"Accept-Language": "fr"},
    )
    assert response.status_code == 303
    with app.app_context():  # the worker's: an app and no request
        assert printing.run_print_jobs() == 1
    job_page = teacher_client.get(response.location, headers={"Accept-Language": "fr"})
    link = re.search(r'href="([^"]+/letters\.pdf)"', job_page.get_data(as_text=True)).group(1)
    cover = PdfReader(BytesIO(teacher_client.get(link).data)).pages[0].extract_text()
    assert "Avant de les poster" in cover and "Enveloppe 1" in cover
    for english in ("Before you post them", "Envelopes", "Holds", "Written by", "Weight"):
        assert english not in cover


@pytest.mark.parametrize(
    ("sender", "destination", "grams", "step"),
    [
        ("GB", "IR", 100, "Letter up to 100 g"),
        ("GB", "IR", 100.5, "Large letter up to 250 g"),
        ("GB", "GB", 750, "Large letter up to 750 g"),
        ("FR", "FR", 20, "Letter up to 20 g"),
        ("FR", "DE", 25, "Letter up to 100 g"),
        ("ES", "IR", 50, "Letter up to 50 g"),
        ("ES", "IR", 51, "Letter up to 100 g"),
        ("DE", "DE", 20, "Standard letter up to 20 g"),
        ("DE", "DE", 21, "Compact letter up to 50 g"),
        ("DE", "US", 1500, "Maxi letter up to 2 kg"),
        ("IE", "GB", 100, "Letter up to 100 g"),
        ("IE", "GB", 101, "Large envelope up to 250 g"),
        ("US", "US", 28.35, "First-Class letter, 1 oz"),
        ("US", "US", 28.4, "First-Class letter, 2 oz"),
        ("US", "MX", 99, "First-Class letter, 3.5 oz"),
        ("US", "MX", 100, "Large envelope (flat), up to 15.99 oz"),
    ],
)
def test_postage_steps_at_their_limits(app, sender, destination, grams, step):
    with app.test_request_context():
        advice = postage.postage(sender, destination, grams)
        assert advice.known and str(advice.step.name) == step


def test_postage_zones_and_the_fallback(app):
    assert postage.zone("GB", "GB") is postage.Zone.DOMESTIC
    assert postage.zone("GB", "RU") is postage.Zone.EUROPE
    assert postage.zone("FR", "IR") is postage.Zone.WORLD
    assert not postage.postage("BR", "IR", 25).known  # no table: ask at the post office
    assert not postage.postage("GB", "IR", 800).known  # past the last step
    assert postage.envelope_weight(4, "a4") == 25  # the four letters: past 20 g
    assert postage.envelope_weight(2, "letter") == 14


def test_an_address_that_fits_no_window_is_marked_to_write_by_hand():
    from webapp.classrooms.printing import _fits_window
    from webapp.models import LetterKind

    six = ["Dr. Hossein Karimi", "Head of the Judiciary", "No. 27", "Tehran", "1143815611", "IRAN"]
    assert _fits_window(LetterKind.APPEAL, {"paper": "a4", "recipient_lines": six})
    five = ["Dr. Hossein Karimi", "Head of the Judiciary", "No. 27", "Tehran 1143815611", "IRAN"]
    assert _fits_window(LetterKind.CARD, {"paper": "letter", "recipient_lines": five})
    too_long = [*six[:-1], *(f"Line {n}" for n in range(12)), "IRAN"]
    assert not _fits_window(LetterKind.APPEAL, {"paper": "a4", "recipient_lines": too_long})
    assert not _fits_window(LetterKind.APPEAL, {"paper": "letter", "recipient_lines": too_long})
