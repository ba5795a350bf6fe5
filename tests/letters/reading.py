"""Reading PDFs back as a person's tools would: text, word positions, pages and glyphs."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from io import BytesIO
from xml.etree import ElementTree

import pypdfium2 as pdfium
from pypdf import PdfReader
from pypdf.generic import ContentStream

POINTS_PER_MM = 72 / 25.4
POINTS_PER_INCH = 72
# Bidi controls and joiners that text extraction adds or keeps; they are invisible.
_INVISIBLE = re.compile("[\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(content: bytes) -> str:
    """The text of a PDF as poppler's pdftotext gives it (logical order for RTL scripts)."""
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return done.stdout.decode()


def visible(text: str) -> str:
    """Text without invisible bidi controls and joiners, with single spaces."""
    return " ".join(_INVISIBLE.sub("", text).split())


@dataclass(frozen=True)
class Word:
    text: str
    page: int
    left: float  # points from the page's left edge
    top: float  # points from the page's top edge
    right: float
    bottom: float


def words(content: bytes) -> list[Word]:
    """Every word with its box, from `pdftotext -bbox` (coordinates in points)."""
    done = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    root = ElementTree.fromstring(done.stdout)
    found = []
    for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        for word in page.iter("{http://www.w3.org/1999/xhtml}word"):
            found.append(
                Word(
                    word.text or "",
                    number,
                    float(word.get("xMin")),
                    float(word.get("yMin")),
                    float(word.get("xMax")),
                    float(word.get("yMax")),
                )
            )
    return found


def page_sizes(content: bytes) -> list[tuple[float, float]]:
    """Each page's MediaBox width and height in points."""
    reader = PdfReader(BytesIO(content))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def notdef_glyphs_drawn(content: bytes) -> int:
    """How many times the PDF draws glyph 0 (.notdef): the empty box a font shows for a
    character it lacks. WeasyPrint writes glyph ids as character codes: one byte each in
    simple fonts, two in composite (Type0) ones."""
    reader = PdfReader(BytesIO(content))
    count = 0
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        code_size = 1
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                code_size = 2 if fonts[operands[0]].get_object()["/Subtype"] == "/Type0" else 1
                continue
            if operator == b"Tj":
                strings = [operands[0]]
            elif operator == b"TJ":
                strings = [item for item in operands[0] if not isinstance(item, int | float)]
            else:
                continue
            for string in strings:
                raw = string.original_bytes if hasattr(string, "original_bytes") else bytes(string)
                codes = [raw[i : i + code_size] for i in range(0, len(raw), code_size)]
                count += codes.count(bytes(code_size))
    return count


@dataclass(frozen=True)
class Line:
    text: str
    page: int
    left: float  # points from the page's left edge
    top: float  # points from the page's top edge
    right: float
    bottom: float


def lines(content: bytes) -> list[Line]:
    """Every line of text with its box, from `pdftotext -bbox-layout` (in points)."""
    done = subprocess.run(
        ["pdftotext", "-bbox-layout", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    root = ElementTree.fromstring(done.stdout)
    xhtml = "{http://www.w3.org/1999/xhtml}"
    found = []
    for number, page in enumerate(root.iter(f"{xhtml}page"), start=1):
        for line in page.iter(f"{xhtml}line"):
            text = " ".join(word.text or "" for word in line.iter(f"{xhtml}word"))
            found.append(
                Line(
                    text,
                    number,
                    float(line.get("xMin")),
                    float(line.get("yMin")),
                    float(line.get("xMax")),
                    float(line.get("yMax")),
                )
            )
    return found


def marks_at(content: bytes, *, page: int, x: float, dpi: int = 144) -> list[float]:
    """Where something is drawn (not white) in the column `x` points from the left edge of
    a page, as the centres of each run, in points from the top: fold and hole marks."""
    return [(top + bottom) / 2 for top, bottom in drawn_at(content, page=page, x=x, dpi=dpi)]


def drawn_at(content: bytes, *, page: int, x: float, dpi: int = 144) -> list[tuple[float, float]]:
    """Where something is drawn (not white) in the column `x` points from the left edge of
    a page: each run's first and last row, in points from the top."""
    document = pdfium.PdfDocument(content)
    try:
        bitmap = document[page - 1].render(scale=dpi / 72)
        image = bitmap.to_pil().convert("L")
    finally:
        document.close()
    column = round(x * dpi / 72)
    runs: list[list[int]] = []
    for row in range(image.height):
        if image.getpixel((column, row)) < 235:
            if runs and runs[-1][1] == row - 1:
                runs[-1][1] = row
            else:
                runs.append([row, row])
    return [(start * 72 / dpi, end * 72 / dpi) for start, end in runs]
