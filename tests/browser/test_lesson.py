"""A whole lesson, in Chromium at a phone's width: a teacher and five students, each in a
browser context of their own (issue 16, "Tests that must exist").

The students join with the code; one wanders to the home page and comes back through
"My class", saves a draft, joins again with the same name (the same student, the draft
still there) and sends it; one carries on on another device with a resume code read from
its QR; the teacher returns one letter with a comment (its student sees it, changes the
letter and sends it again), approves the rest, makes the class PDF, downloads it and says
the letters are posted. Every page reached is screenshotted, fits 360 px and is
axe-clean (Journey.check)."""

from __future__ import annotations

import re
import time
from io import BytesIO
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from tests.browser.pages import PHONE, log_in, pdf_text, wait_out_fill_time

# Each student's own sentence, added to the suggested text: how their letter is known in
# the class PDF. "Max2013" is a nickname with digits, as students pick them.
SENTENCES = {
    "Amira": "Amira from Leeds has read your poem and we are all thinking of you.",
    "Sam": "Sam says nobody should be sent to prison for writing a poem.",
    "Leo": "Leo hopes you can go home to your family very soon.",
    "Mei": "Mei and her friends will keep writing until you are free.",
    "Max2013": "Max wants the judges to know that poems are not crimes.",
}
SAM_CHANGE = "I am asking you to release Leyla Ahmadi now."
COMMENT = "Please ask the judge for something: what should happen next?"


@pytest.fixture
def viewport() -> dict:
    """The lesson on phones: 360 px wide, the narrowest common screen."""
    return PHONE


def _heading(page):
    return page.get_by_role("heading", level=1)


def _letter_status(page):
    """The state of the letter the student's page shows."""
    return page.locator("p[role=status] .status")


def _add_own_words(page, sentence: str) -> None:
    letter = page.get_by_label("Your letter", exact=True)
    letter.fill(f"{letter.input_value()}\n\n{sentence}")


def _join(student, code: str, name: str, shown: float, *, greeted: str | None = None) -> None:
    """Fill in the join form the student's page shows, and send it once a person could;
    the class page then greets them (as `greeted`, when they joined before)."""
    page = student.page
    page.get_by_label("Class code", exact=True).fill(code)
    page.get_by_label("Your first name or a nickname", exact=True).fill(name)
    wait_out_fill_time(shown)
    page.get_by_role("button", name="Join", exact=True).click()
    expect(_heading(page)).to_have_text(f"Hello, {greeted or name}")


def _write(student, case_name: str, sentence: str, *, send: bool) -> None:
    page = student.page
    page.get_by_role("link", name=f"Write a letter for {case_name}").click()
    student.check("compose")
    _add_own_words(page, sentence)
    if send:
        page.get_by_role("button", name="Send to my teacher").click()
        expect(page.get_by_role("heading", name="Sent to your teacher")).to_be_visible()
        student.check("sent")
    else:
        page.get_by_role("button", name="Save and finish later").click()
        expect(_letter_status(page)).to_have_text("A draft: not sent to your teacher yet")
        student.check("draft")


def _open_draft_and_send(student, case_name: str) -> None:
    page = student.page
    page.get_by_role("link", name=f"Letter for {case_name}", exact=True).click()
    expect(_letter_status(page)).to_have_text("A draft: not sent to your teacher yet")
    student.check("draft-again")
    page.get_by_role("button", name="Send to my teacher").click()
    expect(page.get_by_role("heading", name="Sent to your teacher")).to_be_visible()
    student.check("sent")


def _qr_url(page) -> str:
    """What a phone's camera reads from the QR code on the page."""
    image = Image.open(BytesIO(page.locator(".join-sheet__qr svg").screenshot()))
    found = [barcode.text for barcode in zxingcpp.read_barcodes(image)]
    assert len(found) == 1, found
    return found[0]


def test_a_teacher_and_five_students_run_a_whole_lesson(journeys, site, staff):
    teacher = journeys("lesson-teacher")
    desk = teacher.page
    desk.goto("/account/login")
    teacher.check("login")
    log_in(desk, staff.teacher)
    desk.get_by_role("link", name="Open a classroom").click()
    teacher.check("new-classroom")
    desk.get_by_label("Name of the class", exact=True).fill("Year 8 Citizenship")
    desk.get_by_label("School", exact=True).fill("Riverside School")
    desk.get_by_label("Town or city", exact=True).fill("Leeds")
    desk.get_by_label("Country", exact=True).select_option("GB")
    desk.get_by_label("Age of the students", exact=True).select_option(label="11 to 13")
    desk.get_by_role("button", name="Open the classroom").click()
    expect(_heading(desk)).to_have_text("Year 8 Citizenship")
    classroom = desk.url
    code = desk.locator(".join-code [aria-hidden=true]").inner_text()
    teacher.check("classroom")

    # The join sheet on the board: its QR code opens /join with the code filled in.
    desk.get_by_role("link", name="Join sheet to print or project, with a QR code").click()
    teacher.check("join-sheet")
    join_url = _qr_url(desk)
    assert parse_qs(urlsplit(join_url).query) == {"code": [code]}

    # Five students, each on a phone of their own, open the address on the sheet (all at
    # once, as a class does: the form's fill-in time runs for all of them together).
    students = {name: journeys(f"lesson-{name.lower()}") for name in SENTENCES}
    shown = time.monotonic()
    for student in students.values():
        student.page.goto(join_url)
        expect(student.page.get_by_label("Class code", exact=True)).to_have_value(code)
    students["Amira"].check("join")
    for name, student in students.items():
        _join(student, code.lower(), name, shown)
    students["Amira"].check("student-home")

    # Amira wanders off to the home page and comes back through "My class" ...
    amira = students["Amira"]
    amira.page.get_by_role("link", name=site.case_name).first.wait_for()
    amira.page.locator(".site-header__brand").click()
    amira.check("home-page")
    amira.page.get_by_role("navigation", name="Main").get_by_role("link", name="My class").click()
    expect(_heading(amira.page)).to_have_text("Hello, Amira")
    amira.check("back-in-class")
    # ... saves a draft, then follows the footer's join link and joins again with the
    # same code and name: the same student, her draft still there.
    _write(amira, site.case_name, SENTENCES["Amira"], send=False)
    amira.page.get_by_role("link", name="join your class with its code").click()
    shown = time.monotonic()
    amira.check("join-again")
    _join(amira, code, "amira", shown, greeted="Amira")
    expect(amira.page.locator(".student-letters li")).to_have_count(1)
    amira.check("joined-again")
    _open_draft_and_send(amira, site.case_name)

    # Sam, Leo and Max send theirs; Mei saves a draft on her tablet.
    for name in ("Sam", "Leo", "Max2013"):
        _write(students[name], site.case_name, SENTENCES[name], send=True)
    _write(students["Mei"], site.case_name, SENTENCES["Mei"], send=False)

    # Mei's tablet is needed elsewhere: the teacher gives her a resume code, and she
    # carries on on another device by scanning its QR code.
    desk.goto(classroom)
    teacher.check("classroom-with-letters")
    desk.get_by_role("button", name="Let them continue on another device (Mei)").click()
    expect(_heading(desk)).to_have_text("Mei: carry on on another device")
    resume_code = desk.locator(".join-code [aria-hidden=true]").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", resume_code)
    teacher.check("resume-code")
    resume_url = _qr_url(desk)
    assert parse_qs(urlsplit(resume_url).query) == {"resume": [resume_code]}
    laptop = journeys("lesson-mei-laptop")
    laptop.page.goto(resume_url)
    expect(laptop.page.get_by_label("Resume code", exact=True)).to_have_value(resume_code)
    laptop.check("resume")
    laptop.page.get_by_role("button", name="Carry on writing").click()
    expect(_heading(laptop.page)).to_have_text("Hello, Mei")
    laptop.check("resumed")
    _open_draft_and_send(laptop, site.case_name)

    # The teacher returns Sam's letter with a comment ...
    desk.goto(classroom)
    review = desk.locator(".review-table tbody tr")
    expect(review).to_have_count(5)
    expect(desk.locator(".review-table .status")).to_have_text(["Waiting for you"] * 5)
    teacher.check("all-sent")
    review.filter(has_text="Sam").get_by_role("link").click()
    expect(_heading(desk)).to_have_text("Letter by Sam")
    teacher.check("review")
    desk.get_by_label("What should the student change?", exact=True).fill(COMMENT)
    desk.get_by_role("button", name="Return to the student").click()
    expect(desk.get_by_role("alert")).to_contain_text("The letter is back with Sam")
    teacher.check("returned")

    # ... Sam reads it, changes the letter and sends it again.
    sam = students["Sam"]
    sam.page.get_by_role("link", name="Back to my class").click()
    expect(sam.page.locator(".student-letters .notice")).to_have_text(
        f"Your teacher says: {COMMENT}"
    )
    sam.check("returned")
    sam.page.get_by_role("link", name=f"Letter for {site.case_name}", exact=True).click()
    expect(_letter_status(sam.page)).to_have_text("Your teacher sent it back to you")
    sam.check("change")
    _add_own_words(sam.page, SAM_CHANGE)
    sam.page.get_by_role("button", name="Send to my teacher").click()
    expect(sam.page.get_by_role("heading", name="Sent to your teacher")).to_be_visible()
    sam.check("sent-again")

    # The teacher approves all five, makes the PDF and downloads it.
    desk.goto(classroom)
    for box in desk.locator(".review-table input[type=checkbox]").all():
        box.check()
    desk.get_by_role("button", name="Approve the selected letters").click()
    expect(desk.get_by_role("alert")).to_have_text("5 letters approved.")
    teacher.check("approved")
    desk.get_by_role("button", name="Make the PDF of 5 approved letters").click()
    expect(desk.get_by_role("status")).to_have_text(re.compile(r"Ready: 5 letters, \d+ pages\."))
    teacher.check("pdf-ready")
    pdf = teacher.download(desk.get_by_role("link", name="Download the PDF").click)
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    for name, sentence in SENTENCES.items():
        assert sentence in text, name
        assert name in text
    assert SAM_CHANGE in text

    # The teacher's page after printing: the letters printed, then posted.
    desk.get_by_role("link", name="Back to the classroom").first.click()
    expect(desk.locator(".review-table .status")).to_have_text(["Printed"] * 5)
    # Nothing is left to print: no "Make the PDF", only the second choice to print again.
    expect(desk.get_by_role("button", name=re.compile("Make the PDF"))).to_have_count(0)
    expect(desk.get_by_role("button", name="Print all again (5 letters)")).to_be_visible()
    teacher.check("after-printing")
    desk.get_by_role("button", name="I posted the 5 printed letters").click()
    expect(desk.get_by_role("alert")).to_contain_text("5 letters now count as posted")
    expect(desk.locator(".review-table .status")).to_have_text(["Posted"] * 5)
    teacher.check("posted")

    # The students see it too.
    for student in (amira, laptop):
        student.page.goto("/class/")
        expect(student.page.locator(".student-letters .status")).to_have_text("Posted. Thank you!")
    amira.check("posted")
