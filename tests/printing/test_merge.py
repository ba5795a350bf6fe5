"""webapp.printing.merge: PDFs joined while written out read back whole, in order, valid."""

from __future__ import annotations

import subprocess
from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.letters.reading import page_sizes, pdf_text, visible
from tests.printing.test_pdf import render
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
