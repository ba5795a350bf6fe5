"""Class PDFs: every approved letter of a classroom in one file, after a cover sheet.

Each letter's PDF is rendered once and kept (LetterDocument); a class PDF joins those
stored PDFs (webapp.printing.merge) rather than laying out hundreds of letters in one
WeasyPrint run. Letters are taken a batch at a time, written to a file on disk and let
go, so memory does not grow with the size of the class. Large classes are built in the
background under a lease, like the outbox: if a builder dies, another takes the job over
when the lease runs out.
"""

from __future__ import annotations

import logging
import math
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale, format_decimal, format_number, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from webapp.background import leases
from webapp.classrooms import postage
from webapp.classrooms.services import ClassroomError
from webapp.extensions import db
from webapp.letters import services as letters
from webapp.models import (
    WRITTEN_STATUSES,
    Case,
    ClassPrintJob,
    Classroom,
    JobStatus,
    Letter,
    LetterDocument,
    LetterKind,
    LetterStatus,
    Target,
    utcnow,
)
from webapp.printing import pdf
from webapp.printing.merge import StreamingPdfMerger
from webapp.utils.dates import written_date

log = logging.getLogger(__name__)

BATCH_SIZE = 25
# The session flag that tells the after-commit hook a print job is waiting.
NEW_JOB_FLAG = "class_print_job_queued"


def _statuses(reprint_all: bool) -> tuple[LetterStatus, ...]:
    """The letters a class PDF holds: those approved and not printed yet, or (printing
    all again) every approved letter, printed or posted since (issue 16, item 6)."""
    return WRITTEN_STATUSES if reprint_all else (LetterStatus.APPROVED,)


def _printable(classroom_id: int, reprint_all: bool):
    return select(Letter.id).where(
        Letter.classroom_id == classroom_id, Letter.status.in_(_statuses(reprint_all))
    )


def printable_count(classroom: Classroom, *, reprint_all: bool = False) -> int:
    """How many of the class's letters go in its next PDF: the approved letters not printed
    yet, or with reprint_all every approved letter."""
    return db.session.scalar(
        select(func.count()).select_from(_printable(classroom.id, reprint_all).subquery())
    )


@dataclass(frozen=True)
class _Group:
    """Letters to one recipient: one case, one kind, one target (none for cards)."""

    case_id: int
    kind: LetterKind
    target_id: int | None
    letter_ids: list[int]


def recipient_groups(classroom_id: int, *, reprint_all: bool = False) -> list[_Group]:
    """The letters of the class's next PDF, grouped by recipient in a stable order."""
    rows = db.session.execute(
        select(Letter.id, Letter.case_id, Letter.kind, Letter.target_id)
        .join(Case, Case.id == Letter.case_id)
        .outerjoin(Target, Target.id == Letter.target_id)
        .where(Letter.classroom_id == classroom_id, Letter.status.in_(_statuses(reprint_all)))
        .order_by(Case.name, Case.id, Letter.kind, Target.position, Letter.target_id, Letter.id)
    ).all()
    groups: list[_Group] = []
    for letter_id, case_id, kind, target_id in rows:
        key = (case_id, kind, target_id)
        if not groups or (groups[-1].case_id, groups[-1].kind, groups[-1].target_id) != key:
            groups.append(_Group(case_id, kind, target_id, []))
        groups[-1].letter_ids.append(letter_id)
    return groups


def request_class_pdf(
    classroom: Classroom, *, pad_to_even: bool, reprint_all: bool = False, language: str = "en"
) -> ClassPrintJob:
    """Queue a class PDF of the approved letters not printed yet, or with reprint_all of
    every approved letter (or return the one being made); its cover sheet is written in
    `language`. The caller commits, then builds or waits."""
    total = printable_count(classroom, reprint_all=reprint_all)
    if total == 0 and not reprint_all and printable_count(classroom, reprint_all=True):
        raise ClassroomError(
            _(
                "Every approved letter is printed already. To print them again, "
                "choose “Print all again”."
            )
        )
    if total == 0:
        raise ClassroomError(_("There are no approved letters to print yet. Approve some first."))
    active = db.session.scalar(
        select(ClassPrintJob).where(
            ClassPrintJob.classroom_id == classroom.id,
            ClassPrintJob.status.in_((JobStatus.QUEUED, JobStatus.RUNNING)),
        )
    )
    if active is not None:
        return active  # a second click while one is being made: follow that one
    job = ClassPrintJob(
        classroom=classroom,
        pad_to_even=pad_to_even,
        reprint_all=reprint_all,
        language=language,
        total=total,
    )
    db.session.add(job)
    db.session.flush()
    if not builds_inline(job):
        db.session.info[NEW_JOB_FLAG] = True
    log.info("class PDF %s of %d letters requested for classroom %s", job.id, total, classroom.id)
    return job


def builds_inline(job: ClassPrintJob) -> bool:
    """Small classes get their PDF in the request; large ones wait for the background."""
    return job.total <= current_app.config["CLASS_PDF_INLINE_MAX"]


def get_print_job(classroom: Classroom, job_id: int) -> ClassPrintJob | None:
    """The job, only if it belongs to this classroom."""
    job = db.session.get(ClassPrintJob, job_id)
    if job is None or job.classroom_id != classroom.id:
        return None
    return job


def recent_print_jobs(classroom: Classroom, limit: int = 5) -> list[ClassPrintJob]:
    """The classroom's latest class PDFs, newest first."""
    return list(
        db.session.scalars(
            select(ClassPrintJob)
            .where(ClassPrintJob.classroom_id == classroom.id)
            .order_by(ClassPrintJob.id.desc())
            .limit(limit)
        )
    )


# Building ------------------------------------------------------------------------------


def _lease_seconds() -> int:
    return current_app.config["CLASS_PDF_LEASE_SECONDS"]


def build_now(job: ClassPrintJob) -> ClassPrintJob:
    """Build this job in the current process and return it, done or failed. Commits."""
    return leases.build_this(ClassPrintJob, job.id, _merge, lease_seconds=_lease_seconds())


def run_print_jobs() -> int:
    """Build the next due job, if any (the worker and the in-process loop call this)."""
    return leases.build_next(ClassPrintJob, _merge, lease_seconds=_lease_seconds())


def _letters_in_batches(ids: list[int]) -> Iterator[list[tuple[int, bytes]]]:
    """Each batch of letters' PDFs, in order, rendering (and storing) those not yet rendered.

    Rendering happens outside any transaction: on SQLite a transaction holds the write
    lock, and supporters signing meanwhile should not wait for a batch of WeasyPrint runs.
    """
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        stored: dict[int, bytes] = {}
        to_render: list[letters.LetterToRender] = []
        batch = db.session.scalars(
            select(Letter)
            .where(Letter.id.in_(chunk), Letter.status.in_(WRITTEN_STATUSES))
            .options(
                selectinload(Letter.document),
                selectinload(Letter.case).selectinload(Case.targets),
                selectinload(Letter.target),
            )
        ).all()
        for letter in batch:
            if letter.document is not None:
                stored[letter.id] = letter.document.pdf
            else:
                to_render.append(letters.letter_to_render(letter, page_url=""))
        db.session.commit()  # release the transaction (and SQLite's lock) while rendering
        for letter in batch:
            db.session.expunge(letter)  # and its PDF: memory holds one batch at a time
        for item in to_render:
            try:
                rendered = item.render()
            except letters.AddressError:
                # Never printed with its address cut (issue 17): left out of the class
                # PDF, so it stays approved and not printed; the log says why.
                log.warning(
                    "class PDF: letter %s left out, its address does not fit", item.letter_id
                )
                continue
            db.session.add(
                LetterDocument(
                    letter_id=item.letter_id, pdf=rendered.content, page_count=rendered.page_count
                )
            )
            stored[item.letter_id] = rendered.content
        # A letter returned or deleted since the job began is left out.
        yield [(letter_id, stored[letter_id]) for letter_id in chunk if letter_id in stored]


def _page_counts(ids: list[int]) -> dict[int, int]:
    """Each letter's stored page count, rendering (and storing) the letters not rendered yet:
    the cover's page ranges need them before anything is merged."""
    missing = set(ids) - set(
        db.session.scalars(
            select(LetterDocument.letter_id).where(LetterDocument.letter_id.in_(ids))
        )
    )
    if missing:
        for _batch in _letters_in_batches([i for i in ids if i in missing]):
            db.session.commit()  # the batch's PDFs are stored; memory lets them go
    counts: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        counts.update(
            (letter_id, pages)
            for letter_id, pages in db.session.execute(
                select(LetterDocument.letter_id, LetterDocument.page_count).where(
                    LetterDocument.letter_id.in_(ids[start : start + 500])
                )
            ).all()
        )
    return counts


def _sheets(pages: int, pad_to_even: bool) -> int:
    """Sheets of paper for a PDF part of this many pages. Padded to even, the PDF is meant
    for double-sided printing (see PrintForm): two pages a sheet; otherwise one a page."""
    return math.ceil(pages / 2) if pad_to_even else pages


def _printed_pages(pages: int, pad_to_even: bool) -> int:
    return pages + (pages % 2 if pad_to_even else 0)


def _render_cover(classroom: Classroom, job: ClassPrintJob, groups, counts) -> bytes:
    """The cover sheet, rendered until its page ranges agree with its own length.

    The ranges start after the cover, whose length depends on what it lists: render with a
    guess of one page, and again with the real length if it differs (it settles at once,
    as a longer range string never adds a page by itself; three tries are plenty)."""
    cover_pages = 1
    # The template's own words in the job's language too: the worker has no request,
    # so without this the headings and instructions came out in English.
    with force_locale(job.language):
        for _attempt in range(3):
            values = cover_values(classroom, groups, counts, job=job, cover_pages=cover_pages)
            rendered = pdf.render_pdf(pdf.cover_html(values))
            if rendered.page_count == cover_pages:
                break
            cover_pages = rendered.page_count
    return rendered.content


def _merge(job_id: int, run_id: str) -> None:
    job = db.session.get(ClassPrintJob, job_id)
    classroom = job.classroom
    classroom_id, pad_to_even = classroom.id, job.pad_to_even
    title = f"Letters from {classroom.name}, {classroom.school}"
    groups = _with_fitting_address(recipient_groups(classroom_id, reprint_all=job.reprint_all))
    ids = [letter_id for group in groups for letter_id in group.letter_ids]
    counts = _page_counts(ids)
    job = db.session.get(ClassPrintJob, job_id)
    cover = _render_cover(job.classroom, job, groups, counts)
    language = job.language
    db.session.commit()
    merged: list[int] = []
    # On disk while it grows: memory holds one batch of letters, whatever the class size.
    with tempfile.TemporaryFile() as output:
        merger = StreamingPdfMerger(output)
        merger.append(cover, pad_to_even=pad_to_even)
        for batch in _letters_in_batches(ids):
            for letter_id, content in batch:
                merger.append(content, pad_to_even=pad_to_even)
                merged.append(letter_id)
            # Commits the batch's stored PDFs with the progress.
            leases.progress(
                ClassPrintJob, job_id, run_id, done=len(merged), lease_seconds=_lease_seconds()
            )
        page_count = merger.finish(title=title, language=language, producer=pdf.PRODUCER)
        output.seek(0)
        content = output.read()
    leases.finish(
        ClassPrintJob, job_id, run_id, content=content, page_count=page_count, total=len(merged)
    )
    now = utcnow()
    # The letters count as printed in the same transaction that makes the PDF available.
    for start in range(0, len(merged), 500):
        db.session.execute(
            update(Letter)
            .where(
                Letter.id.in_(merged[start : start + 500]),
                Letter.status == LetterStatus.APPROVED,
            )
            .values(status=LetterStatus.PRINTED, printed_at=now, version=Letter.version + 1)
            .execution_options(synchronize_session=False)
        )
    leases.drop_older_pdfs(ClassPrintJob, job_id, ClassPrintJob.classroom_id == classroom_id)
    db.session.commit()
    log.info("class PDF %s built: %d letters, %d pages", job_id, len(merged), page_count)


def _with_fitting_address(groups: list[_Group]) -> list[_Group]:
    """The groups whose address shows whole through their envelope's window. The others'
    letters are left out of the class PDF and off its cover, never printed with their
    address cut (issue 17): they stay approved, and the log says why."""
    kept = []
    for group in groups:
        first = db.session.get(Letter, group.letter_ids[0])
        try:
            pdf.check_address(letters.letter_values(first, page_url=""))
        except pdf.AddressDoesNotFit as error:
            log.warning(
                "class PDF: %s letters to target %s left out, the address does not fit: %s",
                len(group.letter_ids),
                first.target_id,
                error,
            )
            continue
        kept.append(group)
    return kept


# The cover sheet -------------------------------------------------------------------------

# Envelope layouts whose letters print the recipient's address in the window position
# (letters/<kind>/letter.html includes _address.html in .head): appeals and cards.
WINDOW_SET_KINDS = frozenset({LetterKind.APPEAL, LetterKind.CARD})
# Names listed on an envelope's row before "and N more": the row stays readable.
MAX_NAMES = 30


def _fits_window(kind: LetterKind, values: dict) -> bool:
    """Whether the letter's address shows whole through its window envelope's window
    (letters/envelopes: the same check that refuses to print an address cut)."""
    if kind not in WINDOW_SET_KINDS:
        return False
    try:
        pdf.check_address(values)
    except pdf.AddressDoesNotFit:
        return False
    return True


def _recipient_country(letter: Letter) -> str:
    if letter.kind is LetterKind.CARD:
        return letter.case.card_country or letter.case.country
    return letter.target.country


def _names(names: list[str]) -> str:
    if len(names) <= MAX_NAMES:
        return ", ".join(names)
    rest = len(names) - MAX_NAMES
    return _("%(names)s and %(num)s more", names=", ".join(names[:MAX_NAMES]), num=rest)


def _grams(grams: float) -> str:
    return _("%(grams)s g", grams=format_decimal(round(grams, 1), format="#,##0.#"))


def _page_range(first: int, last: int) -> str:
    if first == last:
        return _("page %(first)s", first=format_number(first))
    return _("pages %(first)s–%(last)s", first=format_number(first), last=format_number(last))


def cover_values(
    classroom: Classroom,
    groups: list[_Group],
    page_counts: dict[int, int],
    *,
    job: ClassPrintJob,
    cover_pages: int,
) -> dict:
    """The plain values of the cover sheet (letters/cover/cover.html), in the job's language:
    one envelope per recipient, in the PDF's order, with its page range counted from each
    letter's stored page count after `cover_pages` pages of cover."""
    with force_locale(job.language):
        return _cover_values(classroom, groups, page_counts, job=job, cover_pages=cover_pages)


def _cover_values(classroom, groups, page_counts, *, job, cover_pages) -> dict:
    pad = job.pad_to_even
    paper = letters.default_paper(classroom.country).value
    next_page = _printed_pages(cover_pages, pad) + 1
    envelopes = []
    papers: set[str] = set()
    totals = {"letters": 0, "cards": 0, "sheets": 0}
    for number, group in enumerate(groups, start=1):
        batch = db.session.scalars(
            select(Letter)
            .where(Letter.id.in_(group.letter_ids))
            .options(selectinload(Letter.case), selectinload(Letter.target))
        ).all()
        by_id = {letter.id: letter for letter in batch}
        first = by_id[group.letter_ids[0]]
        values = letters.letter_values(first, page_url="")
        letter_paper = first.paper.value
        papers.add(letter_paper)
        first_page, sheets, names = next_page, 0, []
        last_page = first_page
        for letter_id in group.letter_ids:
            pages = page_counts.get(letter_id, 1)
            last_page = next_page + pages - 1
            next_page += _printed_pages(pages, pad)
            sheets += _sheets(pages, pad)
            names.append(by_id[letter_id].writer_name)
        count = len(group.letter_ids)
        is_card = group.kind is LetterKind.CARD
        totals["cards" if is_card else "letters"] += count
        totals["sheets"] += sheets
        grams = postage.envelope_weight(sheets, letter_paper)
        advice = postage.postage(classroom.country, _recipient_country(first), grams)
        zone_name = str(postage.ZONE_NAMES[advice.zone])
        if advice.known:
            stamp = _("%(step)s, %(zone)s", step=str(advice.step.name), zone=zone_name)
        else:
            stamp = _(
                "Ask at the post office for a letter of %(grams)s, %(zone)s.",
                grams=_grams(grams),
                zone=zone_name,
            )
        window = _fits_window(group.kind, values)
        envelopes.append(
            {
                "number": format_number(number),
                "case_name": first.case.name,
                "letters": ngettext("%(num)s letter", "%(num)s letters", count)
                if not is_card
                else "",
                "cards": ngettext("%(num)s solidarity card", "%(num)s solidarity cards", count)
                if is_card
                else "",
                "pages": _page_range(first_page, last_page),
                "names": _names(names),
                "sheets": ngettext("%(num)s sheet", "%(num)s sheets", sheets),
                "weight": _grams(grams),
                "stamp": stamp,
                "window": window,
                "recipient_lines": values["recipient_lines"],
            }
        )
    return {
        "title": _("Letters from %(name)s", name=classroom.name),
        "language": job.language,
        "paper": paper,
        "school": classroom.school,
        "town": classroom.town,
        "date": written_date(utcnow().date(), job.language, classroom.country),
        "totals": [
            ngettext("%(num)s letter", "%(num)s letters", totals["letters"]),
            ngettext(
                "%(num)s solidarity card",
                "%(num)s solidarity cards",
                totals["cards"],
            ),
            ngettext("%(num)s envelope", "%(num)s envelopes", len(groups)),
            ngettext(
                "%(num)s sheet of paper",
                "%(num)s sheets of paper",
                totals["sheets"],
            ),
        ],
        "double_sided": pad,
        "any_window": any(e["window"] for e in envelopes),
        "any_by_hand": any(not e["window"] for e in envelopes),
        "envelope_grams": _grams(postage.ENVELOPE_GRAMS),
        # The letters' own paper (chosen when written), which the weights above use.
        "sheet_grams": _grams(postage.SHEET_GRAMS[papers.pop() if len(papers) == 1 else paper]),
        "envelopes": envelopes,
    }
