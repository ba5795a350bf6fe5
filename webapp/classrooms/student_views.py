"""The student's side: join a class with its code and a first name, write letters and
cards, and see what the teacher made of them. Students have no account: this browser's
session says which student it is, while their class keeps their letters.

The teacher's side is in views.py.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from webapp.classrooms import services
from webapp.classrooms.forms import JoinForm, ResumeForm
from webapp.extensions import limiter
from webapp.letters import services as letters
from webapp.letters.forms import LetterTextForm
from webapp.models import Case, Letter, LetterKind, LetterStatus, Student
from webapp.utils.languages import language_name
from webapp.web import locales
from webapp.web.auth import STUDENT, student_in_session
from webapp.web.forms import ButtonForm, strip
from webapp.web.i18n import lazy_gettext as _l
from webapp.web.limits import configured, count_failure, failure_counted, student_or_client
from webapp.web.transaction import errors_to_form

bp = Blueprint("students", __name__)

SENTENCE_STARTERS = [
    _l("My name is … and I am writing from …"),
    _l("I was shocked to learn that …"),
    _l("I think it is unfair that …"),
    _l("Everyone has the right to …"),
    _l("Please …"),
    _l("I hope that soon …"),
]


def current_student() -> Student | None:
    """The student this browser joined as, while their class keeps their letters."""
    student = services.get_student(*student_in_session())
    if student is None:
        session.pop(STUDENT, None)
    return student


def _remember(student: Student) -> None:
    session.clear()  # a student's session carries nothing but who they are
    session[STUDENT] = [student.id, student.session_key]
    session.permanent = True


def _student_or_join() -> Student:
    student = current_student()
    if student is None:
        abort(redirect(url_for("students.join")))
    return student


def _right_code() -> bool:
    """exempt_when for the wrong-code limit: the code sent opens a class. A right code is
    never refused, so a guesser at a school's shared address cannot lock its students
    out. Past the limit a right code still joins while a wrong one gets the 429 page: a
    guesser learns that only by hitting one of 20^8 (2.6e10) codes, which no budget of
    guesses comes near."""
    try:
        code = strip(request.form.get("code", ""))
    except HTTPException:  # a body too large to read: the view answers 413
        return False
    try:
        services.open_classroom_for_code(code)
    except services.JoinError:
        return False
    return True


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(
    configured("JOIN_FAILURE_LIMIT"),
    methods=["POST"],
    deduct_when=failure_counted,
    exempt_when=_right_code,
)
def join():
    """A student joins a class with its code and a first name."""
    form = JoinForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"][:20]
    name_concern = False
    if form.validate_on_submit():
        with errors_to_form(form):  # JoinError names the code, StudentNameError the name
            student = services.join_classroom(
                form.code.data,
                form.display_name.data,
                name_confirmed=form.name_confirmed.data,
                returning=current_student(),
            )
            _remember(student)
            return redirect(url_for("students.home"), code=303)
        if form.code.errors:
            count_failure()  # a code guessed wrong counts towards the limit; a name does not
        # A name that looks like more than a first name: ask the student to confirm it.
        name_concern = bool(form.display_name.errors)
    status = 422 if form.is_submitted() else 200
    return _join_page(form, ResumeForm(formdata=None), status, name_concern=name_concern)


def _join_page(form: JoinForm, resume_form: ResumeForm, status: int, **context):
    """The join page, with its second form for a resume code (a QR opens it filled in)."""
    if request.method == "GET" and request.args.get("resume"):
        resume_form.resume_code.data = request.args["resume"][:20]
    return render_template(
        "classrooms/join.html", form=form, resume_form=resume_form, **context
    ), status


def _right_resume_code() -> bool:
    """exempt_when for the wrong-resume-code limit: a live code is never refused (as
    _right_code for join codes)."""
    try:
        code = strip(request.form.get("resume_code", ""))
    except HTTPException:  # a body too large to read: the view answers 413
        return False
    return services.resume_student_for_code(code) is not None


@bp.post("/join/resume")
@limiter.limit(
    configured("RESUME_FAILURE_LIMIT"),
    deduct_when=failure_counted,
    exempt_when=_right_resume_code,
)
def resume():
    """A student carries on on this device with the one-time code their teacher made.

    Its own limit: wrong resume codes never use up the class's allowance of join codes."""
    resume_form = ResumeForm()
    if resume_form.validate_on_submit():
        with errors_to_form(resume_form):
            student = services.resume_student(resume_form.resume_code.data)
            _remember(student)
            flash(
                _("Welcome back, %(name)s. Your letters are here.", name=student.display_name),
                "success",
            )
            return redirect(url_for("students.home"), code=303)
        count_failure()
    return _join_page(JoinForm(formdata=None), resume_form, 422, name_concern=False)


@bp.get("/class/")
def home():
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


@bp.get("/class/cases/<slug>")
def case(slug: str):
    """A person the class can write for: their photo and story, told for students."""
    student = _student_or_join()
    found = services.get_classroom_case(student.classroom, slug) or abort(404)
    return render_template(
        "classrooms/student_case.html",
        student=student,
        case=found,
        kinds=[kind.value for kind in letters.offered_kinds(found, student.classroom.age_band)],
        story=found.story_for(student.classroom.age_band),
    )


@bp.post("/class/leave")
def leave():
    """Forget this student on this browser (a shared computer, the lesson over)."""
    session.pop(STUDENT, None)
    flash(
        _("You have left the class on this device. Your letters stay with your teacher."), "success"
    )
    return redirect(url_for("students.join"), code=303)


# Writing -------------------------------------------------------------------------------


def _composer(
    student: Student,
    case: Case,
    start: letters.Composer,
    form: LetterTextForm,
    status: int,
    letter: Letter | None = None,
    editable: bool = True,
):
    codes = letters.text_languages(case, start.kind, student.classroom.age_band)
    languages = [(code, language_name(code)) for code in codes]
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
        recipients=letters.recipients(case, start),
        starters=SENTENCE_STARTERS,
    ), status


def _saved_message(letter: Letter) -> str:
    if letter.status is LetterStatus.SUBMITTED:
        return _("Your letter is with your teacher now. Well done!")
    return _("Your draft is saved. You can come back to it on this device during the lesson.")


@bp.route("/class/cases/<slug>/write/<kind>", methods=["GET", "POST"])
@limiter.limit(configured("LETTER_RATE_LIMIT"), key_func=student_or_client, methods=["POST"])
def compose(slug: str, kind: str):
    """The composer for a student: the same texts, with sentence starters."""
    student = _student_or_join()
    case = services.get_classroom_case(student.classroom, slug) or abort(404)
    try:
        letter_kind = LetterKind(kind)
    except ValueError:
        abort(404)
    band = student.classroom.age_band
    if letter_kind not in letters.offered_kinds(case, band):
        abort(404)
    asked = request.values.get("language")
    wanted = [asked] if asked else locales.reading_languages()
    start = letters.composer(case, letter_kind, *wanted, band=band)
    form = LetterTextForm()
    form.offer_targets(case, letter_kind)
    if not form.is_submitted():
        form.body.data = start.body
        return _composer(student, case, start, form, 200)
    if form.validate():
        with errors_to_form(form, field="body"):
            letter = services.write_student_letter(
                student,
                case,
                kind=letter_kind,
                language=start.language,
                target_id=form.target.data,
                body=form.body.data,
                submit=request.form.get("action") == "submit",
            )
            flash(_saved_message(letter), "success")
            return redirect(url_for("students.letter", letter_id=letter.id), code=303)
    return _composer(student, case, start, form, 422)


@bp.route("/class/letters/<int:letter_id>", methods=["GET", "POST"])
@limiter.limit(configured("LETTER_RATE_LIMIT"), key_func=student_or_client, methods=["POST"])
def letter(letter_id: int):
    """A student's own letter: its status, the teacher's comment, and changes."""
    student = _student_or_join()
    letter = services.get_student_letter(student, letter_id) or abort(404)
    band = student.classroom.age_band
    start = letters.composer(letter.case, letter.kind, letter.language, band=band)
    editable = letter.status in services.STUDENT_EDITABLE and student.classroom.is_open
    form = LetterTextForm(obj=letter if request.method == "GET" else None)
    form.offer_targets(letter.case, letter.kind)
    if request.method == "POST" and not editable:
        flash(
            _("This letter can no longer change: your teacher has approved it.")
            if student.classroom.is_open
            else _("Your class is closed, so letters can no longer be written or changed."),
            "error",
        )
        return redirect(url_for("students.letter", letter_id=letter.id), code=303)
    if request.method == "GET":
        form.target.data = letter.target_id
        # A letter sent to the teacher reads as sent, with where to go next; it can still
        # be changed until the teacher reads it, by asking for the composer (?change).
        sent = letter.status is LetterStatus.SUBMITTED and "change" not in request.args
        return _composer(student, letter.case, start, form, 200, letter, editable and not sent)
    if form.validate():
        with errors_to_form(form, field="body"):
            services.edit_student_letter(
                letter,
                target_id=form.target.data,
                body=form.body.data,
                submit=request.form.get("action") == "submit",
            )
            flash(_saved_message(letter), "success")
            return redirect(url_for("students.letter", letter_id=letter.id), code=303)
    return _composer(student, letter.case, start, form, 422, letter, editable)
