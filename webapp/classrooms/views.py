"""Views for teachers (classrooms, review, printing, tallies) and students (join, write)."""

from __future__ import annotations

import segno
from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms import SelectChoice

from webapp.accounts.forms import ButtonForm
from webapp.classrooms import printing, services
from webapp.classrooms.forms import (
    AGE_BAND_LABELS,
    ClassroomForm,
    JoinForm,
    PrintForm,
    ReturnForm,
    tally_field_name,
    tally_form,
)
from webapp.extensions import db, limiter
from webapp.letters import services as letters
from webapp.letters.forms import LetterTextForm
from webapp.models import (
    AgeBand,
    Case,
    Classroom,
    JobStatus,
    Letter,
    LetterKind,
    LetterStatus,
    Student,
)
from webapp.utils.languages import language_name
from webapp.web import locales
from webapp.web.auth import current_user, teacher_required
from webapp.web.i18n import lazy_gettext as _l
from webapp.web.limits import configured, count_failure, failure_counted, student_or_client
from webapp.web.urls import external_url

bp = Blueprint("classrooms", __name__)

_STUDENT = "student_id"

SENTENCE_STARTERS = [
    _l("My name is … and I am writing from …"),
    _l("I was shocked to learn that …"),
    _l("I think it is unfair that …"),
    _l("Everyone has the right to …"),
    _l("Please …"),
    _l("I hope that soon …"),
]


STATUS_LABELS = {
    LetterStatus.DRAFT: _l("Being written"),
    LetterStatus.SUBMITTED: _l("Waiting for you"),
    LetterStatus.APPROVED: _l("Approved"),
    LetterStatus.RETURNED: _l("Returned with a comment"),
    LetterStatus.PRINTED: _l("Printed"),
    LetterStatus.POSTED: _l("Posted"),
}
STUDENT_STATUS_LABELS = {
    LetterStatus.DRAFT: _l("A draft: not sent to your teacher yet"),
    LetterStatus.SUBMITTED: _l("With your teacher"),
    LetterStatus.APPROVED: _l("Approved by your teacher"),
    LetterStatus.RETURNED: _l("Your teacher sent it back to you"),
    LetterStatus.PRINTED: _l("Printed"),
    LetterStatus.POSTED: _l("Posted. Thank you!"),
}
PRINT_STATUS_LABELS = {
    JobStatus.QUEUED: _l("waiting to start"),
    JobStatus.RUNNING: _l("being made"),
    JobStatus.DONE: _l("ready"),
    JobStatus.FAILED: _l("failed"),
}


@bp.context_processor
def labels():
    return {
        "LetterStatus": LetterStatus,
        "LetterKind": LetterKind,
        "status_labels": STATUS_LABELS,
        "student_status_labels": STUDENT_STATUS_LABELS,
        "print_status_labels": PRINT_STATUS_LABELS,
    }


# Teachers ------------------------------------------------------------------------------


def _own_classroom(classroom_id: int) -> Classroom:
    # Another teacher's classroom is "not found", not "forbidden": ids reveal nothing.
    return services.get_teacher_classroom(current_user(), classroom_id) or abort(404)


@bp.get("/classrooms/")
@teacher_required
def index():
    """The teacher's classrooms."""
    return render_template(
        "classrooms/index.html", classrooms=services.teacher_classrooms(current_user())
    )


@bp.route("/classrooms/new", methods=["GET", "POST"])
@teacher_required
def new():
    """Open a classroom."""
    form = ClassroomForm()
    if form.validate_on_submit():
        try:
            classroom = services.create_classroom(
                current_user(),
                name=form.name.data,
                school=form.school.data,
                town=form.town.data,
                country=form.country.data,
                age_band=AgeBand(form.age_band.data),
            )
        except services.ClassroomError as error:
            db.session.rollback()
            form.name.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Your classroom is open. Give your students the code below."), "success")
            return redirect(url_for("classrooms.show", classroom_id=classroom.id), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("classrooms/new.html", form=form), status


def _tally_rows(classroom: Classroom) -> list[tuple[Case, LetterKind]]:
    return [
        (case, kind) for case, kinds in services.cases_for_classroom(classroom) for kind in kinds
    ]


def _show(classroom: Classroom, status: int = 200, **forms):
    current = {key: tally.reported for key, tally in services.tallies(classroom).items()}
    return render_template(
        "classrooms/show.html",
        classroom=classroom,
        join_code=services.format_join_code(classroom.join_code),
        age_label=AGE_BAND_LABELS[classroom.age_band],
        summary=services.classroom_summary(classroom),
        letters=services.classroom_letters(classroom),
        jobs=printing.recent_print_jobs(classroom),
        print_form=forms.get("print_form") or PrintForm(),
        tally_form=forms.get("tally_form") or tally_form(_tally_rows(classroom), current),
        tally_rows=_tally_rows(classroom),
        tally_field_name=tally_field_name,
        button_form=ButtonForm(),
    ), status


@bp.get("/classrooms/<int:classroom_id>")
@teacher_required
def show(classroom_id: int):
    """A classroom: its code, the review queue, printing, the tally and closing."""
    return _show(_own_classroom(classroom_id))


@bp.get("/classrooms/<int:classroom_id>/join-sheet")
@teacher_required
def join_sheet(classroom_id: int):
    """A sheet to print or project: the address, the code and a QR code to scan."""
    classroom = _own_classroom(classroom_id)
    code = services.format_join_code(classroom.join_code)
    join_url = external_url("classrooms.join", code=code)
    qr = segno.make(join_url, error="m")
    return render_template(
        "classrooms/join_sheet.html",
        classroom=classroom,
        join_code=code,
        join_address=external_url("classrooms.join"),
        join_url=join_url,
        qr_svg=qr.svg_inline(
            scale=8, border=2, title=_("QR code that opens %(url)s", url=join_url)
        ),
    )


@bp.get("/classrooms/<int:classroom_id>/letters/<int:letter_id>")
@teacher_required
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


@bp.post("/classrooms/<int:classroom_id>/approve")
@teacher_required
def approve(classroom_id: int):
    """Approve one letter or several at once (the ticked boxes of the queue)."""
    classroom = _own_classroom(classroom_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    ids = [int(value) for value in request.form.getlist("letter") if value.isdecimal()]
    try:
        approved = services.approve_letters(classroom, ids)
    except services.ClassroomError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(
            ngettext("%(num)d letter approved.", "%(num)d letters approved.", approved)
            if approved
            else _("Those letters were already reviewed."),
            "success",
        )
    return redirect(url_for("classrooms.show", classroom_id=classroom.id) + "#review", code=303)


@bp.post("/classrooms/<int:classroom_id>/letters/<int:letter_id>/return")
@teacher_required
def return_letter(classroom_id: int, letter_id: int):
    """Send a letter back to its student with a comment."""
    classroom = _own_classroom(classroom_id)
    letter = services.get_classroom_letter(classroom, letter_id) or abort(404)
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            services.return_letter(letter, form.comment.data)
        except services.ClassroomError as error:
            db.session.rollback()
            form.comment.errors = [str(error)]
        else:
            db.session.commit()
            flash(
                _("The letter is back with %(name)s, with your comment.", name=letter.writer_name),
                "success",
            )
            return redirect(
                url_for("classrooms.show", classroom_id=classroom.id) + "#review", code=303
            )
    return render_template(
        "classrooms/review.html",
        classroom=classroom,
        letter=letter,
        form=form,
        button_form=ButtonForm(),
    ), 422


@bp.post("/classrooms/<int:classroom_id>/prints")
@teacher_required
def print_letters(classroom_id: int):
    """Make the class PDF: at once for a class, in the background for a school event."""
    classroom = _own_classroom(classroom_id)
    form = PrintForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        job = printing.request_class_pdf(classroom, pad_to_even=form.pad_to_even.data)
    except services.ClassroomError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("classrooms.show", classroom_id=classroom.id) + "#print", code=303)
    db.session.commit()
    if printing.builds_inline(job):
        job = printing.build_now(job)
        if job.status is JobStatus.DONE:
            return redirect(_pdf_url(job), code=303)
    return redirect(
        url_for("classrooms.print_job", classroom_id=classroom.id, job_id=job.id), code=303
    )


def _pdf_url(job) -> str:
    return url_for("classrooms.print_pdf", classroom_id=job.classroom_id, job_id=job.id)


@bp.get("/classrooms/<int:classroom_id>/prints/<int:job_id>")
@teacher_required
def print_job(classroom_id: int, job_id: int):
    """The class PDF's progress; the page refreshes itself until it is ready."""
    classroom = _own_classroom(classroom_id)
    job = printing.get_print_job(classroom, job_id) or abort(404)
    return render_template("classrooms/print_job.html", classroom=classroom, job=job)


@bp.get("/classrooms/<int:classroom_id>/prints/<int:job_id>/letters.pdf")
@teacher_required
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


@bp.post("/classrooms/<int:classroom_id>/posted")
@teacher_required
def posted(classroom_id: int):
    """The teacher posted the printed letters."""
    classroom = _own_classroom(classroom_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    count = services.mark_class_posted(classroom)
    db.session.commit()
    flash(
        ngettext(
            "Thank you: %(num)d letter now count as posted.",
            "Thank you: %(num)d letters now count as posted.",
            count,
        )
        if count
        else _("There were no printed letters waiting to be posted."),
        "success",
    )
    return redirect(url_for("classrooms.show", classroom_id=classroom.id), code=303)


@bp.post("/classrooms/<int:classroom_id>/tally")
@teacher_required
def tally(classroom_id: int):
    """Report the letters and cards the class wrote by hand."""
    classroom = _own_classroom(classroom_id)
    rows = _tally_rows(classroom)
    form = tally_form(rows, {})
    if form.validate_on_submit():
        counts = {
            (case.id, kind): form[tally_field_name(case.id, kind)].data or 0 for case, kind in rows
        }
        try:
            services.report_tallies(classroom, counts)
        except services.ClassroomError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Thank you: your class's handwritten letters now join the count."), "success")
            return redirect(
                url_for("classrooms.show", classroom_id=classroom.id) + "#tally", code=303
            )
    return _show(classroom, 422, tally_form=form)


@bp.route("/classrooms/<int:classroom_id>/close", methods=["GET", "POST"])
@teacher_required
def close(classroom_id: int):
    """Close the classroom, after saying what that means."""
    classroom = _own_classroom(classroom_id)
    form = ButtonForm()
    if form.validate_on_submit():
        services.close_classroom(classroom)
        db.session.commit()
        flash(_("The classroom is closed. Its letters will be deleted as described."), "success")
        return redirect(url_for("classrooms.show", classroom_id=classroom.id), code=303)
    return render_template("classrooms/close.html", classroom=classroom, form=form)


# Students ------------------------------------------------------------------------------


def current_student() -> Student | None:
    """The student this browser joined as, while their class keeps their letters."""
    student_id, key = (session.get(_STUDENT) or [None, None])[:2]
    student = services.get_student(student_id, key)
    if student is None:
        session.pop(_STUDENT, None)
    return student


def _student_or_join() -> Student:
    student = current_student()
    if student is None:
        abort(redirect(url_for("classrooms.join")))
    return student


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(configured("JOIN_FAILURE_LIMIT"), methods=["POST"], deduct_when=failure_counted)
def join():
    """A student joins a class with its code and a first name."""
    form = JoinForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"][:20]
    name_concern = None
    if form.validate_on_submit():
        try:
            student = services.join_classroom(
                form.code.data, form.display_name.data, name_confirmed=form.name_confirmed.data
            )
        except services.JoinError as error:
            db.session.rollback()
            count_failure()
            form.code.errors = [str(error)]
        except services.StudentNameError as error:
            db.session.rollback()
            form.display_name.errors = [str(error)]
            name_concern = True
        else:
            db.session.commit()
            session.clear()  # a student's session carries nothing but who they are
            session[_STUDENT] = [student.id, student.session_key]
            session.permanent = True
            return redirect(url_for("classrooms.student_home"), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("classrooms/join.html", form=form, name_concern=name_concern), status


@bp.get("/class/")
def student_home():
    """The student's page: their letters, and the cases they can write for."""
    student = _student_or_join()
    classroom = student.classroom
    return render_template(
        "classrooms/student_home.html",
        student=student,
        classroom=classroom,
        letters=services.student_letters(student),
        cases=services.cases_for_classroom(classroom) if classroom.is_open else [],
        button_form=ButtonForm(),
    )


@bp.post("/class/leave")
def leave():
    """Forget this student on this browser (a shared computer, the lesson over)."""
    session.pop(_STUDENT, None)
    flash(
        _("You have left the class on this device. Your letters stay with your teacher."), "success"
    )
    return redirect(url_for("classrooms.join"), code=303)


def _student_composer(
    student: Student,
    case: Case,
    start: letters.Composer,
    form: LetterTextForm,
    status: int,
    letter: Letter | None = None,
    editable: bool = True,
):
    templates = letters.letter_templates(case, start.kind)
    languages = [(t.language, language_name(t.language)) for t in templates]
    return render_template(
        "classrooms/student_compose.html",
        student=student,
        case=case,
        start=start,
        form=form,
        languages=languages,
        letter=letter,
        editable=editable,
        body_max=letters.BODY_MAX_CHARS,
        starters=SENTENCE_STARTERS,
    ), status


def _set_target_choices(form: LetterTextForm, case: Case, kind: LetterKind) -> None:
    if kind is LetterKind.APPEAL:
        form.target.choices = [SelectChoice(t.id, f"{t.name}, {t.title}") for t in case.targets]


@bp.route("/class/cases/<slug>/write/<kind>", methods=["GET", "POST"])
@limiter.limit(configured("LETTER_RATE_LIMIT"), key_func=student_or_client, methods=["POST"])
def student_compose(slug: str, kind: str):
    """The composer for a student: the same texts, with sentence starters."""
    student = _student_or_join()
    case = services.get_classroom_case(student.classroom, slug) or abort(404)
    try:
        letter_kind = LetterKind(kind)
    except ValueError:
        abort(404)
    if letter_kind not in letters.offered_kinds(case):
        abort(404)
    asked = request.values.get("language")
    wanted = [asked] if asked else locales.reading_languages()
    start = letters.composer(case, letter_kind, *wanted)
    form = LetterTextForm()
    _set_target_choices(form, case, letter_kind)
    if not form.is_submitted():
        form.body.data = start.body
        return _student_composer(student, case, start, form, 200)
    if form.validate():
        try:
            letter = services.write_student_letter(
                student,
                case,
                kind=letter_kind,
                language=start.language,
                target_id=form.target.data,
                body=form.body.data,
                submit=request.form.get("action") == "submit",
            )
        except (services.ClassroomError, letters.LetterError) as error:
            db.session.rollback()
            form.body.errors = [str(error)]
        else:
            db.session.commit()
            flash(_saved_message(letter), "success")
            return redirect(url_for("classrooms.student_letter", letter_id=letter.id), code=303)
    return _student_composer(student, case, start, form, 422)


def _saved_message(letter: Letter) -> str:
    if letter.status is LetterStatus.SUBMITTED:
        return _("Your letter is with your teacher now. Well done!")
    return _("Your draft is saved. You can come back to it on this device during the lesson.")


@bp.route("/class/letters/<int:letter_id>", methods=["GET", "POST"])
@limiter.limit(configured("LETTER_RATE_LIMIT"), key_func=student_or_client, methods=["POST"])
def student_letter(letter_id: int):
    """A student's own letter: its status, the teacher's comment, and changes."""
    student = _student_or_join()
    letter = services.get_student_letter(student, letter_id) or abort(404)
    start = letters.composer(letter.case, letter.kind, letter.language)
    editable = letter.status in services.STUDENT_EDITABLE and student.classroom.is_open
    form = LetterTextForm(obj=letter if request.method == "GET" else None)
    _set_target_choices(form, letter.case, letter.kind)
    if request.method == "POST" and not editable:
        flash(
            _("This letter can no longer change: your teacher has approved it.")
            if student.classroom.is_open
            else _("Your class is closed, so letters can no longer be written or changed."),
            "error",
        )
        return redirect(url_for("classrooms.student_letter", letter_id=letter.id), code=303)
    if request.method == "GET":
        form.target.data = letter.target_id
        return _student_composer(student, letter.case, start, form, 200, letter, editable)
    if form.validate():
        try:
            services.edit_student_letter(
                letter,
                target_id=form.target.data,
                body=form.body.data,
                submit=request.form.get("action") == "submit",
            )
        except (services.ClassroomError, letters.LetterError) as error:
            db.session.rollback()
            form.body.errors = [str(error)]
        else:
            db.session.commit()
            flash(_saved_message(letter), "success")
            return redirect(url_for("classrooms.student_letter", letter_id=letter.id), code=303)
    return _student_composer(student, letter.case, start, form, 422, letter, editable)
