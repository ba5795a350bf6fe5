"""Views for writing a letter, previewing it, downloading its PDF and saying it is posted."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp.campaigns import services as campaign_services
from webapp.extensions import limiter
from webapp.letters import services
from webapp.letters.forms import LetterForm
from webapp.models import Case, Letter, LetterDocument, LetterKind, PaperSize
from webapp.printing import pdf
from webapp.utils.languages import language_name
from webapp.web import locales
from webapp.web.limits import configured
from webapp.web.transaction import errors_flashed, errors_to_form
from webapp.web.urls import external_url

bp = Blueprint("letters", __name__)

PREVIEW_WIDTH_PX = 900


def _kind_or_404(name: str) -> LetterKind:
    try:
        return LetterKind(name)
    except ValueError:
        abort(404)


def _letter_or_404(token: str) -> Letter:
    letter = services.get_letter(token) or abort(404)
    if letter.anonymised_at is not None:
        page = render_template("letters/wiped.html", case=letter.case)
        abort(Response(page, 410))
    return letter


def _composer_page(case: Case, start: services.Composer, form: LetterForm, status: int, **extra):
    templates = services.letter_templates(case, start.kind)
    languages = [(t.language, language_name(t.language)) for t in templates]
    return (
        render_template(
            "letters/compose.html",
            case=case,
            start=start,
            form=form,
            languages=languages,
            body_max=services.BODY_MAX_CHARS,
            **extra,
        ),
        status,
    )


@bp.route("/cases/<slug>/write/<kind>", methods=["GET", "POST"])
@limiter.limit(configured("LETTER_RATE_LIMIT"), methods=["POST"])
def compose(slug: str, kind: str):
    """The composer: the case's text in the chosen language, ready for the writer's words."""
    case = campaign_services.get_public_case(slug) or abort(404)
    letter_kind = _kind_or_404(kind)
    if letter_kind not in services.offered_kinds(case):
        abort(404)
    # The language the writer chose on the page, else the first they read with a text.
    asked = request.values.get("language")
    wanted = [asked] if asked else locales.reading_languages()
    start = services.composer(case, letter_kind, *wanted)
    form = LetterForm()
    form.offer_targets(case, letter_kind)
    if not form.is_submitted():
        form.language.data = start.language
        form.body.data = start.body
        return _composer_page(case, start, form, 200)
    if form.validate():
        with errors_to_form(form, field="body"):
            letter = services.write_letter(
                case,
                kind=letter_kind,
                language=start.language,
                target_id=form.target.data,
                writer_name=form.writer_name.data,
                writer_town=form.writer_town.data,
                writer_country=form.writer_country.data,
                paper=PaperSize(form.paper.data) if form.paper.data else None,
                body=form.body.data,
            )
            return redirect(url_for("letters.letter", token=letter.token), code=303)
    return _composer_page(case, start, form, 422)


@bp.route("/letters/<token>/edit", methods=["GET", "POST"])
def edit(token: str):
    """Change a letter before it is posted."""
    letter = _letter_or_404(token)
    start = services.composer(letter.case, letter.kind, letter.language)
    form = LetterForm(obj=letter if request.method == "GET" else None)
    form.offer_targets(letter.case, letter.kind)
    if not form.is_submitted():
        form.target.data = letter.target_id
        form.paper.data = letter.paper.value
        return _composer_page(letter.case, start, form, 200, letter=letter)
    if form.validate():
        with errors_to_form(form, field="body"):
            services.edit_letter(
                letter,
                target_id=form.target.data,
                writer_name=form.writer_name.data,
                writer_town=form.writer_town.data,
                writer_country=form.writer_country.data,
                paper=PaperSize(form.paper.data) if form.paper.data else None,
                body=form.body.data,
            )
            return redirect(url_for("letters.letter", token=letter.token), code=303)
    return _composer_page(letter.case, start, form, 422, letter=letter)


def _document(letter: Letter) -> LetterDocument:
    # Rendered on first use and kept: the request's commit keeps it, even on a GET.
    return services.letter_pdf(
        letter,
        page_url=external_url("letters.letter", token=letter.token),
        ui_language=locales.current(),
    )


@bp.get("/letters/<token>")
def letter(token: str):
    """The letter as it will print, with download, edit and "I posted it"."""
    letter = _letter_or_404(token)
    document = _document(letter)
    counts = services.letter_counts([letter.case_id])[letter.case_id]
    return render_template(
        "letters/letter.html",
        letter=letter,
        case=letter.case,
        page_count=document.page_count,
        counts=counts,
    )


@bp.get("/letters/<token>/page-<int:number>.png")
def page_image(token: str, number: int):
    """One page of the letter's PDF as an image, for the preview."""
    letter = _letter_or_404(token)
    document = _document(letter)
    if not 1 <= number <= document.page_count:
        abort(404)
    image = pdf.page_png(document.pdf, number - 1, width=PREVIEW_WIDTH_PX)
    response = Response(image, mimetype="image/png")
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/letters/<token>/letter.pdf")
def download(token: str):
    """The PDF to print. Taking it counts the letter as written."""
    letter = _letter_or_404(token)
    document = _document(letter)
    services.mark_printed(letter)
    filename = f"{letter.kind.value}-{letter.case.slug}.pdf"
    response = Response(document.pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.post("/letters/<token>/posted")
def posted(token: str):
    """The writer has posted the letter."""
    letter = _letter_or_404(token)
    with errors_flashed():
        services.mark_posted(letter)
        flash(
            _("Thank you for posting your letter. It now counts towards the campaign."), "success"
        )
    return redirect(url_for("letters.letter", token=token), code=303)


@bp.post("/letters/<token>/delete")
def delete_letter(token: str):
    """The writer deletes their letter; it still counts as written."""
    letter = _letter_or_404(token)
    case = letter.case
    services.erase_letter(letter)
    flash(_("Your letter is deleted. It still counts as written: thank you."), "success")
    if not case.is_public:
        return redirect(url_for("campaigns.home"), code=303)
    return redirect(url_for("campaigns.case_detail", slug=case.slug), code=303)
