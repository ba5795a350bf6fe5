"""The teacher's side: open a classroom, review its letters, print them, report the tally.

The student's side (joining with the code, writing) is in student_views.py.
"""

from __future__ import annotations

import segno
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from webapp.classrooms import lesson_plan as lesson
from webapp.classrooms import printing, services
from webapp.classrooms.forms import (
    AGE_BAND_LABELS,
    ClassroomForm,
    PrintForm,
    ReturnForm,
    tally_field_name,
    tally_form,
)
from webapp.models import AgeBand, Case, ClassPrintJob, Classroom, JobStatus, LetterKind
from webapp.web import locales
from webapp.web.auth import TEACHER_ROLES, current_user, refuse_unless
from webapp.web.forms import ButtonForm
from webapp.web.transaction import errors_flashed, errors_to_form
from webapp.web.urls import external_url

bp = Blueprint("classrooms", __name__)


# Pages any visitor may read: the lesson plan is a guide to share, with nothing of a class.
PUBLIC_ENDPOINTS = frozenset({"classrooms.lesson_plan", "classrooms.lesson_plan_for"})


@bp.before_request
def teachers_only():
    """Classrooms are for teachers (and admins): anonymous visitors, students among them,
    log in; organisers get a 403. Another teacher's classroom is not found (_own_classroom)."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    return refuse_unless(*TEACHER_ROLES)


def _own_classroom(classroom_id: int) -> Classroom:
    # Another teacher's classroom is "not found", not "forbidden": ids reveal nothing.
    return services.get_teacher_classroom(current_user(), classroom_id) or abort(404)


def _to_classroom(classroom: Classroom, section: str | None = None) -> Response:
    """Back to the classroom's page, at the section the teacher was working in."""
    url = url_for("classrooms.show", classroom_id=classroom.id, _anchor=section)
    return redirect(url, code=303)


@bp.get("/")
def index():
    """The teacher's classrooms."""
    return render_template(
        "classrooms/index.html", classrooms=services.teacher_classrooms(current_user())
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Open a classroom."""
    form = ClassroomForm()
    if form.validate_on_submit():
        with errors_to_form(form, field="name"):
            classroom = services.create_classroom(
                current_user(),
                name=form.name.data,
                school=form.school.data,
                town=form.town.data,
                country=form.country.data,
                age_band=AgeBand(form.age_band.data),
            )
            flash(_("Your classroom is open. Give your students the code below."), "success")
            return _to_classroom(classroom)
    status = 422 if form.is_submitted() else 200
    return render_template("classrooms/new.html", form=form), status


@bp.get("/lesson-plan")
def lesson_plan():
    """The lesson plan: choose the age of the class."""
    return render_template(
        "classrooms/lesson_plan.html",
        band=None,
        bands=_plan_bands(),
        phases=lesson.PHASES,
    )


@bp.get("/lesson-plan/<band>")
def lesson_plan_for(band: str):
    """The lesson plan for one age band, to read or print."""
    try:
        age_band = AgeBand(band)
    except ValueError:
        abort(404)
    return render_template(
        "classrooms/lesson_plan.html",
        band=age_band,
        bands=_plan_bands(),
        phases=lesson.PHASES,
        age_label=AGE_BAND_LABELS[age_band],
        minutes=lesson.lesson_minutes(age_band),
    )


def _plan_bands() -> list[tuple[AgeBand, str, int]]:
    return [(band, AGE_BAND_LABELS[band], lesson.lesson_minutes(band)) for band in AGE_BAND_LABELS]


def _tally_rows(classroom: Classroom) -> list[tuple[Case, LetterKind]]:
    return [
        (case, kind) for case, kinds in services.cases_for_classroom(classroom) for kind in kinds
    ]


def _show(classroom: Classroom, status: int = 200, **forms):
    found = services.tallies(classroom)
    current = {key: tally.reported for key, tally in found.items()}
    reviews = {key: tally.review for key, tally in found.items()}
    return render_template(
        "classrooms/show.html",
        classroom=classroom,
        join_code=services.format_join_code(classroom.join_code),
        age_label=AGE_BAND_LABELS[classroom.age_band],
        summary=services.classroom_summary(classroom),
        letters=services.classroom_letters(classroom),
        students=services.classroom_students(classroom),
        jobs=printing.recent_print_jobs(classroom),
        print_form=forms.get("print_form") or PrintForm(),
        tally_form=forms.get("tally_form") or tally_form(_tally_rows(classroom), current, reviews),
        tally_rows=_tally_rows(classroom),
        tally_field_name=tally_field_name,
        button_form=ButtonForm(),
    ), status


@bp.get("/<int:classroom_id>")
def show(classroom_id: int):
    """A classroom: its code, the review queue, printing, the tally and closing."""
    return _show(_own_classroom(classroom_id))


@bp.get("/<int:classroom_id>/join-sheet")
def join_sheet(classroom_id: int):
    """A sheet to print or project: the address, the code and a QR code to scan."""
    classroom = _own_classroom(classroom_id)
    code = services.format_join_code(classroom.join_code)
    join_url = external_url("students.join", code=code)
    return render_template(
        "classrooms/join_sheet.html",
        classroom=classroom,
        join_code=code,
        join_address=external_url("students.join"),
        join_url=join_url,
        qr_svg=_qr_svg(join_url),
    )


def _qr_svg(url: str) -> str:
    """An inline SVG QR code of the address, that scales to the stylesheet's width."""
    # With a viewBox and no fixed size (omitsize), the stylesheet's width scales the code
    # instead of cropping it: a cropped code has lost finder patterns and reads as nothing
    # (tests/browser/test_join_sheet.py). Four modules of quiet zone, as ISO/IEC 18004
    # asks, for cameras reading it off a busy board.
    return segno.make(url, error="m").svg_inline(
        omitsize=True, border=4, title=_("QR code that opens %(url)s", url=url)
    )


@bp.post("/<int:classroom_id>/students/<int:student_id>/resume-code")
def resume_code(classroom_id: int, student_id: int):
    """A one-time code (and its QR) for a student to carry on on another device.

    Shown on this response only: the code is stored as a keyed hash, so it cannot be shown
    again; a new one replaces it."""
    classroom = _own_classroom(classroom_id)
    student = services.get_classroom_student(classroom, student_id) or abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    with errors_flashed():
        made = services.make_resume_code(classroom, student)
        resume_url = external_url("students.join", resume=made.code) + "#resume"
        response = render_template(
            "classrooms/resume_code.html",
            classroom=classroom,
            student=student,
            code=made.code,
            expires_at=made.expires_at,
            resume_address=external_url("students.join"),
            qr_svg=_qr_svg(resume_url),
        )
        # The code opens a student's letters: not for the browser's cache or history.
        return response, 200, {"Cache-Control": "no-store"}
    return _to_classroom(classroom, "students")


# Reviewing -----------------------------------------------------------------------------


@bp.get("/<int:classroom_id>/letters/<int:letter_id>")
def review(classroom_id: int, letter_id: int):
    """One student's letter, to approve or return with a comment."""
    classroom = _own_classroom(classroom_id)
    letter = services.get_classroom_letter(classroom, letter_id) or abort(404)
    return render_template(
        "classrooms/review.html",
        classroom=classroom,
        letter=letter,
        form=ReturnForm(),
        button_form=ButtonForm(),
    )


@bp.post("/<int:classroom_id>/approve")
def approve(classroom_id: int):
    """Approve one letter or several at once (the ticked boxes of the queue)."""
    classroom = _own_classroom(classroom_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    ids = [int(value) for value in request.form.getlist("letter") if value.isdecimal()]
    with errors_flashed():
        approved = services.approve_letters(classroom, ids)
        flash(
            ngettext("%(num)d letter approved.", "%(num)d letters approved.", approved)
            if approved
            else _("Those letters were already reviewed."),
            "success",
        )
    return _to_classroom(classroom, "review")


@bp.post("/<int:classroom_id>/letters/<int:letter_id>/return")
def return_letter(classroom_id: int, letter_id: int):
    """Send a letter back to its student with a comment."""
    classroom = _own_classroom(classroom_id)
    letter = services.get_classroom_letter(classroom, letter_id) or abort(404)
    form = ReturnForm()
    if form.validate_on_submit():
        with errors_to_form(form, field="comment"):
            services.return_letter(letter, form.comment.data)
            flash(
                _("The letter is back with %(name)s, with your comment.", name=letter.writer_name),
                "success",
            )
            return _to_classroom(classroom, "review")
    return render_template(
        "classrooms/review.html",
        classroom=classroom,
        letter=letter,
        form=form,
        button_form=ButtonForm(),
    ), 422


# Printing and posting ------------------------------------------------------------------


def _job_url(job: ClassPrintJob) -> str:
    return url_for("classrooms.print_job", classroom_id=job.classroom_id, job_id=job.id)


@bp.post("/<int:classroom_id>/prints")
def print_letters(classroom_id: int):
    """Make the class PDF: at once for a class, in the background for a school event."""
    classroom = _own_classroom(classroom_id)
    form = PrintForm()
    if not form.validate_on_submit():
        abort(400)
    with errors_flashed():
        job = printing.request_class_pdf(
            classroom,
            pad_to_even=form.pad_to_even.data,
            # The second button, "Print all again": every approved letter, printed or not.
            reprint_all=request.form.get("scope") == "all",
            language=locales.current(),
        )
        if printing.builds_inline(job):
            # Built under a lease, which commits as it goes: the new job with its claim.
            job = printing.build_now(job)
        # The job's page, not the file: it says what changed (the letters now count as
        # printed) and offers the download and "I posted them" (issue 16).
        return redirect(_job_url(job), code=303)
    return _to_classroom(classroom, "print")


@bp.get("/<int:classroom_id>/prints/<int:job_id>")
def print_job(classroom_id: int, job_id: int):
    """The class PDF's progress; the page refreshes itself until it is ready."""
    classroom = _own_classroom(classroom_id)
    job = printing.get_print_job(classroom, job_id) or abort(404)
    return render_template(
        "classrooms/print_job.html",
        classroom=classroom,
        job=job,
        summary=services.classroom_summary(classroom),
        button_form=ButtonForm(),
    )


@bp.get("/<int:classroom_id>/prints/<int:job_id>/letters.pdf")
def print_pdf(classroom_id: int, job_id: int):
    """The class PDF itself."""
    classroom = _own_classroom(classroom_id)
    job = printing.get_print_job(classroom, job_id) or abort(404)
    if job.status is not JobStatus.DONE or not job.has_pdf:
        abort(404)
    response = Response(job.pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="class-letters-{job.id}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/<int:classroom_id>/posted")
def posted(classroom_id: int):
    """The teacher posted the printed letters."""
    classroom = _own_classroom(classroom_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    count = services.mark_class_posted(classroom)
    flash(
        ngettext(
            "Thank you: %(num)d letter now counts as posted.",
            "Thank you: %(num)d letters now count as posted.",
            count,
        )
        if count
        else _("There were no printed letters waiting to be posted."),
        "success",
    )
    return _to_classroom(classroom)


# The tally and closing -----------------------------------------------------------------


@bp.post("/<int:classroom_id>/tally")
def tally(classroom_id: int):
    """Report the letters and cards the class wrote by hand."""
    classroom = _own_classroom(classroom_id)
    rows = _tally_rows(classroom)
    form = tally_form(rows, {})
    if form.validate_on_submit():
        counts = {
            (case.id, kind): form[tally_field_name(case.id, kind)].data or 0 for case, kind in rows
        }
        with errors_flashed():
            waiting = services.report_tallies(classroom, counts)
            if waiting:
                flash(
                    _(
                        "Thank you. Large numbers are checked by an organiser before they "
                        "count: those waiting for review are marked below."
                    ),
                    "success",
                )
            else:
                flash(
                    _("Thank you: your class's handwritten letters now join the count."),
                    "success",
                )
            return _to_classroom(classroom, "tally")
    return _show(classroom, 422, tally_form=form)


@bp.route("/<int:classroom_id>/close", methods=["GET", "POST"])
def close(classroom_id: int):
    """Close the classroom, after saying what that means."""
    classroom = _own_classroom(classroom_id)
    form = ButtonForm()
    if form.validate_on_submit():
        services.close_classroom(classroom)
        flash(_("The classroom is closed. Its letters will be deleted as described."), "success")
        return _to_classroom(classroom)
    return render_template("classrooms/close.html", classroom=classroom, form=form)
