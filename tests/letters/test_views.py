"""Writing, previewing, printing and posting letters, through the pages a supporter uses."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import func, select

from tests.factories import APPEAL_TEXT, CaseFactory, LetterTemplateFactory, TargetFactory
from tests.letters.conftest import PERSIAN_SALUTATION, PERSIAN_TEXT
from tests.letters.reading import (
    POINTS_PER_INCH,
    POINTS_PER_MM,
    page_sizes,
    pdf_text,
    visible,
    words,
)
from webapp.extensions import db
from webapp.models import Letter, LetterStatus
from webapp.utils.dates import written_date

OWN_SENTENCE = "I am a teacher in Lyon and I think of Leyla every day."
TEMPLATE_TEXT = APPEAL_TEXT.replace("{{ person }}", "Leyla Ahmadi")


def write(client, case, *, kind="appeal", language="en", body=None, **fields):
    data = {
        "language": language,
        "writer_name": "Ana Pérez",
        "writer_town": "Lyon",
        "writer_country": "FR",
        "paper": "",
        "body": body if body is not None else TEMPLATE_TEXT + "\n\n" + OWN_SENTENCE,
    } | fields
    return client.post(f"/cases/{case.slug}/write/{kind}", data=data)


def written_letter(client, case, **kwargs) -> Letter:
    response = write(client, case, **kwargs)
    assert response.status_code == 303, response.get_data(as_text=True)
    token = response.headers["Location"].rsplit("/", 1)[1]
    return db.session.scalar(select(Letter).where(Letter.token == token))


def download(client, letter) -> bytes:
    response = client.get(f"/letters/{letter.token}/letter.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return response.data


def test_the_case_page_offers_a_letter_and_a_card(client, case):
    page = client.get(f"/cases/{case.slug}").get_data(as_text=True)
    assert f'href="/cases/{case.slug}/write/appeal"' in page
    assert f'href="/cases/{case.slug}/write/card"' in page
    # Before anyone writes, an invitation instead of a bare zero.
    assert "No letters yet: yours can be the first." in page
    assert "0 letters written" not in page


def test_the_composer_starts_from_the_case_text_with_advice_beside_it(client, case):
    page = client.get(f"/cases/{case.slug}/write/appeal").get_data(as_text=True)
    assert TEMPLATE_TEXT.split("\n")[0] in page  # the placeholder filled with the name
    assert "Release them now" in page and "Be polite" in page
    assert "Up to 3,000 characters" in page and 'maxlength="3000"' in page
    assert '<option value="fa" lang="fa">فارسی</option>' in page


def test_the_composer_offers_the_targets_own_language(client, case):
    page = client.get(f"/cases/{case.slug}/write/appeal?language=fa").get_data(as_text=True)
    assert PERSIAN_SALUTATION in page
    assert PERSIAN_TEXT.split("\n")[0] in page
    assert 'dir="rtl"' in page


def test_the_composer_starts_with_the_target_the_thank_you_page_chose(client, case):
    second = TargetFactory(case=case, name="Dr Hossein Karimi-Nejad", position=5)
    other_case = TargetFactory(name="Someone Elsewhere")
    db.session.commit()
    chosen = f"/cases/{case.slug}/write/appeal?target={second.id}"
    page = client.get(chosen).get_data(as_text=True)
    assert f'<option selected value="{second.id}">' in page
    # Changing the language keeps the person chosen.
    assert f'<input type="hidden" name="target" value="{second.id}">' in page

    # A target of another case, or no number at all, leaves the usual first choice.
    for wrong in (other_case.id, "x"):
        page = client.get(f"/cases/{case.slug}/write/appeal?target={wrong}").get_data(as_text=True)
        assert "<option selected" not in page
        assert "Someone Elsewhere" not in page


def test_the_composer_starts_in_the_readers_language_where_there_is_a_text_in_it(client, case):
    persian = client.get(f"/cases/{case.slug}/write/appeal", headers={"Accept-Language": "fa"})
    assert PERSIAN_SALUTATION in persian.get_data(as_text=True)
    # No text in French: the case's first (English) one, and the writer may still choose.
    french = client.get(
        f"/cases/{case.slug}/write/appeal", headers={"Accept-Language": "fr"}
    ).get_data(as_text=True)
    assert TEMPLATE_TEXT.split("\n")[0] in french and PERSIAN_SALUTATION not in french


def test_a_letter_left_as_the_template_is_refused_kindly(client, case):
    response = write(client, case, body=TEMPLATE_TEXT)
    assert response.status_code == 422
    assert "add at least one sentence of your own" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Letter)) == 0


def test_a_few_words_are_not_yet_a_sentence(client, case):
    response = write(client, case, body=TEMPLATE_TEXT + " Thank you.")
    assert response.status_code == 422
    assert "at least one whole sentence" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"writer_name": ""}, "Please enter your name"),
        ({"writer_country": "XX"}, "Please choose a country from the list"),
        ({"body": "x" * 3001}, "3,000 characters or fewer"),
        ({"paper": "a3"}, "Please choose A4, US Letter or the usual size"),
        # No shipped font has them: named, instead of an empty box on paper.
        (
            {"body": TEMPLATE_TEXT + "\n\n" + OWN_SENTENCE + " 🙏"},
            "“🙏” (Person with folded hands) cannot be printed on paper",
        ),
        ({"writer_name": "Ana ᱚᱛ"}, "“ᱚ” (Ol chiki letter la), “ᱛ” (Ol chiki letter at)"),
        ({"writer_town": "☃ Lyon"}, "“☃” (Snowman) cannot be printed"),
    ],
)
def test_bad_input_gets_a_clear_message(client, case, fields, message):
    response = write(client, case, **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Letter)) == 0


LONG_SENTENCES = (
    "\n\n".join(
        f"Paragraph {n}: I am a teacher in Lyon, and my class thinks of Leyla every day."
        for n in range(25)
    )
    + "\n\n"
    + OWN_SENTENCE
)


def test_the_letter_page_previews_every_page_and_gives_the_text(client, case):
    letter = written_letter(client, case, body=TEMPLATE_TEXT + "\n\n" + LONG_SENTENCES)
    page = client.get(f"/letters/{letter.token}").get_data(as_text=True)
    assert f"/letters/{letter.token}/page-1.png" in page
    assert f"/letters/{letter.token}/page-2.png" in page
    assert OWN_SENTENCE in page
    image = client.get(f"/letters/{letter.token}/page-1.png")
    assert image.mimetype == "image/png"
    assert Image.open(BytesIO(image.data)).size[0] == 900
    assert client.get(f"/letters/{letter.token}/page-3.png").status_code == 404


def test_the_pdf_holds_the_writers_words_and_the_full_address(client, case):
    text = visible(pdf_text(download(client, written_letter(client, case))))
    assert OWN_SENTENCE in text
    assert "Dear Head of the Judiciary," in text
    for line in (
        "Dr. Hossein Karimi",
        "Head of the Judiciary",
        "No. 27, Nastaran Alley",
        "Tehran 1143815611",
        "IRAN",
    ):
        assert line in text
    assert "Ana Pérez" in text and "Lyon" in text


def test_the_posted_pdf_is_only_the_letter(client, case):
    """The default download is what goes in the envelope: no instructions, no private link
    to the letter (which opens, edits and deletes it), on any page (issue 17)."""
    letter = written_letter(client, case, body=TEMPLATE_TEXT + "\n\n" + LONG_SENTENCES)
    content = download(client, letter)
    assert len(page_sizes(content)) == 2  # two sheets of letter
    text = visible(pdf_text(content))
    assert "Before you post" not in text and "Sign it" not in text
    assert letter.token not in text and "/letters/" not in text
    assert "Ana Pérez · Page 2 of 2" in text


def test_page_two_says_page_two_in_the_letters_language(client, case):
    """A Persian letter's continuation page is numbered in Persian words, not English."""
    long_persian = "\n\n".join(PERSIAN_TEXT for _ in range(14))
    letter = written_letter(
        client, case, language="fa", body=long_persian + "\n\nمن معلم هستم و از لیون می‌نویسم."
    )
    text = visible(pdf_text(download(client, letter)))
    assert "Page" not in text
    assert "صفحه" in text and " از " in text


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ("Page ", " of ", "")),
        ("fr", ("Page ", " sur ", "")),
        ("ru", ("Страница ", " из ", "")),
        ("pt-BR", ("Página ", " de ", "")),
        ("xx", ("", " / ", "")),  # no known form: the numbers alone
    ],
)
def test_the_page_number_words_follow_the_letters_language(language, words):
    from webapp.letters.services import _running_words

    assert _running_words(language) == words


def test_the_instructions_are_a_page_and_a_pdf_of_their_own(client, case):
    letter = written_letter(client, case)
    letter_page = client.get(f"/letters/{letter.token}").get_data(as_text=True)
    assert f'href="/letters/{letter.token}/before-you-post"' in letter_page
    page = client.get(f"/letters/{letter.token}/before-you-post")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count("<h1") == 1 and "Before you post your letter" in html
    assert f"http://localhost/letters/{letter.token}" in html
    assert f'href="/letters/{letter.token}/before-you-post.pdf"' in html
    steps = client.get(f"/letters/{letter.token}/before-you-post.pdf")
    assert steps.status_code == 200 and steps.mimetype == "application/pdf"
    assert steps.headers["Content-Disposition"].startswith("attachment;")
    text = visible(pdf_text(steps.data))
    assert "Before you post your letter" in text and letter.token in text
    assert "It goes to another country (Iran)." in text
    assert "DL window envelope" in text and "two short marks" in text
    # Taking the instructions is not taking the letter to print.
    db.session.refresh(letter)
    assert letter.status is LetterStatus.DRAFT


# Envelope windows on the folded sheet, in points from its top-left corner, where the
# window is whichever way the sheet slides in its envelope.
# DL (DIN 680): window 90 x 45 mm, 20 mm from the left and 15 mm from the bottom of a
# 220 x 110 mm envelope; an A4 sheet (210 mm) folded in three sits up to 5 mm off.
DL_WINDOW = (20 * POINTS_PER_MM, 50 * POINTS_PER_MM, 105 * POINTS_PER_MM, 90 * POINTS_PER_MM)
# US #10: window 4.5 x 1.125 in, 7/8 in from the left and 1/2 in from the bottom of a
# 9.5 x 4.125 in envelope; a Letter sheet (8.5 in) sits up to 1 in off sideways.
NO10_WINDOW = tuple(v * POINTS_PER_INCH for v in (0.875, 2.5, 4.875, 3.625))


@pytest.mark.parametrize(
    ("locale", "heading", "step"),
    [
        ("en", "Before you post your letter", "Sign it"),
        ("es", "Antes de enviar tu carta por correo", "Fírmala"),
        ("fr", "Avant de poster votre lettre", "Signez-la"),
    ],
)
def test_the_mailing_instructions_are_in_the_writers_interface_language(
    client, case, locale, heading, step
):
    """The letter is in its own language; the sheet for its writer is in theirs
    (letters/ is extracted with the interface's texts, babel.cfg)."""
    letter = written_letter(client, case)
    client.set_cookie("locale", locale)
    text = visible(pdf_text(client.get(f"/letters/{letter.token}/before-you-post.pdf").data))
    assert heading in text
    assert step in text
    page = client.get(f"/letters/{letter.token}/before-you-post").get_data(as_text=True)
    assert heading in page and step in page
    assert OWN_SENTENCE in pdf_text(download(client, letter))  # the letter is unchanged


@pytest.mark.parametrize(
    ("country", "paper", "size", "window"),
    [
        ("FR", "", (595.28, 841.89), DL_WINDOW),  # A4 from the writer's country
        ("US", "", (612.0, 792.0), NO10_WINDOW),  # US Letter from the writer's country
        ("US", "a4", (595.28, 841.89), DL_WINDOW),  # chosen over the country's default
    ],
)
def test_the_address_shows_through_the_envelope_window(client, case, country, paper, size, window):
    content = download(client, written_letter(client, case, writer_country=country, paper=paper))
    assert [tuple(round(v, 2) for v in s) for s in page_sizes(content)] == [size]
    address = {"Dr.", "Hossein", "Karimi", "Judiciary", "Nastaran", "1143815611", "IRAN"}
    boxes = [w for w in words(content) if w.page == 1 and w.text in address]
    assert {w.text for w in boxes} == address
    left, top, right, bottom = window
    for word in boxes:
        assert left <= word.left and word.right <= right, word
        assert top <= word.top and word.bottom <= bottom, word
    # Nothing else shows through the window.
    others = [w for w in words(content) if w.page == 1 and w.text not in address]
    address_lines = {"Office", "of", "the", "Head", "No.", "27,", "Alley", "Tehran"}
    for word in others:
        inside = left < word.right and word.left < right and top < word.bottom and word.top < bottom
        assert not inside or word.text in address_lines, word


def test_a_persian_letter_reads_back_in_order_with_every_glyph(client, case, caplog):
    body = PERSIAN_TEXT + "\n\nمن معلم هستم و هر روز به او فکر می‌کنم."
    letter = written_letter(client, case, language="fa", body=body)
    content = download(client, letter)
    text = visible(pdf_text(content))
    assert visible(PERSIAN_SALUTATION.rstrip("،")) in text
    assert visible("من معلم هستم و هر روز به او فکر می‌کنم.") in text
    # Dated as a Persian reader dates: Solar Hijri month, Persian digits (issue 17).
    # (pdftotext moves the space between an RTL word and digits: compare the parts.)
    solar_date = written_date(letter.updated_at.date(), "fa", letter.writer_country)
    assert all(part in text for part in solar_date.split())
    assert "no font has" not in caplog.text
    assert not [r for r in caplog.records if "notdef" in r.getMessage()]
    image = Image.open(BytesIO(client.get(f"/letters/{letter.token}/page-1.png").data))
    assert image.getbbox() is not None


def test_fields_print_as_text_and_fetch_nothing(client, case, outside_host):
    outside = f"http://127.0.0.1:{outside_host.server_port}"
    hostile = {
        "writer_name": f'<img src="{outside}/name.png"><b>Ana</b>',
        "writer_town": "url(file:///etc/passwd) <style>@import url(" + outside + "/t.css)</style>",
        "body": TEMPLATE_TEXT
        + f'\n\n<link rel="stylesheet" href="{outside}/x.css"> <img src="{outside}/body.png">'
        + ' <div style="background: url(file:///etc/passwd)">I mean it, please.</div>'
        + f" <svg><image href='{outside}/svg.png'/></svg> {{{{ config }}}} and more words here.",
    }
    content = download(client, written_letter(client, case, **hostile))
    text = "".join(pdf_text(content).split())  # long URLs wrap anywhere: compare unspaced
    assert outside_host.requests == []
    assert "root:x:0:0" not in text
    for field in ("writer_name", "writer_town", "body"):
        for part in hostile[field].split("\n\n"):
            assert "".join(part.split()) in text, part
    assert "{{config}}" in text  # the writer's text is never a template


def test_taking_the_pdf_counts_the_letter_and_posting_counts_it_posted(client, case):
    letter = written_letter(client, case)
    assert letter.status is LetterStatus.DRAFT
    assert "No letters yet" in client.get(f"/cases/{case.slug}").get_data(as_text=True)
    download(client, letter)
    assert letter.status is LetterStatus.PRINTED
    page = client.get(f"/cases/{case.slug}").get_data(as_text=True)
    assert "1 letter written" in page and "0 posted" in page

    response = client.post(f"/letters/{letter.token}/posted", follow_redirects=True)
    assert "Thank you for posting your letter" in response.get_data(as_text=True)
    assert letter.status is LetterStatus.POSTED and letter.posted_at is not None
    client.post(f"/letters/{letter.token}/posted")  # saying it twice changes nothing
    page = client.get(f"/cases/{case.slug}").get_data(as_text=True)
    assert "1 letter written" in page and "1 posted" in page


def test_a_posted_letter_can_no_longer_change(client, case):
    letter = written_letter(client, case)
    client.post(f"/letters/{letter.token}/posted")
    response = client.post(
        f"/letters/{letter.token}/edit",
        data={"writer_name": "X", "writer_country": "FR", "body": TEMPLATE_TEXT + OWN_SENTENCE},
    )
    assert response.status_code == 422
    assert "already posted" in response.get_data(as_text=True)


def test_editing_renders_the_new_text(client, case):
    letter = written_letter(client, case)
    assert OWN_SENTENCE in pdf_text(download(client, letter))
    page = client.get(f"/letters/{letter.token}/edit").get_data(as_text=True)
    assert OWN_SENTENCE in page and 'value="Ana Pérez"' in page
    new_sentence = "My whole choir in Lyon is writing to you this week."
    response = client.post(
        f"/letters/{letter.token}/edit",
        data={
            "writer_name": "Ana Pérez",
            "writer_town": "Lyon",
            "writer_country": "FR",
            "body": TEMPLATE_TEXT + "\n\n" + new_sentence,
        },
    )
    assert response.status_code == 303
    text = pdf_text(download(client, letter))
    assert new_sentence in text and OWN_SENTENCE not in text


def test_a_card_without_sender_address_carries_none(client, case):
    body = "We are thinking of you every day.\n\nThe whole of my class in Lyon sends love to you."
    content = download(client, written_letter(client, case, kind="card", body=body))
    letter = db.session.scalar(select(Letter).order_by(Letter.id.desc()))
    first_page = visible(pdf_text(content).split("\f")[0])
    assert "Dear friend," in first_page and "Ana Pérez" in first_page
    assert "Lyon, France" not in first_page
    steps = client.get(f"/letters/{letter.token}/before-you-post.pdf").data
    text = visible(pdf_text(steps))
    assert "C/O CARD SERVICE" in text  # the card address, on the envelope instructions
    assert "Do not write your address on the card or on the envelope." in text


def test_a_card_for_a_case_that_asks_carries_the_first_name_only(client, case):
    case.card_first_name_only = True
    db.session.commit()
    page = client.get(f"/cases/{case.slug}/write/card").get_data(as_text=True)
    assert "Your first name" in page
    assert "Only your first name is printed on the card, for Leyla Ahmadi" in page
    assert 'autocomplete="given-name"' in page

    body = "We are thinking of you every day.\n\nThe whole of my class in Lyon sends love to you."
    letter = written_letter(client, case, kind="card", body=body, writer_name="Ana Pérez")
    assert letter.writer_name == "Ana"  # the family name is never kept
    text = visible(pdf_text(download(client, letter)))
    assert "Ana" in text and "Pérez" not in text
    # An appeal to the authority is signed in full, as before.
    appeal = written_letter(client, case, writer_name="Ana Pérez")
    assert appeal.writer_name == "Ana Pérez"


def test_cards_are_offered_only_where_the_case_marks_them_safe(client, db):
    case = CaseFactory(solidarity_safe=False)
    LetterTemplateFactory(case=case)
    LetterTemplateFactory(case=case, card=True)
    assert client.get(f"/cases/{case.slug}/write/card").status_code == 404
    assert write(client, case, kind="card").status_code == 404
    assert "/write/card" not in client.get(f"/cases/{case.slug}").get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/cases/{slug}/write/poem",
        "/cases/nobody/write/appeal",
        "/letters/not-a-token",
        "/letters/not-a-token/letter.pdf",
        "/letters/not-a-token/page-1.png",
        "/letters/not-a-token/before-you-post",
        "/letters/not-a-token/before-you-post.pdf",
    ],
)
def test_unknown_letters_and_kinds_are_not_found(client, case, path):
    assert client.get(path.format(slug=case.slug)).status_code == 404


def test_a_draft_case_takes_no_letters(client, db):
    case = CaseFactory(draft=True)
    LetterTemplateFactory(case=case)
    assert client.get(f"/cases/{case.slug}/write/appeal").status_code == 404


def _english_sentences_of(template_path: str) -> list[str]:
    """The English texts the catalog holds for one template, cut at their placeholders
    into runs long enough to be sentences (a word alone may be the same in French)."""
    from babel.messages.pofile import read_po

    with open("webapp/translations/messages.pot", "rb") as pot:
        catalog = read_po(pot)
    runs = []
    for message in catalog:
        if message.id and any(path == template_path for path, _ in message.locations):
            text = message.id if isinstance(message.id, str) else message.id[0]
            runs += [r.strip() for r in re.split(r"%\(\w+\)s", text) if len(r.strip()) > 20]
    return runs


@pytest.mark.parametrize(("locale", "iran"), [("es", "Irán"), ("fr", "Iran")])
def test_a_persian_letters_instructions_are_wholly_in_the_writers_language(
    client, case, locale, iran
):
    """A Persian letter written from France by a Spanish or French reader: its sheet of
    instructions holds no English sentence and names countries in one language, the
    page's (issue 17, item 4: it once read "from فرانسه to Irán")."""
    body = PERSIAN_TEXT + "\n\nمن معلم هستم و هر روز به او فکر می‌کنم."
    letter = written_letter(client, case, language="fa", body=body, writer_country="FR")
    client.set_cookie("locale", locale)
    sheet = visible(pdf_text(client.get(f"/letters/{letter.token}/before-you-post.pdf").data))
    english = _english_sentences_of("letters/instructions/letter.html")
    assert len(english) > 5
    assert [run for run in english if visible(run) in sheet] == []
    assert iran in sheet
    assert "فرانسه" not in sheet and "ایران" not in sheet  # no Persian country names


# The composer says whom the letter goes to, as it prints (issue 15, item 6).


def _recipient_blocks(page: str) -> list[tuple[bool, str]]:
    """Each recipient block of the composer: whether it is shown, and its text."""
    import re

    blocks = re.findall(
        r'<div class="letter-recipient" data-recipient="[^"]*"( hidden)?>(.*?)</div>', page, re.S
    )
    return [
        (not hidden, " ".join(re.sub(r"<[^>]+>", " ", body).split())) for hidden, body in blocks
    ]


def test_the_composer_shows_the_recipient_and_salutation_as_printed(client, case):
    page = client.get(f"/cases/{case.slug}/write/appeal").get_data(as_text=True)
    assert "goes here" not in page
    [(shown, text)] = _recipient_blocks(page)
    assert shown
    assert text == (
        "Your letter goes to: Dr. Hossein Karimi Head of the Judiciary "
        "No. 27, Nastaran Alley Tehran 1143815611 IRAN "
        "Dear Head of the Judiciary,"
    )
    # The printed letter carries the same lines and salutation.
    letter = written_letter(client, case)
    printed = visible(pdf_text(download(client, letter)))
    for line in ("Dr. Hossein Karimi", "Tehran 1143815611", "IRAN", "Dear Head of the Judiciary,"):
        assert line in printed


def test_with_two_targets_the_chosen_one_is_shown(client, case):
    from tests.factories import TargetFactory

    second = TargetFactory(case=case, position=1)
    db.session.refresh(case)
    page = client.get(f"/cases/{case.slug}/write/appeal").get_data(as_text=True)
    blocks = _recipient_blocks(page)
    assert [shown for shown, _ in blocks] == [True, False]
    assert "Minister Ana Ruiz" in blocks[1][1] and "MEXICO" in blocks[1][1]
    # Sent back with the second chosen (and an error), the second is shown.
    refused = write(client, case, body="", target=str(second.id)).get_data(as_text=True)
    assert [shown for shown, _ in _recipient_blocks(refused)] == [False, True]
    assert "Dear Minister," in _recipient_blocks(refused)[1][1]


def test_the_card_composer_shows_the_person_it_goes_to(client, case):
    page = client.get(f"/cases/{case.slug}/write/card").get_data(as_text=True)
    [(shown, text)] = _recipient_blocks(page)
    assert shown and text.startswith("Your card goes to: Leyla Ahmadi")
