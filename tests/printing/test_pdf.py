"""webapp.printing.pdf: what it renders, what it refuses to fetch, and the limits it keeps."""

from __future__ import annotations

import pytest

from tests.letters.reading import lines, page_sizes, pdf_text, visible, words
from webapp.printing import pdf


def letter_values(**overrides) -> dict:
    values = {
        "kind": "appeal",
        "paper": "a4",
        "language": "en",
        "direction": "ltr",
        "ui_language": "en",
        "ui_direction": "ltr",
        "writer_name": "Ana Pérez",
        "writer_town": "Lyon",
        "writer_country_name": "France",
        "date": "24 November 2026",
        "address_language": "en",
        "recipient_lines": ["Minister Ana Ruiz", "Ministry of the Interior", "MEXICO"],
        "recipient_country_name": "Mexico",
        "abroad": True,
        "salutation": "Dear Minister,",
        "closing": "Yours sincerely,",
        "body": "Please release them.",
        "show_sender_place": True,
        "sender_place": "Lyon, France",
        "safety_notes": "",
        "page_url": "https://example.org/letters/abc",
        "running_before": "Ana Pérez · Page ",
        "running_between": " of ",
        "running_after": "",
    }
    return values | overrides


def render(app, **overrides) -> pdf.RenderedPdf:
    with app.test_request_context():
        return pdf.render_letters([letter_values(**overrides)], title="Letter", language="en")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/x.png",
        "https://example.org/x.png",
        "https://letters.invalid/../webapp/config.py",
        "https://letters.invalid/%2e%2e/webapp/config.py",
        "https://letters.invalid/fonts/",
        "data:text/plain,hello",
    ],
)
def test_the_fetcher_refuses_everything_but_letter_assets(url):
    with pytest.raises(ValueError):
        pdf.LetterAssetFetcher().fetch(url)


def test_the_fetcher_serves_letter_assets():
    response = pdf.LetterAssetFetcher().fetch(pdf.ASSET_BASE + "card/candle.svg")
    assert response.content_type == "image/svg+xml"
    assert response.read().startswith(b"<svg")


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        ("Dear {{ person }},", "Dear Leyla Ahmadi,"),
        ("<b>{{ person }}</b>", "<b>Leyla Ahmadi</b>"),  # plain text: escaped later, in layouts
    ],
)
def test_organiser_texts_fill_their_placeholders(text, rendered):
    assert pdf.render_text(text, {"person": "Leyla Ahmadi"}) == rendered


@pytest.mark.parametrize(
    "text",
    [
        "{{ person.__class__.__mro__ }}",
        "{{ ''.__class__.__subclasses__() }}",
        "{{ person.format_map }}{% for x in range(10**9) %}{% endfor %}",
        "{{ unknown_value }}",
        "{% if %}",
        "{{ 1 / 0 }}",
        # Costly even in a sandbox: a gigabyte string, a hundred million loop turns.
        "{{ 'a' * 300000000 }}",
        "{% for a in range(10000) %}{% for b in range(10000) %}x{% endfor %}{% endfor %}",
    ],
)
def test_organiser_texts_cannot_reach_beyond_their_values(text):
    with pytest.raises(pdf.TextTemplateError):
        pdf.render_text(text, {"person": "Leyla"})


def test_inputs_beyond_the_bounds_are_refused(app):
    with pytest.raises(pdf.PdfInputError, match="body"):
        render(app, body="x" * (pdf.MAX_BODY_CHARS + 1))
    with pytest.raises(pdf.PdfInputError, match="writer_name"):
        render(app, writer_name="x" * (pdf.MAX_FIELD_CHARS + 1))
    with pytest.raises(pdf.PdfInputError, match="plain values"):
        render(app, writer_name=object())
    with pytest.raises(pdf.PdfInputError, match="1 to"):
        pdf.letters_html([], title="Empty", language="en")


def test_the_pdf_carries_title_language_author_and_tags(app):
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(render(app).content))
    assert reader.metadata.title == "Letter"
    assert reader.metadata.author == "Ana Pérez"
    assert reader.metadata.creator == pdf.PRODUCER
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/MarkInfo"]["/Marked"])  # tagged: PDF/UA-1
    assert "/StructTreeRoot" in catalog


def test_fonts_are_embedded_as_subsets(app):
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(render(app, body="Привет, مرحبا, नमस्ते, 你好").content))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font.get("/DescendantFonts") or [font])[0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = descriptor
    assert len(fonts) >= 4  # Latin/Cyrillic, Arabic, Devanagari, Chinese
    for name, descriptor in fonts.items():
        # A six-letter tag before "+" marks a subset (ISO 32000-1, 9.6.4).
        assert name[7] == "+", name
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), name


@pytest.mark.parametrize(
    ("script", "text"),
    [
        ("Latin", "Ça suffit : libérez-la, señor Muñoz, Łódź"),
        ("Cyrillic", "Освободите её немедленно"),
        # pdftotext takes a line's raised vowel marks (tanwin, the Devanagari i-matra) for
        # a line of their own, and then misorders the line; these sentences have none.
        ("Arabic", "أطلقوا سراحه فورا ودون قيد أو شرط"),
        ("Persian", "لطفا لیلا احمدی را فورا آزاد کنید"),
        ("Chinese", "请立即无条件释放她"),
        ("Devanagari", "कृपया उसे तुरंत मुक्त करें"),
        ("Greek", "Απελευθερώστε την αμέσως"),
        ("Hebrew", "שחררו אותה מיד"),
        ("Thai", "โปรดปล่อยตัวเธอทันที"),
        ("Korean", "그녀를 즉시 석방하십시오"),
        ("Japanese", "直ちに彼女を釈放してください"),
        ("Traditional Chinese", "請立即無條件釋放陳臺東"),
        ("Armenian", "Ազատեք նրան անմիջապես"),
        ("Georgian", "გაათავისუფლეთ ის დაუყოვნებლივ"),
    ],
)
def test_every_script_renders_with_real_glyphs_and_reads_back_in_order(app, script, text):
    direction = "rtl" if script in ("Arabic", "Persian", "Hebrew") else "ltr"
    rendered = render(app, body=text, language="en", direction=direction)
    assert rendered.missing_characters == ()
    assert visible(text) in visible(pdf_text(rendered.content))


def test_a_character_no_font_has_is_reported(app):
    # Ol Chiki: none of the shipped fonts has it. This is the check above failing.
    assert render(app, body="ᱚᱛ").missing_characters == ("ᱚ", "ᱛ")


@pytest.mark.parametrize(("paper", "size"), [("a4", (595.28, 841.89)), ("letter", (612, 792))])
def test_every_page_has_the_chosen_paper_size(app, paper, size):
    sizes = page_sizes(render(app, paper=paper, body=LONG_BODY).content)
    assert len(sizes) == 2  # a letter of two sheets
    for width, height in sizes:
        assert (round(width, 2), round(height, 2)) == pytest.approx(size, abs=0.01)


def test_arabic_script_prose_is_set_larger_to_match_the_latin(app):
    """Naskh looks a size smaller than Latin at one size: Persian and Arabic letters set
    their prose at 13 pt, not 11 (issue 17, item 6); the address keeps its size."""
    text = "لطفا لیلا احمدی را فورا آزاد کنید"

    def heights(language):
        content = render(app, body=text, language=language, direction="rtl").content
        found = {word.text: word.bottom - word.top for word in words(content) if word.page == 1}
        return found[visible("کنید")[::-1]], found["MEXICO"]

    persian_word, persian_address = heights("fa")
    english_word, english_address = heights("en")
    assert persian_word / english_word == pytest.approx(13 / 11, rel=0.02)
    assert persian_address == pytest.approx(english_address)


LONG_BODY = "\n\n".join(
    [f"Paragraph {n}: my own words, which fill one sheet and part of the next." for n in range(30)]
)


@pytest.mark.parametrize(
    ("paper", "says"),
    [
        ("a4", "DL envelope shows 6. Please join or remove a line above the country line"),
        ("letter", "#10 envelope shows 5. Please join or remove 2 lines above the country line"),
    ],
)
def test_an_address_that_would_not_show_whole_is_refused_naming_the_line(app, paper, says):
    """Seven lines: more than either window shows. Never printed cut (issue 17)."""
    seven = ["Lic. Mariana Sosa Ibarra", "Attorney General", "Fiscalía General", "Río Nazas 147"]
    seven += ["Alcaldía Cuauhtémoc", "06500 Ciudad de México", "MEXICO"]
    with pytest.raises(pdf.AddressDoesNotFit) as refused:
        render(app, paper=paper, recipient_lines=seven)
    assert "This address has 7 lines" in str(refused.value) and says in str(refused.value)
    if paper == "a4":
        assert "“MEXICO” would not show" in str(refused.value)
    else:
        assert "from “06500 Ciudad de México” on, they would not show" in str(refused.value)
    wide = ["Minister Ana Ruiz", "Calle Río Nazas 147, Colonia Cuauhtémoc, Alcaldía Cuauhtémoc"]
    with pytest.raises(pdf.AddressDoesNotFit) as refused:
        render(app, paper=paper, recipient_lines=wide)
    assert refused.value.line == 2
    assert "Line 2, “Calle Río Nazas 147" in str(refused.value)


def test_the_letter_is_only_the_letter_and_the_instructions_are_their_own(app):
    """Nothing meant for the writer goes in the envelope: no private link, no steps."""
    letter = render(app)
    text = visible(pdf_text(letter.content))
    assert letter.page_count == 1
    assert "Before you post" not in text and "example.org/letters/abc" not in text
    with app.test_request_context():
        steps = pdf.render_pdf(pdf.instructions_html(letter_values(), title="Before you post"))
    text = visible(pdf_text(steps.content))
    assert "Before you post your letter" in text and "example.org/letters/abc" in text


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_continuation_pages_carry_the_writers_name_and_page_number(app, paper):
    rendered = render(app, paper=paper, body=LONG_BODY)
    assert rendered.page_count == 2
    found = lines(rendered.content)
    first = [line.text for line in found if line.page == 1]
    second = [line for line in found if line.page == 2]
    assert not any("Page 1 of 2" in text for text in first)  # the first page has its head
    header = next(line for line in second if "Page 2 of 2" in line.text)
    assert header.text == "Ana Pérez · Page 2 of 2"
    assert header.top == min(line.top for line in second)  # above the text


@pytest.mark.parametrize("paragraphs", range(14, 26))
def test_the_closing_is_never_alone_on_a_page(app, paragraphs):
    """Whatever the letter's length, the closing and the name share their page with the
    last lines of the body."""
    body = "\n\n".join(
        f"Paragraph {n}: my own words, which fill one sheet and part of the next."
        for n in range(paragraphs)
    )
    found = lines(render(app, body=body).content)
    closing = next(line for line in found if line.text == "Yours sincerely,")
    name = [line for line in found if line.text == "Ana Pérez" and line.top > closing.top]
    assert name and name[0].page == closing.page
    on_its_page = [line for line in found if line.page == closing.page]
    above = [line for line in on_its_page if line.bottom <= closing.top]
    assert any(line.text.startswith("Paragraph") for line in above), paragraphs
