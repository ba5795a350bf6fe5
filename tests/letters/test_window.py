"""Every demo letter's address shows whole through its envelope's window, with the folded
sheet at either limit of its play (issue 17, item 2), read back from the PDF as a mail
room would meet it: line boxes from `pdftotext -bbox-layout`, fold marks from the page's
pixels.

The envelopes are described here from their norms, not from webapp.printing.envelopes,
so the layout is checked against the envelope, not against itself. The sheet's play is
measured from the fold marks printed on it (equal thirds where there are none).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

import pytest

from tests.letters.reading import (
    POINTS_PER_INCH,
    POINTS_PER_MM,
    drawn_at,
    lines,
    marks_at,
    page_sizes,
)
from webapp.campaigns.demo_content import DEMO_CASES
from webapp.campaigns.services import seed_demo_content
from webapp.letters import services
from webapp.models import Case, LetterKind, PaperSize
from webapp.printing.pdf import LETTERS_DIR

OWN_SENTENCE = "I write from Lyon, where my whole family thinks of you every day."


@dataclass(frozen=True)
class Window:
    """A window envelope: its size, and its window's size and place (from the left and
    from the bottom), in points; the clear space the post asks around the address."""

    width: float
    height: float
    window_left: float
    window_bottom: float
    window_width: float
    window_height: float
    clearance: float

    def on_sheet(self, down: float, across: float) -> tuple[float, float, float, float]:
        """The window on the sheet, with the sheet `down` below the envelope's top edge
        and `across` right of its left edge: left, top, right, bottom."""
        top = self.height - self.window_bottom - self.window_height - down
        left = self.window_left - across
        return (left, top, left + self.window_width, top + self.window_height)


MM, INCH = POINTS_PER_MM, POINTS_PER_INCH
# DL (ISO 269, 220 x 110 mm) with the DIN 680 window: 90 x 45 mm, 20 mm from the left and
# 15 mm from the bottom. 3 mm clear on every side.
DL = Window(220 * MM, 110 * MM, 20 * MM, 15 * MM, 90 * MM, 45 * MM, 3 * MM)
# #10 (9 1/2 x 4 1/8 in), standard window 4 1/2 x 1 1/8 in, 7/8 in from the left and 1/2 in
# from the bottom. USPS DMM 601.6.3: 1/8 in clear with the insert at its full limits.
NO10 = Window(9.5 * INCH, 4.125 * INCH, 0.875 * INCH, 0.5 * INCH, 4.5 * INCH, 1.125 * INCH, 9)
WINDOWS = {"a4": DL, "letter": NO10}


def _demo_letters() -> list[tuple[str, str, str, int]]:
    """Every demo case's letters: (case slug, kind, language, target position)."""
    found = []
    for case in DEMO_CASES:
        path = LETTERS_DIR / "texts" / f"{case['slug']}.toml"
        texts = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        # A language's text has a body; the age bands' tables (classes) are left aside.
        appeals = [code for code, text in texts.get("appeal", {}).items() if "body" in text]
        cards = [code for code, text in texts.get("card", {}).items() if "body" in text]
        for language in appeals:
            for position in range(len(case["targets"])):
                found.append((case["slug"], "appeal", language, position))
        if case["solidarity_safe"] and case.get("card_address"):
            for language in cards:
                found.append((case["slug"], "card", language, 0))
    return found


DEMO_LETTERS = _demo_letters()


def _render(db, slug, kind, language, position, paper, writer_country="FR") -> tuple[bytes, dict]:
    seed_demo_content()
    case = db.session.scalars(db.select(Case).where(Case.slug == slug)).one()
    letter_kind = LetterKind(kind)
    start = services.composer(case, letter_kind, language)
    letter = services.write_letter(
        case,
        kind=letter_kind,
        language=language,
        target_id=case.targets[position].id if letter_kind is LetterKind.APPEAL else None,
        writer_name="Ana Pérez",
        writer_town="Lyon",
        writer_country=writer_country,
        paper=PaperSize(paper),
        body=start.body + "\n\n" + OWN_SENTENCE,
    )
    to_render = services.letter_to_render(
        letter, page_url="https://w4r.example/letters/private-token"
    )
    return to_render.render().content, to_render.values


def _play(content: bytes, paper: str) -> tuple[float, float]:
    """How far the folded sheet slides down and sideways in its envelope: the envelope's
    height less the top panel's (from the first fold mark), its width less the sheet's."""
    width, height = page_sizes(content)[0]
    # A fold mark crosses 9 mm from the edge (the A4 hole mark is shorter).
    folds = marks_at(content, page=1, x=9 * MM)
    top_panel = folds[0] if folds else height / 3  # no marks: folded in equal thirds
    window = WINDOWS[paper]
    assert top_panel <= window.height, "the folded sheet does not fit its envelope"
    return window.height - top_panel, window.width - width


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize(("slug", "kind", "language", "position"), DEMO_LETTERS)
def test_every_address_line_shows_through_the_window_at_both_limits(
    db, slug, kind, language, position, paper
):
    content, values = _render(db, slug, kind, language, position, paper)
    window = WINDOWS[paper]
    play_down, play_across = _play(content, paper)
    page_one = [line for line in lines(content) if line.page == 1]
    address = [line for line in page_one if line.text in values["recipient_lines"]]
    assert [line.text for line in address] == values["recipient_lines"]  # whole, in order
    limits = [(down, across) for down in (0, play_down) for across in (0, play_across)]
    for down, across in limits:
        left, top, right, bottom = window.on_sheet(down, across)
        margin = window.clearance
        for line in address:
            assert left + margin <= line.left and line.right <= right - margin, (line, across)
            assert top + margin <= line.top and line.bottom <= bottom - margin, (line, down)
        # Nothing but the address shows through the window.
        for line in page_one:
            if line in address:
                continue
            inside = line.left < right and left < line.right and line.top < bottom
            assert not (inside and top < line.bottom), (line, down, across)


@pytest.mark.parametrize(
    ("paper", "folds", "hole"),
    [("a4", [105 * MM, 210 * MM], 148.5 * MM), ("letter", [4 * INCH, 8 * INCH], None)],
)
def test_fold_marks_are_printed_where_the_sheet_is_folded(db, paper, folds, hole):
    """DIN 5008 form B on A4 (folds at 105 and 210 mm, hole mark at 148.5 mm); on Letter,
    a 4 in top panel that slides 1/8 in in a #10 envelope (4 1/8 in)."""
    content, _ = _render(db, "leyla-ahmadi", "appeal", "en", 0, paper)
    assert marks_at(content, page=1, x=9 * MM) == pytest.approx(folds, abs=0.5 * MM)
    marks = marks_at(content, page=1, x=6 * MM)
    expected = sorted([*folds, hole]) if hole else folds
    assert marks == pytest.approx(expected, abs=0.5 * MM)
    # Small and at the edge: nothing drawn a little further in at those heights.
    assert all(abs(y - f) > 1 * MM for y in marks_at(content, page=1, x=12 * MM) for f in folds)


@pytest.mark.parametrize(("writer_country", "country_line"), [("FR", True), ("MX", False)])
def test_the_country_line_is_only_on_mail_going_abroad(db, writer_country, country_line):
    content, values = _render(db, "tomas-herrera", "appeal", "es", 0, "letter", writer_country)
    texts = [line.text for line in lines(content) if line.page == 1]
    assert ("MEXICO" in texts) is country_line
    assert "06500 Ciudad de México, CDMX" in texts


DEMO_CARDS = [entry for entry in DEMO_LETTERS if entry[1] == "card"]
# The card face's frame starts at the text block's left edge (envelopes.py's margins).
FACE_LEFT = {"a4": 25 * MM, "letter": 1 * INCH}
BOTTOM_MARGIN = {"a4": 20 * MM, "letter": 0.75 * INCH}


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize(("slug", "kind", "language", "position"), DEMO_CARDS)
def test_a_card_is_a_framed_card_below_the_first_fold(db, slug, kind, language, position, paper):
    """The top panel carries the address for the window; the two panels below the first
    fold are the card the person unfolds: a frame from just below the fold to the foot of
    the sheet, holding the whole message, not a letter sheet half empty."""
    content, values = _render(db, slug, kind, language, position, paper)
    first_fold = marks_at(content, page=1, x=9 * MM)[0]
    [frame] = [
        (top, bottom)
        for top, bottom in drawn_at(content, page=1, x=FACE_LEFT[paper] + 0.3 * MM)
        if bottom - top > 50 * MM
    ]
    page_height = page_sizes(content)[0][1]
    assert first_fold < frame[0] < first_fold + 10 * MM
    assert frame[1] > page_height - BOTTOM_MARGIN[paper] - 5 * MM  # fills the sheet
    page_one = [line for line in lines(content) if line.page == 1]
    message = [line for line in page_one if line.text not in values["recipient_lines"]]
    assert message[0].text.startswith(values["salutation"].split()[0])
    assert OWN_SENTENCE.split()[0] in " ".join(line.text for line in message)
    assert all(frame[0] < line.top and line.bottom < frame[1] for line in message)
    assert len(page_sizes(content)) == 1  # a demo card's message fits its face
