"""Views for writing a letter, previewing it, downloading its PDF and saying it is posted."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from webapp.campaigns import services as campaign_services
from webapp.campaigns.translations import localised
from webapp.extensions import client, limiter
from webapp.letters import services
from webapp.letters.forms import LetterForm, LetterLinkForm
from webapp.models import Case, Letter, LetterDocument, LetterKind, PaperSize
from webapp.printing import pdf
from webapp.utils.languages import language_name
from webapp.web import locales
from webapp.web.limits import configured, take_all
from webapp.web.transaction import errors_flashed, errors_to_form, writes_when_read
from webapp.web.urls import external_url

bp = Blueprint("letters", __name__)

PREVIEW_WIDTH_PX = 900
# Page previews kept in this process, by the PDF's hash: a repeat costs nothing. About
# 100 KB each, so a few MB at most.
PREVIEW_CACHE_ENTRIES = 64

_previews: OrderedDict[tuple[str, int], bytes] = OrderedDict()
_previews_lock = threading.Lock()


def _render_allowed(token: str) -> Response | None:
    """Charge one render (0.1-0.6 s of a WeasyPrint render or a rasterised page) to the
    letter and to the client; a 429 page if either has had its share for now."""
    wait = take_all(
        ("LETTER_RENDER_LIMIT", f"letter:{hashlib.sha256(token.encode()).hexdigest()[:32]}"),
        ("LETTER_RENDER_CLIENT_LIMIT", client()),
    )
    if wait is None:
        return None
    page = render_template(
        "errors/error.html",
        status=429,
        title=_("Too many attempts"),
        message=_(
            "This letter has been changed or previewed many times in a short while. "
            "Please wait a few minutes and try again: nothing you wrote is lost."
        ),
    )
    return Response(page, 429, {"Retry-After": str(wait)})


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


def _composer_page(
    case: Case,
    start: services.Composer,
    form: LetterForm,
    status: int,
    recipients: list[services.Recipient],
    **extra,
):
    templates = services.letter_templates(case, start.kind)
    languages = [(t.language, language_name(t.language)) for t in templates]
    return (
        render_template(
            "letters/compose.html",
            case=localised(case),
            start=start,
            form=form,
            languages=languages,
            body_max=services.BODY_MAX_CHARS,
            recipients=recipients,
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
    # Plain values, read before any service call: a refusal rolls the session back.
    recipients = services.recipients(case, start)
    form = LetterForm()
    form.offer_targets(case, letter_kind)
    form.ask_for_signature(case, letter_kind)
    if not form.is_submitted():
        form.language.data = start.language
        form.body.data = start.body
        # ?target= from "Write to …" on the thank-you page: that person, if listed.
        form.preselect_target(request.args.get("target", type=int))
        return _composer_page(case, start, form, 200, recipients)
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
    return _composer_page(case, start, form, 422, recipients)


@bp.route("/letters/<token>/edit", methods=["GET", "POST"])
def edit(token: str):
    """Change a letter before it is posted."""
    letter = _letter_or_404(token)
    start = services.composer(letter.case, letter.kind, letter.language)
    recipients = services.recipients(letter.case, start)
    form = LetterForm(obj=letter if request.method == "GET" else None)
    form.offer_targets(letter.case, letter.kind)
    form.ask_for_signature(letter.case, letter.kind)
    if not form.is_submitted():
        form.target.data = letter.target_id
        form.paper.data = letter.paper.value
        return _composer_page(letter.case, start, form, 200, recipients, letter=letter)
    if form.validate():
        # An edit drops the stored PDF: the next look renders it again.
        if (refused := _render_allowed(token)) is not None:
            return refused
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
    return _composer_page(letter.case, start, form, 422, recipients, letter=letter)


def _document(letter: Letter) -> LetterDocument:
    """The letter's stored PDF; a page saying why if it cannot be printed (409)."""
    try:
        # Rendered on first use and kept: the request's commit keeps it, even on a GET.
        return services.letter_pdf(
            letter,
            page_url=external_url("letters.letter", token=letter.token),
            ui_language=locales.current(),
        )
    except services.AddressError as error:
        page = render_template(
            "errors/error.html", status=409, title=_("Not printable yet"), message=str(error)
        )
        abort(Response(page, 409))


def _letter_page(letter: Letter, link_form: LetterLinkForm, status: int = 200):
    counts = services.letter_counts([letter.case_id])[letter.case_id]
    link_form.about(letter.case)
    try:
        document = services.letter_pdf(
            letter,
            page_url=external_url("letters.letter", token=letter.token),
            ui_language=locales.current(),
        )
    except services.AddressError as error:
        # The writer's words are safe: the page says why it cannot print, and offers edit.
        document = None
        not_printable = str(error)
    else:
        not_printable = ""
    return render_template(
        "letters/letter.html",
        letter=letter,
        case=localised(letter.case),
        page_count=document.page_count if document else 0,
        not_printable=not_printable,
        counts=counts,
        link_form=link_form,
    ), status


@bp.get("/letters/<token>")
@writes_when_read  # renders and keeps the letter's PDF
def letter(token: str):
    """The letter as it will print, with download, edit, "I posted it" and "Email me
    this link"."""
    letter = _letter_or_404(token)
    return _letter_page(letter, LetterLinkForm(formdata=None))


@bp.post("/letters/<token>/email-link")
def email_link(token: str):
    """Email the writer this letter's private link (issue 15, item 7): a phone user who
    closes the tab can still come back to say they posted it. Limited per letter and
    per client; the letter keeps the address only as long as its own text."""
    letter = _letter_or_404(token)
    form = LetterLinkForm()
    if not form.validate_on_submit():
        return _letter_page(letter, form, 422)
    wait = take_all(
        (
            "LETTER_LINK_EMAIL_LIMIT",
            f"letter-link:{hashlib.sha256(token.encode()).hexdigest()[:32]}",
        ),
        ("LETTER_LINK_EMAIL_CLIENT_LIMIT", client()),
    )
    if wait is not None:
        form.email.errors = [
            *form.email.errors,
            _(
                "We have sent this letter's link several times already. Please look for "
                "it in your inbox (and spam folder), or try again later."
            ),
        ]
        return _letter_page(letter, form, 429)
    with errors_to_form(form, field="email"):
        services.email_link(
            letter,
            form.email.data,
            letter_url=external_url("letters.letter", token=letter.token),
            wants_updates=form.wants_updates.data,
            wants_reminder=form.wants_reminder.data,
            locale=locales.current(),
        )
        flash(
            _(
                "We have sent the link to %(email)s. If it does not arrive in a few minutes, "
                "look in your spam folder.",
                email=form.email.data,
            ),
            "success",
        )
        return redirect(url_for("letters.letter", token=token, _anchor="email-link"), code=303)
    return _letter_page(letter, form, 422)


@bp.get("/letters/<token>/before-you-post")
def instructions(token: str):
    """How to sign, fold, address and post the letter: a page to read while doing it."""
    letter = _letter_or_404(token)
    section = services.instructions_section(
        letter,
        page_url=external_url("letters.letter", token=letter.token),
        ui_language=locales.current(),
    )
    return render_template(
        "letters/instructions.html",
        letter=letter,
        case=letter.case,
        # Rendered by the letters' own autoescaping environment (webapp.printing.pdf).
        section=Markup(section),  # noqa: S704
        title=services.instructions_title(letter),
    )


@bp.get("/letters/<token>/before-you-post.pdf")
def instructions_download(token: str):
    """The same instructions as a PDF, to print and keep: never posted with the letter."""
    letter = _letter_or_404(token)
    if (refused := _render_allowed(token)) is not None:
        return refused
    content = services.instructions_pdf(
        letter,
        page_url=external_url("letters.letter", token=letter.token),
        ui_language=locales.current(),
    )
    response = Response(content, mimetype="application/pdf")
    filename = f"before-you-post-{letter.case.slug}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/letters/<token>/page-<int:number>.png")
@writes_when_read  # renders and keeps the letter's PDF
def page_image(token: str, number: int):
    """One page of the letter's PDF as an image, for the preview."""
    letter = _letter_or_404(token)
    document = _document(letter)
    if not 1 <= number <= document.page_count:
        abort(404)
    version = hashlib.sha256(document.pdf).hexdigest()
    key = (version, number)
    with _previews_lock:
        image = _previews.get(key)
        if image is not None:
            _previews.move_to_end(key)
    if image is None:
        # The browser's own copy is still good: nothing to rasterise or send.
        if version[:32] + f"-{number}" in request.if_none_match:
            return _preview_response(b"", version, number, status=304)
        if (refused := _render_allowed(token)) is not None:
            return refused
        image = pdf.page_png(document.pdf, number - 1, width=PREVIEW_WIDTH_PX)
        with _previews_lock:
            _previews[key] = image
            while len(_previews) > PREVIEW_CACHE_ENTRIES:
                _previews.popitem(last=False)
    return _preview_response(image, version, number).make_conditional(request)


def _preview_response(image: bytes, version: str, number: int, status: int = 200) -> Response:
    response = Response(image, status, mimetype="image/png")
    response.headers["Cache-Control"] = "private, no-cache"
    # The PDF's hash: the browser asks again with it, and an unchanged letter costs nothing.
    response.set_etag(f"{version[:32]}-{number}")
    return response


@bp.get("/letters/<token>/letter.pdf")
@writes_when_read  # renders and keeps the PDF, and counts the letter as printed
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


@bp.get("/letters/<token>/delete")
def confirm_delete(token: str):
    """Ask first: "Delete this letter?", with Delete and Keep it. A page of its own, so it
    works without JavaScript, and a tap by mistake deletes nothing (issue 15, item 7)."""
    letter = _letter_or_404(token)
    return render_template("letters/delete.html", letter=letter, case=letter.case)


@bp.post("/letters/<token>/delete")
def delete_letter(token: str):
    """The writer deletes their letter (after confirming); it still counts as written."""
    letter = _letter_or_404(token)
    case = letter.case
    services.erase_letter(letter)
    flash(_("Your letter is deleted. It still counts as written: thank you."), "success")
    if not case.is_public:
        return redirect(url_for("campaigns.home"), code=303)
    return redirect(url_for("campaigns.case_detail", slug=case.slug), code=303)
