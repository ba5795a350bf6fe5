"""The class PDF: every approved letter once, by recipient, each on a fresh sheet."""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.classrooms.conftest import OWN_SENTENCE
from tests.factories import CaseFactory, LetterTemplateFactory, TargetFactory
from tests.printing.tagging import base_font_tags_agree, structure, subset_tags
from webapp.classrooms import printing
from webapp.models import ClassPrintJob, JobStatus, Letter, LetterStatus, utcnow


@pytest.fixture
def second_case(db, classroom):
    """A case whose name sorts before the lesson case, with two authorities to write to."""
    case = CaseFactory(name="Alina Vasilenko", country="RU")
    TargetFactory(case=case, name="Prosecutor General", position=1, country="RU")
    TargetFactory(case=case, name="Federal Ombudsman", position=0, country="RU")
    LetterTemplateFactory(case=case)
    db.session.commit()
    db.session.refresh(case)
    return case


def _write_as(browser, case, kind: str, sentence: str, target_id=None, submit=True):
    from webapp.letters.services import composer
    from webapp.models import LetterKind

    start = composer(case, LetterKind(kind), "en")
    data = {"language": "en", "body": f"{start.body}\n\n{sentence}", "action": "submit"}
    if not submit:
        data["action"] = "draft"
    if target_id is not None:
        data["target"] = str(target_id)
    response = browser.post(f"/class/cases/{case.slug}/write/{kind}", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)


def _page_texts(content: bytes, tmp_path) -> list[str]:
    path = tmp_path / "class.pdf"
    path.write_bytes(content)
    pages = len(PdfReader(BytesIO(content)).pages)
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, pages + 1)
    ]


@pytest.fixture
def class_letters(db, classroom, join, lesson_case, second_case, teacher_client):
    """Nine letters in every state, written through the student pages, in mixed order."""
    ombudsman, prosecutor = second_case.targets
    plan = [
        ("Amira", lesson_case, "card", None, "approve"),
        ("Leo", second_case, "appeal", prosecutor.id, "approve"),
        ("Sam", lesson_case, "appeal", None, "approve"),
        ("Noor", second_case, "appeal", ombudsman.id, "approve"),
        ("Kai", lesson_case, "appeal", None, "approve"),
        ("Ines", lesson_case, "appeal", None, "return"),
        ("Tom", second_case, "appeal", ombudsman.id, "submit"),
        ("Ada", lesson_case, "card", None, "draft"),
        ("Zoe", second_case, "appeal", prosecutor.id, "approve"),
    ]
    for name, case, kind, target_id, fate in plan:
        browser = join(classroom, name)
        _write_as(browser, case, kind, f"{OWN_SENTENCE} Signed {name}.", target_id, fate != "draft")
    letters = {letter.writer_name: letter for letter in db.session.scalars(db.select(Letter))}
    approve = [letters[name].id for name, *_, fate in plan if fate == "approve"]
    teacher_client.post(f"/classrooms/{classroom.id}/approve", data={"letter": approve})
    teacher_client.post(
        f"/classrooms/{classroom.id}/letters/{letters['Ines'].id}/return",
        data={"comment": "Please check the spelling."},
    )
    return letters


def _statuses(db) -> dict[str, LetterStatus]:
    # Read afresh: the builder lets go of the letters it has merged.
    rows = db.session.execute(db.select(Letter.writer_name, Letter.status))
    return dict(rows.all())


# Grouped by recipient: Alina's case first (by name), its authorities by their order;
# then Leyla's appeals, then the cards to Leyla herself; arrival order within a group.
EXPECTED_ORDER = ["Noor", "Leo", "Zoe", "Sam", "Kai", "Amira"]


def _signers(pages: list[str]) -> list[str | None]:
    found = []
    for page in pages:
        text = " ".join(page.split())
        names = [
            name for name in EXPECTED_ORDER + ["Ines", "Tom", "Ada"] if f"Signed {name}." in text
        ]
        assert len(names) <= 1
        found.append(names[0] if names else None)
    return found


def _ready_pdf(teacher_client, job_page: str) -> str:
    """The download link on a made PDF's page (where Make the PDF leads)."""
    page = teacher_client.get(job_page).get_data(as_text=True)
    assert "/prints/" in job_page and "Ready:" in page
    link = re.search(r'href="([^"]+/letters\.pdf)"', page).group(1)
    return link


def test_after_making_the_pdf_the_page_says_what_changed_and_what_comes_next(
    classroom, class_letters, teacher_client
):
    """Not a bare download that leaves the classroom page as it was (issue 16): the job's
    page, with the download, the letters as printed and "I posted them"."""
    response = teacher_client.post(f"/classrooms/{classroom.id}/prints", data={"pad_to_even": "y"})
    page = " ".join(teacher_client.get(response.location).get_data(as_text=True).split())
    assert "Ready: 6 letters" in page
    assert "Download the PDF" in page
    assert "now count as printed" in page
    assert "I posted the 6 printed letters" in page

    classroom_page = teacher_client.get(f"/classrooms/{classroom.id}").get_data(as_text=True)
    assert "I posted the 6 printed letters" in classroom_page
    # The list of PDFs tells two runs of one day apart: the time, not only the date.
    assert re.search(r"PDF of \w{3} \d+, \d{4}, \d+:\d\d", classroom_page)


def test_the_class_pdf_holds_every_approved_letter_once_in_recipient_order(
    db, classroom, class_letters, teacher_client, tmp_path
):
    response = teacher_client.post(f"/classrooms/{classroom.id}/prints", data={"pad_to_even": "y"})
    assert response.status_code == 303
    download = teacher_client.get(_ready_pdf(teacher_client, response.location))
    assert download.mimetype == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]
    pages = _page_texts(download.data, tmp_path)

    cover = pages[0]
    assert "Letters from Year 8 Citizenship" in cover
    assert "5 letters" in cover and "4 envelopes" in cover
    for line in (
        "FEDERAL OMBUDSMAN",
        "PROSECUTOR GENERAL",
        "DR. HOSSEIN KARIMI",
        "C/O CARD SERVICE",
    ):
        assert line in cover.upper()  # as the window shows it
    assert "1 solidarity card" in cover and "2 letters" in cover
    # A class in the United Kingdom reads the date the British way (issue 16).
    today = utcnow().date()
    assert f"{today.day} {today:%B} {today.year}" in cover

    signers = _signers(pages)
    in_order = [name for i, name in enumerate(signers) if name and signers[i - 1] != name]
    assert in_order == EXPECTED_ORDER  # each once, none returned, submitted or draft
    # Padding: the cover and each letter take an even number of pages, so with
    # double-sided printing every letter starts on a fresh sheet.
    assert len(pages) % 2 == 0
    starts = [i for i, name in enumerate(signers) if name and signers[i - 1] != name]
    assert all(start % 2 == 0 for start in starts)
    for start in starts:
        assert pages[start + 1].strip() == ""  # the blank back of a one-page letter
    # Only letters after the cover: no writer's instructions, no private link (issue 17).
    for page in pages[1:]:
        assert "Before you post" not in page and "/letters/" not in page

    statuses = _statuses(db)
    assert {statuses[name] for name in EXPECTED_ORDER} == {LetterStatus.PRINTED}
    assert statuses["Ines"] is LetterStatus.RETURNED
    assert statuses["Tom"] is LetterStatus.SUBMITTED
    assert statuses["Ada"] is LetterStatus.DRAFT


def test_without_padding_letters_follow_one_another_page_after_page(
    classroom, class_letters, teacher_client, tmp_path
):
    # A browser sends the form (its CSRF token, at least) without the unticked box.
    response = teacher_client.post(f"/classrooms/{classroom.id}/prints", data={"go": "1"})
    pdf = teacher_client.get(_ready_pdf(teacher_client, response.location)).data
    pages = _page_texts(pdf, tmp_path)
    assert len(pages) == 1 + len(EXPECTED_ORDER)
    assert _signers(pages)[1:] == EXPECTED_ORDER


def test_printed_letters_can_be_marked_posted_and_count_on_the_case_page(
    client, classroom, class_letters, teacher_client, lesson_case
):
    teacher_client.post(f"/classrooms/{classroom.id}/prints", data={"pad_to_even": "y"})
    response = teacher_client.post(f"/classrooms/{classroom.id}/posted")
    assert "6 letters now count as posted" in teacher_client.get(response.location).get_data(
        as_text=True
    )
    page = client.get(f"/cases/{lesson_case.slug}").get_data(as_text=True)
    assert "3 letters written, 3 posted" in " ".join(page.split())  # Sam, Kai and Amira's card


def test_nothing_to_print_says_so(classroom, teacher_client):
    response = teacher_client.post(f"/classrooms/{classroom.id}/prints", data={"pad_to_even": "y"})
    assert response.status_code == 303
    page = teacher_client.get(response.location).get_data(as_text=True)
    assert "no approved letters to print yet" in page


def test_a_large_class_is_built_in_the_background_with_progress(
    app, db, classroom, class_letters, teacher_client, monkeypatch, tmp_path
):
    monkeypatch.setitem(app.config, "CLASS_PDF_INLINE_MAX", 3)
    response = teacher_client.post(f"/classrooms/{classroom.id}/prints", data={"pad_to_even": "y"})
    assert "/prints/" in response.location and not response.location.endswith(".pdf")
    waiting = teacher_client.get(response.location).get_data(as_text=True)
    assert "Putting the letters together: 0 of 6." in waiting
    assert '<progress id="job-progress" max="6" value="0">' in waiting
    assert 'http-equiv="refresh"' in waiting  # the page follows the job without JavaScript

    assert printing.run_print_jobs() == 1  # what the worker (or the web process) does
    assert printing.run_print_jobs() == 0
    ready = teacher_client.get(response.location).get_data(as_text=True)
    assert "Ready: 6 letters" in ready
    assert 'http-equiv="refresh"' not in ready
    download = teacher_client.get(response.location + "/letters.pdf")
    assert _signers(_page_texts(download.data, tmp_path)).count(None) >= 2


def test_a_job_left_by_a_dead_builder_is_taken_over_when_its_lease_runs_out(
    db, classroom, class_letters
):
    job = printing.request_class_pdf(classroom, pad_to_even=True)
    job.status = JobStatus.RUNNING
    job.claimed_by = "host:999:dead"
    job.claimed_until = utcnow() + timedelta(minutes=5)
    job.done = 3
    db.session.commit()
    assert printing.run_print_jobs() == 0  # still leased: left alone
    job.claimed_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert printing.run_print_jobs() == 1
    db.session.refresh(job)
    assert job.status is JobStatus.DONE
    assert job.done == job.total == 6


def test_a_failed_build_says_so_and_keeps_the_letters_approved(
    db, classroom, class_letters, teacher_client, monkeypatch
):
    def broken(html):
        raise RuntimeError("out of paper")

    monkeypatch.setattr(printing.pdf, "render_pdf", broken)
    response = teacher_client.post(f"/classrooms/{classroom.id}/prints", data={"pad_to_even": "y"})
    page = teacher_client.get(response.location).get_data(as_text=True)
    assert "this PDF could not be made" in page
    job = db.session.scalars(db.select(ClassPrintJob)).one()
    assert job.status is JobStatus.FAILED and job.pdf is None
    assert _statuses(db)["Sam"] is LetterStatus.APPROVED


def test_the_worker_command_builds_queued_class_pdfs(
    app, db, runner, classroom, class_letters, monkeypatch
):
    job_id = printing.request_class_pdf(classroom, pad_to_even=False).id
    db.session.commit()
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    job = db.session.get(ClassPrintJob, job_id)  # the worker ended the test's session
    assert job.status is JobStatus.DONE
    assert len(PdfReader(BytesIO(job.pdf)).pages) == job.page_count == 7


def test_a_second_click_while_the_pdf_is_being_made_follows_the_same_job(
    app, db, classroom, class_letters, teacher_client, monkeypatch
):
    monkeypatch.setitem(app.config, "CLASS_PDF_INLINE_MAX", 3)
    first = teacher_client.post(f"/classrooms/{classroom.id}/prints", data={"pad_to_even": "y"})
    second = teacher_client.post(f"/classrooms/{classroom.id}/prints", data={"pad_to_even": "y"})
    assert first.location == second.location
    assert db.session.query(ClassPrintJob).count() == 1


def test_letters_count_as_printed_only_once_the_pdf_exists(
    db, classroom, class_letters, monkeypatch
):
    calls = []
    real_append = printing.StreamingPdfMerger.append

    def fail_on_the_fourth(self, content, **options):
        calls.append(1)
        if len(calls) == 5:  # the cover, then three letters, then this one
            raise OSError("disk full")
        return real_append(self, content, **options)

    monkeypatch.setattr(printing.StreamingPdfMerger, "append", fail_on_the_fourth)
    job = printing.request_class_pdf(classroom, pad_to_even=True)
    db.session.commit()
    assert printing.build_now(job).status is JobStatus.FAILED
    assert LetterStatus.PRINTED not in set(_statuses(db).values())


def test_the_class_pdf_is_one_tagged_document_with_a_part_per_letter_and_unique_fonts(
    db, classroom, class_letters, teacher_client
):
    response = teacher_client.post(f"/classrooms/{classroom.id}/prints", data={"pad_to_even": "y"})
    content = teacher_client.get(_ready_pdf(teacher_client, response.location)).data
    tags = structure(content)
    assert tags["documents"] == ["/Document"]
    # The cover, then each of the six letters, each with the language of its own file.
    assert len(tags["parts"]) == 1 + 6
    assert all(kind == "/Part" and lang for kind, lang in tags["parts"])
    assert sum(count for (kind, _), count in tags["languages"].items() if kind == "/Art") >= 6
    # Every page with marks points at its own elements; the blank backs have none.
    assert set(tags["pages_point_right"]) <= {True, None}
    assert tags["pages_point_right"].count(True) >= 7
    assert "<pdfuaid:part>1</pdfuaid:part>" in tags["metadata"]
    assert tags["catalog"]["/ViewerPreferences"]["/DisplayDocTitle"]
    # WeasyPrint gives every letter's subset of a font the same tag; the class PDF renames.
    programs = subset_tags(content)
    assert programs and all(count == 1 for count in programs.values()), programs
    assert base_font_tags_agree(content)
