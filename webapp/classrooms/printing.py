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
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from webapp.background import leases
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


def _printable(classroom_id: int):
    return select(Letter.id).where(
        Letter.classroom_id == classroom_id, Letter.status.in_(WRITTEN_STATUSES)
    )


def printable_count(classroom: Classroom) -> int:
    """How many of the class's letters are approved (and so go in the class PDF)."""
    return db.session.scalar(select(func.count()).select_from(_printable(classroom.id).subquery()))


@dataclass(frozen=True)
class _Group:
    """Letters to one recipient: one case, one kind, one target (none for cards)."""

    case_id: int
    kind: LetterKind
    target_id: int | None
    letter_ids: list[int]


def recipient_groups(classroom_id: int) -> list[_Group]:
    """The class's approved letters, grouped by recipient in a stable order."""
    rows = db.session.execute(
        select(Letter.id, Letter.case_id, Letter.kind, Letter.target_id)
        .join(Case, Case.id == Letter.case_id)
        .outerjoin(Target, Target.id == Letter.target_id)
        .where(Letter.classroom_id == classroom_id, Letter.status.in_(WRITTEN_STATUSES))
        .order_by(Case.name, Case.id, Letter.kind, Target.position, Letter.target_id, Letter.id)
    ).all()
    groups: list[_Group] = []
    for letter_id, case_id, kind, target_id in rows:
        key = (case_id, kind, target_id)
        if not groups or (groups[-1].case_id, groups[-1].kind, groups[-1].target_id) != key:
            groups.append(_Group(case_id, kind, target_id, []))
        groups[-1].letter_ids.append(letter_id)
    return groups


def request_class_pdf(classroom: Classroom, *, pad_to_even: bool) -> ClassPrintJob:
    """Queue a class PDF of every approved letter (or return the one being made); the
    caller commits, then builds or waits."""
    total = printable_count(classroom)
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
    job = ClassPrintJob(classroom=classroom, pad_to_even=pad_to_even, total=total)
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


def _merge(job_id: int, run_id: str) -> None:
    job = db.session.get(ClassPrintJob, job_id)
    classroom = job.classroom
    classroom_id, pad_to_even = classroom.id, job.pad_to_even
    title = f"Letters from {classroom.name}, {classroom.school}"
    groups = _with_fitting_address(recipient_groups(classroom_id))
    ids = [letter_id for group in groups for letter_id in group.letter_ids]
    cover_html = pdf.cover_html(cover_values(classroom, groups))
    db.session.commit()
    merged: list[int] = []
    # On disk while it grows: memory holds one batch of letters, whatever the class size.
    with tempfile.TemporaryFile() as output:
        merger = StreamingPdfMerger(output)
        merger.append(pdf.render_pdf(cover_html).content, pad_to_even=pad_to_even)
        for batch in _letters_in_batches(ids):
            for letter_id, content in batch:
                merger.append(content, pad_to_even=pad_to_even)
                merged.append(letter_id)
            # Commits the batch's stored PDFs with the progress.
            leases.progress(
                ClassPrintJob, job_id, run_id, done=len(merged), lease_seconds=_lease_seconds()
            )
        page_count = merger.finish(title=title, language="en", producer=pdf.PRODUCER)
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


def cover_values(classroom: Classroom, groups: list[_Group]) -> dict:
    """The plain values of the cover sheet (letters/cover/cover.html)."""
    paper = letters.default_paper(classroom.country).value
    rows = []
    for group in groups:
        first = db.session.get(Letter, group.letter_ids[0])
        values = letters.letter_values(first, page_url="")
        count = len(group.letter_ids)
        if group.kind is LetterKind.CARD:
            label = f"{count} solidarity card{'s' if count != 1 else ''}"
        else:
            label = f"{count} letter{'s' if count != 1 else ''}"
        rows.append(
            {
                "count_label": label,
                "case_name": first.case.name,
                "recipient_lines": values["recipient_lines"],
            }
        )
    total = sum(len(group.letter_ids) for group in groups)
    return {
        "title": f"Letters from {classroom.name}",
        "language": "en",
        "paper": paper,
        "school": classroom.school,
        "town": classroom.town,
        "date": written_date(utcnow().date(), "en", classroom.country),
        "totals": f"{total} letter{'s' if total != 1 else ''} to {len(groups)} "
        f"recipient{'s' if len(groups) != 1 else ''}",
        "groups": rows,
    }
