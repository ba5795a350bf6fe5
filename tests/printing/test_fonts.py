"""webapp.printing.fonts: what it calls printable prints, and what it refuses would not."""

from __future__ import annotations

import random
from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.printing.test_pdf import render
from webapp.printing import fonts


def embedded_fonts(content: bytes) -> set[str]:
    """The names of the fonts a PDF embeds, without their subset tags."""
    reader = PdfReader(BytesIO(content))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


@pytest.mark.parametrize(
    "name",
    [
        "Chen Taidong 陳臺東",  # Traditional Chinese, none of it in GB 2312
        "Tōdō Yūki 東堂 釈",  # Japanese-only forms
        "Kim Min-jun 김민준",
        "Somchai สมชาย",
        "Noa Levi נועה לוי",
        "Aram Ավետիսյան",
        "Nino ნინო",
        "Ωμέγα Παπαδοπούλου",
        "Алина Василенко",
        "لیلا احمدی",
    ],
)
def test_a_name_in_any_script_prints_in_the_sender_block_and_signature(app, name):
    assert fonts.unprintable_characters(name) == []
    rendered = render(app, writer_name=name, sender_place="Lyon, France")
    assert rendered.missing_characters == ()


def test_every_character_called_printable_renders_with_a_real_glyph(app):
    # The form's check and WeasyPrint must agree: a sample of every face's characters,
    # in one letter, draws no empty box.
    sample = random.Random(4).sample(sorted(fonts.printable_code_points()), 3000)
    text = "".join(chr(code) for code in sample if not fonts.unprintable_characters(chr(code)))
    assert render(app, body=text).missing_characters == ()


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Free her 🙏", ["🙏"]),
        ("Thank you ❤️", ["❤"]),  # the variation selector after it needs no glyph
        ("ᱚᱛ Ol Chiki", ["ᱚ", "ᱛ"]),
        ("𠀋 (a rare CJK extension B character)", ["𠀋"]),
        ("plain\ntext with a zero\u200dwidth joiner\u00ad", []),
    ],
)
def test_characters_no_font_has_are_named(text, refused):
    assert fonts.unprintable_characters(text) == refused
    if refused:
        # What WeasyPrint would draw as a box is what the form refuses.
        assert set(refused) <= set(text)


def test_a_character_called_unprintable_would_print_as_a_box(app):
    assert render(app, body="ᱚ 🙏").missing_characters == ("ᱚ", "🙏")


@pytest.mark.parametrize(
    ("language", "font"),
    [
        ("ja", "Letter-Japanese"),
        ("zh-Hant", "Letter-Traditional-Chinese"),
        ("zh", "Letter-Chinese"),
        ("en", "Letter-Chinese"),
    ],
)
def test_chinese_characters_take_the_face_of_the_letters_language(app, language, font):
    # 直 is drawn differently in Chinese and Japanese: the letter's language decides.
    rendered = render(app, body="直", language=language)
    # WeasyPrint names embedded fonts after their CSS family.
    cjk = {
        name
        for name in embedded_fonts(rendered.content)
        if name != "Letter" and "-Bold" not in name
    }
    assert cjk == {font}


def test_describe_names_the_character():
    assert fonts.describe("🙏") == "“🙏” (Person with folded hands)"
