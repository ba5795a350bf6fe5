"""The one place that calls WeasyPrint: letter layouts from letters/ into PDFs.

Rendering takes plain values (dicts of strings, lists and dates), never ORM objects, so a
template cannot reach the database. Layouts are the project's own files, rendered with an
autoescaping Jinja environment; texts organisers edit go through a sandbox. WeasyPrint
fetches only the project's own letter assets: no `file:` paths, no network.
"""

from __future__ import annotations

import logging
import mimetypes
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

import flask_babel
import pydyf
import pypdfium2 as pdfium
import weasyprint
import weasyprint.pdf.tags
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from webapp.printing import envelopes
from webapp.utils.languages import text_direction

LETTERS_DIR = Path(__file__).resolve().parents[2] / "letters"

# Layouts link their assets under this base; it never resolves, because the fetcher
# answers every request from LETTERS_DIR and refuses anything else (.invalid: RFC 2606).
ASSET_BASE = "https://letters.invalid/"
STYLESHEETS = (
    "base.css",
    "appeal/letter.css",
    "card/letter.css",
    "instructions/letter.css",
    "cover/cover.css",
    "delivery/delivery.css",
    "share/share.css",
)

log = logging.getLogger(__name__)

# Bounds on what one render takes, far above any real letter, so a hostile input costs
# at most a few seconds of one worker.
# The CMS enforces the same bounds where a case's texts are entered (webapp.campaigns),
# and fit_text/fit_lines cut an older row that exceeds them (letters, delivery packs):
# a render never fails on data the CMS accepted (issue 21, item 12).
MAX_FIELD_CHARS = 500
MAX_BODY_CHARS = 10_000
MAX_LIST_ITEMS = 50
# An address's lines: the recipient block adds a name, a title and the country line.
MAX_ADDRESS_LINES = MAX_LIST_ITEMS - 3
MAX_LETTERS_PER_DOCUMENT = 1_000

# Written in the PDF's Creator field and the HTML generator, in place of WeasyPrint's.
PRODUCER = "Write for Rights"

# PDF/UA-1: tagged structure, title and language, so screen readers can read the PDF.
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}


def fit_text(text: str, where: str) -> str:
    """A text cut to MAX_FIELD_CHARS, logged when cut. Forms refuse longer texts; a row
    saved before they did prints cut short rather than failing every PDF it is in."""
    if len(text) <= MAX_FIELD_CHARS:
        return text
    log.warning("%s: longer than %s characters, printed cut short", where, MAX_FIELD_CHARS)
    return text[: MAX_FIELD_CHARS - 1] + "…"


def fit_lines(lines: list[str], where: str) -> list[str]:
    """An address's lines cut to MAX_ADDRESS_LINES and each to MAX_FIELD_CHARS (see
    fit_text)."""
    if len(lines) > MAX_ADDRESS_LINES:
        log.warning("%s: more than %s lines, printed without the rest", where, MAX_ADDRESS_LINES)
        lines = lines[:MAX_ADDRESS_LINES]
    return [fit_text(line, where) for line in lines]


class PdfInputError(ValueError):
    """A value given to the renderer is too large or of a type it does not take."""


class AddressDoesNotFit(PdfInputError):
    """A letter's address would not show whole through its envelope's window: refused,
    never printed cut (issue 17). The message is translated and names the line."""

    def __init__(self, problem: envelopes.AddressDoesNotFit) -> None:
        super().__init__(str(problem))
        self.line = problem.line


class TextTemplateError(ValueError):
    """An organiser's letter text is not a valid template."""


class LetterAssetFetcher(URLFetcher):
    """Serve the files under letters/ to WeasyPrint, and nothing else."""

    def __init__(self) -> None:
        super().__init__(timeout=1, allowed_protocols=("https",), fail_on_errors=False)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if not url.startswith(ASSET_BASE):
            raise ValueError(f"refused to fetch {url[:100]!r}: only letter assets are served")
        path = _asset_path(url.removeprefix(ASSET_BASE).split("?")[0].split("#")[0])
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, _read_asset(path), {"Content-Type": mime_type})


def _asset_path(relative: str) -> Path:
    path = (LETTERS_DIR / relative).resolve()
    if not path.is_relative_to(LETTERS_DIR) or not path.is_file():
        raise ValueError(f"no letter asset {relative[:100]!r}")
    return path


@cache
def _read_asset(path: Path) -> bytes:
    # Assets are part of the release: read once per process (fonts are megabytes).
    return path.read_bytes()


_layouts = Environment(
    loader=FileSystemLoader(LETTERS_DIR),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    extensions=["jinja2.ext.i18n"],
)
# The writer's instructions are in the interface language, translated like every page.
_layouts.install_gettext_callables(flask_babel.gettext, flask_babel.ngettext, newstyle=True)
# A cover or a delivery pack in Arabic reads right to left, as its page did.
_layouts.filters["text_direction"] = text_direction


def _paragraphs(text: str) -> list[list[str]]:
    """Paragraphs (split at blank lines) as lists of lines, for <p> and <br>."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return [[line.strip() for line in p.splitlines()] for p in paragraphs if p.strip()]


_layouts.filters["paragraphs"] = _paragraphs
# Organisers' texts are plain text with placeholders such as {{ person }}; they become
# HTML only inside a layout, which escapes them. Placeholders are substituted, not run as
# a template: even a sandboxed Jinja lets a text multiply a string into gigabytes or loop
# for seconds, and a letter text needs nothing but its names filled in.
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
_TEMPLATE_SYNTAX = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


def render_text(source: str, values: Mapping[str, str]) -> str:
    """An organiser's letter text with its placeholders filled, as plain text."""
    for name in _PLACEHOLDER.findall(source):
        if name not in values:
            known = ", ".join("{{ %s }}" % key for key in sorted(values))  # noqa: UP031
            raise TextTemplateError(
                flask_babel.gettext(
                    "%(placeholder)s is not a placeholder; use %(known)s.",
                    placeholder="{{ %s }}" % name,  # noqa: UP031
                    known=known,
                )
            )
    if _TEMPLATE_SYNTAX.search(_PLACEHOLDER.sub("", source)):
        raise TextTemplateError(
            flask_babel.gettext(
                "Only placeholders such as {{ person }} may stand between double braces; "
                "please remove the other braces or percent signs."
            )
        )
    # One pass: a filled-in value is never read as a placeholder itself.
    return _PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), source)


def check_address(letter: Mapping[str, Any]) -> None:
    """Refuse a letter whose address would not show whole through its envelope's window."""
    envelope = envelopes.ENVELOPES.get(str(letter.get("paper")))
    if envelope is None:
        raise PdfInputError(f"no envelope for paper {str(letter['paper'])[:20]!r}")
    problem = envelopes.envelope_problem(envelope, list(letter["recipient_lines"]))
    if problem is not None:
        raise AddressDoesNotFit(problem)


def letters_html(letters: Sequence[Mapping[str, Any]], *, title: str, language: str) -> str:
    """The HTML of one document holding the given letters: only what is posted (the
    writer's instructions are instructions_html)."""
    if not 0 < len(letters) <= MAX_LETTERS_PER_DOCUMENT:
        raise PdfInputError(f"a document holds 1 to {MAX_LETTERS_PER_DOCUMENT} letters")
    for letter in letters:
        # First: an address too long for the window gets the message naming its line.
        check_address(letter)
        _check_values(letter)
    _check_values({"title": title, "language": language})
    authors = sorted({letter["writer_name"] for letter in letters})
    return _layouts.get_template("document.html").render(
        letters=letters,
        title=title,
        language=language,
        author=authors[0] if len(authors) == 1 else "",
        producer=PRODUCER,
        asset_base=ASSET_BASE,
    )


def instructions_fragment(letter: Mapping[str, Any]) -> str:
    """The writer's instructions for one letter, as an HTML section (for the web page)."""
    _check_values(letter)
    return _layouts.get_template("instructions/letter.html").render(
        letter=letter, producer=PRODUCER, asset_base=ASSET_BASE
    )


def instructions_html(letter: Mapping[str, Any], *, title: str) -> str:
    """The HTML of the writer's instructions for one letter, as a document of their own:
    they hold the letter's private link, so they never share a PDF with the letter."""
    _check_values(letter)
    _check_values({"title": title})
    return _layouts.get_template("instructions/document.html").render(
        letter=letter, title=title, producer=PRODUCER, asset_base=ASSET_BASE
    )


def cover_html(values: Mapping[str, Any]) -> str:
    """The HTML of a class's cover sheet (see letters/cover/cover.html for its values)."""
    _check_values(values)
    return _layouts.get_template("cover/cover.html").render(
        **values, producer=PRODUCER, asset_base=ASSET_BASE
    )


def share_card_html(values: Mapping[str, Any]) -> str:
    """The HTML of a case's share image (see letters/share/card.html for its values). The
    illustration is an SVG file of the release, the one value not bounded like text."""
    _check_values({key: value for key, value in values.items() if key != "photo_svg"})
    return _layouts.get_template("share/card.html").render(
        **values, producer=PRODUCER, asset_base=ASSET_BASE
    )


# Pages in one part of a delivery pack's list of signers (a little over a hundred names
# each): a few dozen pages, rendered in a second or two, so a million names become a few
# hundred parts joined by webapp.printing.merge.
MAX_PAGES_PER_PART = 200
# A run of one-line names in a column: at most a column's lines of at most a field each.
MAX_RUN_CHARS = 100 * (MAX_FIELD_CHARS + 40)
# Countries and territories in ISO 3166, with room to spare.
MAX_COUNTRY_ROWS = 300


def delivery_summary_html(values: Mapping[str, Any]) -> str:
    """The HTML of a delivery pack's summary (see letters/delivery/summary.html)."""
    countries = values.get("countries", [])
    if len(countries) > MAX_COUNTRY_ROWS:
        raise PdfInputError(f"more than {MAX_COUNTRY_ROWS} countries")
    for row in countries:
        _check_values(row)
    _check_values(
        {key: value for key, value in values.items() if key not in ("countries", "page_css")}
    )
    return _layouts.get_template("delivery/summary.html").render(
        **values, producer=PRODUCER, asset_base=ASSET_BASE
    )


def delivery_closing_html(values: Mapping[str, Any]) -> str:
    """The HTML of a delivery pack's last page: who hands it over, the signer list's
    SHA-256 and the signature block (see letters/delivery/closing.html)."""
    _check_values({key: value for key, value in values.items() if key != "page_css"})
    return _layouts.get_template("delivery/closing.html").render(
        **values, producer=PRODUCER, asset_base=ASSET_BASE
    )


def delivery_names_html(values: Mapping[str, Any]) -> str:
    """The HTML of whole pages of a delivery pack's list of signers (delivery/names.html):
    `pages` is a list of pages, each a list of columns, each a list of runs
    ({"wraps": bool, "text": str}) as webapp.delivery.layout places them."""
    pages = values.get("pages", [])
    if not 0 < len(pages) <= MAX_PAGES_PER_PART:
        raise PdfInputError(f"a part holds 1 to {MAX_PAGES_PER_PART} pages")
    for page in pages:
        for column in page:
            if len(column) > 100 or any(len(run["text"]) > MAX_RUN_CHARS for run in column):
                raise PdfInputError("a column of names is longer than a page")
    _check_values({key: value for key, value in values.items() if key not in ("pages", "page_css")})
    return _layouts.get_template("delivery/names.html").render(
        **values, producer=PRODUCER, asset_base=ASSET_BASE
    )


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int
    # Characters no shipped font has, drawn as empty boxes; should always be empty.
    missing_characters: tuple[str, ...]


def render_pdf(html: str) -> RenderedPdf:
    """Render HTML made by letters_html into a PDF."""
    stylesheets, font_config = _prepared_styles()
    with _missing_glyphs.recording() as missing:
        document = weasyprint.HTML(
            string=html, base_url=ASSET_BASE, url_fetcher=LetterAssetFetcher()
        ).render(stylesheets=stylesheets, font_config=font_config, **PDF_OPTIONS)
        document.metadata.generator = PRODUCER
        content = document.write_pdf(**PDF_OPTIONS)
    return RenderedPdf(content, len(document.pages), tuple(missing))


def count_pages(html: str) -> int:
    """The pages the HTML lays out into, without writing a PDF."""
    stylesheets, font_config = _prepared_styles()
    document = weasyprint.HTML(
        string=html, base_url=ASSET_BASE, url_fetcher=LetterAssetFetcher()
    ).render(stylesheets=stylesheets, font_config=font_config, **PDF_OPTIONS)
    return len(document.pages)


def page_png(content: bytes, index: int, *, width: int) -> bytes:
    """One page of a PDF as a PNG image this many pixels wide, for a preview."""
    document = pdfium.PdfDocument(content)
    try:
        page = document[index]
        bitmap = page.render(scale=width / page.get_width())
        buffer = BytesIO()
        bitmap.to_pil().save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()
    finally:
        document.close()


def render_letters(letters: Sequence[Mapping[str, Any]], *, title: str, language: str) -> bytes:
    """One PDF holding the given letters (see letters_html for the values each takes)."""
    return render_pdf(letters_html(letters, title=title, language=language))


class _MissingGlyphs(logging.Filter):
    """Collects the characters WeasyPrint reports drawing as .notdef, per thread."""

    _local = threading.local()

    @contextmanager
    def recording(self) -> Iterator[list[str]]:
        self._local.found = found = []
        try:
            yield found
        finally:
            self._local.found = None

    def filter(self, record: logging.LogRecord) -> bool:
        found = getattr(self._local, "found", None)
        if found is not None and record.getMessage().startswith(".notdef glyph rendered"):
            found.append(record.args[0] if record.args else "?")
        return True


def _tag_language_changes(build_box_tree):
    """WeasyPrint's structure builder, writing /Lang on the element of every HTML element
    that carries a lang attribute (WeasyPrint 70 writes the document's language only).

    PDF/UA-1 (ISO 14289-1 §7.2) wants every change of language marked, so that a screen
    reader reading a Persian letter switches voice for its English address (issue 17).
    """

    def with_language(box, parent, pdf, *args):
        for element in build_box_tree(box, parent, pdf, *args):
            source = getattr(box, "element", None)
            language = source.get("lang") if source is not None else None
            if (
                language
                and getattr(box, "element_tag", None) not in ("html", "body")
                and "Lang" not in element
            ):
                element["Lang"] = pydyf.String(language)
            yield element

    with_language.wrapped = build_box_tree  # type: ignore[attr-defined]
    return with_language


if not hasattr(weasyprint.pdf.tags._build_box_tree, "wrapped"):
    # It calls itself through the module's global name, so nested elements go through
    # the wrapper too.
    weasyprint.pdf.tags._build_box_tree = _tag_language_changes(weasyprint.pdf.tags._build_box_tree)

_missing_glyphs = _MissingGlyphs()
weasyprint.LOGGER.addFilter(_missing_glyphs)

_per_thread = threading.local()
# Each render would log every step and every font table at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _prepared_styles() -> tuple[list[weasyprint.CSS], FontConfiguration]:
    # Parsing the stylesheets and loading their fonts into Fontconfig costs more than
    # laying out a letter, so each thread does it once. Not shared between threads:
    # a FontConfiguration wraps a Pango font map, which is not thread-safe.
    prepared = getattr(_per_thread, "styles", None)
    if prepared is None:
        font_config = FontConfiguration()
        fetcher = LetterAssetFetcher()
        sources = [(_read_asset(_asset_path(name)).decode(), name) for name in STYLESHEETS]
        # Pages, the address's place and the fold marks: from the envelope geometry.
        sources.insert(1, (envelopes.stylesheet(), "envelopes.css"))
        stylesheets = [
            weasyprint.CSS(
                string=source,
                base_url=ASSET_BASE + name,
                url_fetcher=fetcher,
                font_config=font_config,
            )
            for source, name in sources
        ]
        prepared = _per_thread.styles = (stylesheets, font_config)
    return prepared


def _check_values(values: Mapping[str, Any]) -> None:
    for key, value in values.items():
        if isinstance(value, str):
            limit = MAX_BODY_CHARS if key == "body" else MAX_FIELD_CHARS
            if len(value) > limit:
                raise PdfInputError(f"{key} is longer than {limit} characters")
        elif isinstance(value, list | tuple):
            if len(value) > MAX_LIST_ITEMS:
                raise PdfInputError(f"{key} has more than {MAX_LIST_ITEMS} items")
            for item in value:
                if isinstance(item, Mapping):
                    _check_values(item)
                else:
                    _check_values({key: item})
        elif isinstance(value, Mapping):
            _check_values(value)
        elif value is not None and not isinstance(value, bool | int):
            raise PdfInputError(f"{key} is a {type(value).__name__}; give plain values")
