"""A teacher and a student, in Chromium: the teacher opens a classroom; a student, in a
browser of their own, joins with its code (a first name, nothing else) and writes a
letter; the teacher approves it and downloads the class PDF. At a phone's width and a
desktop's."""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from tests.browser.pages import log_in, pdf_text, wait_out_fill_time


def test_a_class_writes_and_the_teacher_prints_its_letters(journeys, site, staff):
    teacher = journeys("teacher")
    page = teacher.page
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Teachers").click()
    teacher.check("login")
    log_in(page, staff.teacher)
    expect(page.get_by_role("heading", level=1)).to_have_text("My classrooms")
    teacher.check("classrooms")

    page.get_by_role("link", name="Open a classroom").click()
    teacher.check("new-classroom")
    page.get_by_label("Name of the class", exact=True).fill("Year 8 History")
    page.get_by_label("School", exact=True).fill("Riverside School")
    page.get_by_label("Town or city", exact=True).fill("Leeds")
    page.get_by_label("Country", exact=True).select_option("GB")
    page.get_by_label("Age of the students", exact=True).select_option(label="11 to 13")
    page.get_by_role("button", name="Open the classroom").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Year 8 History")
    code = page.locator(".join-code [aria-hidden=true]").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    classroom = page.url
    teacher.check("classroom")

    student = journeys("student")
    desk = student.page
    desk.goto("/join")
    shown = time.monotonic()
    student.check("join")
    # Nothing but the code and a first name is asked for (the page's other form, for a
    # resume code from the teacher, asks for that code alone).
    assert desk.locator('main form[action="/join"]').get_by_role("textbox").count() == 2
    assert desk.locator('main form[action="/join/resume"]').get_by_role("textbox").count() == 1
    desk.get_by_label("Class code", exact=True).fill(code.lower())
    desk.get_by_label("Your first name or a nickname", exact=True).fill("Sam")
    wait_out_fill_time(shown)
    desk.get_by_role("button", name="Join").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Hello, Sam")
    student.check("class")
    desk.get_by_role("link", name=f"Write a letter for {site.case_name}").click()
    student.check("compose")
    letter = desk.get_by_label("Your letter", exact=True)
    expect(letter).to_have_value(re.compile(re.escape(site.letter_start)))
    letter.press("Control+End")
    letter.type("\n\nOur class in Leeds thinks about you every day.")
    desk.get_by_role("button", name="Send to my teacher").click()
    expect(desk.get_by_role("status").filter(has_text="teacher")).to_have_text("With your teacher")
    student.check("sent")

    page.goto(classroom)
    teacher.check("classroom-with-letter")
    page.get_by_role("link", name=f"Letter for {site.case_name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Letter by Sam")
    teacher.check("review")
    page.get_by_role("button", name="Approve this letter").click()
    expect(page.get_by_role("alert")).to_have_text("1 letter approved.")
    teacher.check("approved")

    page.get_by_role("button", name="Make the PDF of 1 approved letter").click()
    expect(page.get_by_role("status")).to_have_text(re.compile(r"Ready: 1 letter, \d+ pages\."))
    teacher.check("pdf-ready")
    pdf = teacher.download(page.get_by_role("link", name="Download the PDF").click)
    text = pdf_text(pdf)
    assert "Our class in Leeds thinks about you every day." in text
    assert "Sam" in text and site.letter_start in text

    # What comes next is on the same page: the letters are printed; once posted, say so.
    page.get_by_role("button", name="I posted the 1 printed letter").click()
    expect(page.get_by_role("alert")).to_contain_text("1 letter now counts as posted")
    teacher.check("posted")
