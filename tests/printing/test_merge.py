"""webapp.printing.merge: PDFs joined while written out read back whole, in order, valid."""

from __future__ import annotations

import subprocess
from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.letters.reading import page_sizes, pdf_text, visible
from tests.printing.tagging import base_font_tags_agree, structure, subset_tags
from tests.printing.test_pdf import letter_values, render
from webapp.printing import pdf
from webapp.printing.merge import StreamingPdfMerger


def _merge(sources, *, pad_to_even=False, title="Letters from Clase 3º B — Ñandú") -> bytes:
    output = BytesIO()
    merger = StreamingPdfMerger(output)
    for content in sources:
        merger.append(content, pad_to_even=pad_to_even)
    merger.finish(title=title, language="en", producer="Write for Rights")
    return output.getvalue()


@pytest.fixture(scope="module")
def sources(app):
    """Three real letters: one A4 page, two A4 pages (a long letter), one US Letter."""
    long_body = "The second letter, a long one.\n\n" + "\n\n".join(
        ["Its own words fill the page, paragraph after paragraph, to a second sheet."] * 30
    )
    return [
        render(app, body="The first letter, from Lyon.").content,
        render(app, body=long_body).content,
        render(app, body="The third letter, on Letter paper.", paper="letter").content,
    ]


def test_joined_pdfs_keep_every_page_in_order_with_its_size_and_text(sources):
    merged = _merge(sources)
    reader = PdfReader(BytesIO(merged), strict=True)
    assert len(reader.pages) == 1 + 2 + 1
    text = visible(pdf_text(merged))
    assert text.index("The first letter") < text.index("The second letter")
    assert text.index("The second letter") < text.index("Ana Pérez · Page 2 of 2")
    assert text.index("Ana Pérez · Page 2 of 2") < text.index("The third letter")
    assert page_sizes(merged) == page_sizes(sources[0]) + page_sizes(sources[1]) + page_sizes(
        sources[2]
    )


def test_padding_gives_each_source_an_even_number_of_pages(sources):
    merged = _merge(sources, pad_to_even=True)
    reader = PdfReader(BytesIO(merged), strict=True)
    assert len(reader.pages) == 2 + 2 + 2
    blank_backs = [1, 5]
    for index in blank_backs:
        assert reader.pages[index].extract_text() == ""
        assert "/Contents" not in reader.pages[index]
    # A blank back has its letter's paper size.
    assert reader.pages[5].mediabox == reader.pages[4].mediabox


def test_the_joined_pdf_passes_a_syntax_check_and_carries_title_and_language(sources, tmp_path):
    merged = _merge(sources)
    path = tmp_path / "merged.pdf"
    path.write_bytes(merged)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert "Title:           Letters from Clase 3º B — Ñandú" in info.stdout
    assert "Pages:           4" in info.stdout
    assert info.stderr == ""  # poppler reports broken cross-references here
    reader = PdfReader(BytesIO(merged), strict=True)
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_fonts_shared_by_a_sources_pages_are_written_once(sources):
    merged = _merge([sources[1]])
    reader = PdfReader(BytesIO(merged), strict=True)
    fonts = [
        font.indirect_reference.idnum
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if hasattr(font, "indirect_reference")
    ]
    first = {f.idnum for f in reader.pages[0]["/Resources"].raw_get("/Font").values()}
    second = {f.idnum for f in reader.pages[1]["/Resources"].raw_get("/Font").values()}
    assert fonts and first & second  # the same font objects, not copies


def test_finishing_twice_is_refused(sources):
    merger = StreamingPdfMerger(BytesIO())
    merger.append(sources[0])
    merger.finish(title="t", language="en", producer="p")
    with pytest.raises(RuntimeError):
        merger.finish(title="t", language="en", producer="p")


# Tagging (issue 17, item 7) ------------------------------------------------------------


@pytest.fixture(scope="module")
def languages(app):
    """Letters in three languages: English, Spanish, and Persian with an English address."""
    return [
        render(app, body="Please release them.", instructions=False).content,
        render(app, language="es", body="Libérenla, por favor.", instructions=False).content,
        render(
            app,
            language="fa",
            direction="rtl",
            body="لطفاً او را آزاد کنید.",
            salutation="جناب آقای وزیر،",
            closing="با احترام،",
        ).content,
    ]


def test_a_single_letter_tags_the_language_of_its_address(languages):
    tags = structure(languages[2])
    assert ("/Art", "fa") in tags["languages"]
    # The English address inside the Persian letter says so, for a screen reader's voice.
    assert any(lang == "en" and kind != "/Document" for kind, lang in tags["languages"])


def test_the_joined_pdf_is_one_tagged_document_with_a_part_per_letter(languages):
    merged = _merge(languages, title="Letters from Clase 3º B")
    tags = structure(merged)
    assert tags["documents"] == ["/Document"]
    assert [kind for kind, _ in tags["parts"]] == ["/Part"] * 3
    assert [lang for _, lang in tags["parts"]] == ["en", "en", "en"]  # each file's own
    assert ("/Art", "es") in tags["languages"] and ("/Art", "fa") in tags["languages"]
    # Every page's StructParents names the elements drawn on that very page.
    assert tags["pages_point_right"] == [True] * len(tags["pages_point_right"])
    assert len(tags["pages_point_right"]) == sum(len(page_sizes(part)) for part in languages)
    catalog = tags["catalog"]
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a PDF boolean
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert "<pdfuaid:part>1</pdfuaid:part>" in tags["metadata"]
    assert "Letters from Clase 3º B" in tags["metadata"]


def test_parts_keep_the_language_of_their_file(app):
    with app.test_request_context():
        spanish = pdf.render_letters(
            [letter_values(language="es", body="Libérenla.", instructions=False)],
            title="Carta",
            language="es",
        ).content
    tags = structure(_merge([spanish, spanish]))
    assert [lang for _, lang in tags["parts"]] == ["es", "es"]


def test_every_embedded_subset_has_its_own_tag(languages):
    merged = _merge(languages + languages)
    programs = subset_tags(merged)
    assert programs and all(count == 1 for count in programs.values()), programs
    # Each source arrives with the same tags (WeasyPrint derives them from the font).
    assert len(subset_tags(languages[0]).keys() & subset_tags(languages[1]).keys()) >= 1
    assert base_font_tags_agree(merged)
    # Still a valid file with every font readable (poppler reports broken fonts).
    text = visible(pdf_text(merged))
    assert text.count("Libérenla, por favor.") == 2
    assert any("\u0600" <= char <= "\u06ff" for char in pdf_text(merged))  # the Persian
