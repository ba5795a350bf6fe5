"""The organiser's pages for case updates, under /admin/updates (behind the admin
blueprint's one access check): write a draft, translate it, preview it in each
language, publish it (and mark the case as good news), withdraw or remove it."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp.campaigns import services as campaign_services
from webapp.campaigns.photos import PhotoLimits
from webapp.content.forms import PhotoForm
from webapp.content.uploads import read_photo_form
from webapp.extensions import csrf
from webapp.models import CaseStatus, CaseUpdate
from webapp.updates import mailings, services
from webapp.updates.forms import MailingForm, PublishForm, UpdateForm, UpdateTextForm
from webapp.web.auth import current_user
from webapp.web.forms import ButtonForm, button_pressed_or_400, form_page_status
from webapp.web.transaction import errors_flashed, errors_to_form

bp = Blueprint("updates", __name__)


def _update_or_404(update_id: int) -> CaseUpdate:
    return services.get_update(update_id) or abort(404)


@bp.get("/")
def index():
    """Every update, drafts too, newest first, with the cases to write one for."""
    return render_template(
        "updates/admin_index.html",
        updates=services.all_updates(),
        cases=campaign_services.cases(),
    )


@bp.get("/new")
def new_for():
    """The index's "Write an update on" choice: on to that case's form (without a
    case chosen, the list again)."""
    case = campaign_services.get_case(request.args.get("case", 0, type=int))
    if case is None:
        return index()
    return redirect(url_for(".new", case_id=case.id), code=303)


@bp.route("/new/<int:case_id>", methods=["GET", "POST"])
def new(case_id: int):
    """Write a draft update on a case."""
    case = campaign_services.get_case(case_id) or abort(404)
    form = UpdateForm()
    if form.validate_on_submit():
        with errors_to_form(form):
            update = services.create_update(current_user(), case, form.values())
            flash(_("The draft is saved. Preview it, translate it, then publish it."), "success")
            return redirect(url_for(".edit", update_id=update.id), code=303)
    return render_template(
        "updates/admin_form.html", form=form, case=case, update=None
    ), form_page_status()


@bp.route("/<int:update_id>/edit", methods=["GET", "POST"])
def edit(update_id: int):
    """An update's page: its text, its translations, and publishing."""
    update = _update_or_404(update_id)
    form = UpdateForm(data=None if request.method == "POST" else UpdateForm.data_of(update))
    if request.method == "POST" and form.validate_on_submit():
        with errors_to_form(form):
            changed = services.edit_update(current_user(), update, form.values())
            flash(_("Saved.") if changed else _("Nothing had changed."), "success")
            return redirect(url_for(".edit", update_id=update.id), code=303)
    return _update_page(update, form)


def _update_page(
    update: CaseUpdate,
    form: UpdateForm,
    mailing_form: MailingForm | None = None,
    photo_form: PhotoForm | None = None,
):
    mailing = mailings.mailing_of(update)
    if mailing_form is None:
        mailing_form = MailingForm(
            formdata=None,
            data={
                "to_signers": mailing.to_signers if mailing else True,
                "to_letter_writers": mailing.to_letter_writers if mailing else True,
            },
        )
    return render_template(
        "updates/admin_form.html",
        form=form,
        case=update.case,
        update=update,
        publish_form=PublishForm(formdata=None),
        button_form=ButtonForm(formdata=None),
        mailing_form=mailing_form,
        mailing=mailing,
        mailing_progress=mailings.progress(mailing) if mailing else None,
        photo_form=photo_form or PhotoForm(formdata=None, data={"alt": update.photo_alt}),
    ), form_page_status()


@bp.get("/<int:update_id>/preview")
def preview(update_id: int):
    """The update as readers of one language will see it, drafts included."""
    update = _update_or_404(update_id)
    language = request.args.get("language") or update.language
    response = current_app.make_response(
        render_template(
            "updates/admin_preview.html",
            update=update,
            text=services.text_for(update, language),
            languages=[update.language, *(text.language for text in update.texts)],
        )
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.post("/<int:update_id>/publish")
def publish(update_id: int):
    """Publish the update; with the box ticked, the case becomes good news too."""
    update = _update_or_404(update_id)
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    with errors_flashed():
        status = CaseStatus.GOOD_NEWS if form.mark_good_news.data else None
        services.publish_update(current_user(), update, case_status=status)
        flash(_("The update is published."), "success")
    return redirect(url_for(".edit", update_id=update.id), code=303)


@bp.post("/<int:update_id>/withdraw")
def withdraw(update_id: int):
    """Take a published update back to draft."""
    update = _update_or_404(update_id)
    button_pressed_or_400()
    with errors_flashed():
        services.withdraw_update(current_user(), update)
        flash(_("The update is a draft again: no page or feed shows it."), "success")
    return redirect(url_for(".edit", update_id=update.id), code=303)


@bp.post("/<int:update_id>/remove")
def remove(update_id: int):
    """Remove a draft update."""
    update = _update_or_404(update_id)
    button_pressed_or_400()
    with errors_flashed():
        services.delete_update(current_user(), update)
        flash(_("The draft is removed."), "success")
        return redirect(url_for(".index"), code=303)
    return redirect(url_for(".edit", update_id=update_id), code=303)


@bp.route("/<int:update_id>/texts/new", methods=["GET", "POST"], defaults={"language": None})
@bp.route("/<int:update_id>/texts/<language>", methods=["GET", "POST"])
def text(update_id: int, language: str | None):
    """The update's title and text in another language."""
    update = _update_or_404(update_id)
    existing = next((t for t in update.texts if t.language == language), None)
    if language is not None and existing is None:
        abort(404)
    data = None
    if request.method == "GET" and existing is not None:
        data = {"language": existing.language, "title": existing.title, "body": existing.body}
    form = UpdateTextForm(data=data)
    if request.method == "POST" and form.validate_on_submit():
        with errors_to_form(form):
            if existing is not None and form.language.data != existing.language:
                services.remove_translation(current_user(), update, existing.language)
            services.save_translation(
                current_user(), update, form.language.data, form.title.data, form.body.data
            )
            flash(_("The translation is saved."), "success")
            return redirect(url_for(".edit", update_id=update.id), code=303)
    return render_template(
        "updates/admin_text_form.html", form=form, update=update, text=existing
    ), form_page_status()


@bp.post("/<int:update_id>/texts/<language>/remove")
def text_remove(update_id: int, language: str):
    """Take a translation away."""
    update = _update_or_404(update_id)
    button_pressed_or_400()
    with errors_flashed():
        services.remove_translation(current_user(), update, language)
        flash(_("The translation is removed."), "success")
    return redirect(url_for(".edit", update_id=update.id), code=303)


@bp.post("/<int:update_id>/mailing")
def mailing_prepare(update_id: int):
    """List and count whom the update would be emailed to; nothing is sent yet."""
    update = _update_or_404(update_id)
    form = MailingForm()
    if form.validate_on_submit():
        with errors_to_form(form):
            mailings.prepare_mailing(
                current_user(),
                update,
                to_signers=form.to_signers.data,
                to_letter_writers=form.to_letter_writers.data,
            )
            flash(
                _("The recipients are counted. Check the number, send yourself a test, then send."),
                "success",
            )
            return redirect(url_for(".edit", update_id=update.id) + "#mailing-title", code=303)
    data = UpdateForm.data_of(update)
    return _update_page(update, UpdateForm(formdata=None, data=data), mailing_form=form)


@bp.post("/<int:update_id>/mailing/test")
def mailing_test(update_id: int):
    """The email, to the organiser alone."""
    update = _update_or_404(update_id)
    button_pressed_or_400()
    with errors_flashed():
        mailings.send_test(current_user(), update)
        flash(_("A test is on its way to %(email)s.", email=current_user().email), "success")
    return redirect(url_for(".edit", update_id=update.id) + "#mailing-title", code=303)


@bp.post("/<int:update_id>/mailing/send")
def mailing_send(update_id: int):
    """Send the counted list, at the configured rate, in the background."""
    update = _update_or_404(update_id)
    button_pressed_or_400()
    mailing = mailings.mailing_of(update) or abort(404)
    with errors_flashed():
        mailings.start_mailing(current_user(), mailing)
        flash(_("Sending has started. This page shows how far it has got."), "success")
    return redirect(url_for(".edit", update_id=update.id) + "#mailing-title", code=303)


@csrf.exempt  # read_photo_form checks it, once the larger size limit for photos is in place
@bp.post("/<int:update_id>/photo")
def photo(update_id: int):
    """Upload (or replace) the update's photo, or change its description."""
    update = _update_or_404(update_id)
    limits = PhotoLimits.from_config()
    form, valid, too_large = read_photo_form(PhotoForm, limits, alt=update.photo_alt)
    if valid:
        upload = form.photo.data
        with errors_to_form(form):
            data = upload.read(limits.max_bytes + 1) if upload else None
            services.set_update_photo(current_user(), update, data, form.alt.data, limits)
            flash(_("The photo is saved.") if upload else _("The description is saved."), "success")
            return redirect(url_for(".edit", update_id=update.id, _anchor="photo"), code=303)
    data = UpdateForm.data_of(update)
    page, _status = _update_page(update, UpdateForm(formdata=None, data=data), photo_form=form)
    return page, 413 if too_large else 422


@bp.post("/<int:update_id>/photo/remove")
def photo_remove(update_id: int):
    """Take the update's photo down."""
    update = _update_or_404(update_id)
    button_pressed_or_400()
    with errors_flashed():
        services.remove_update_photo(current_user(), update)
        flash(_("The photo is removed."), "success")
    return redirect(url_for(".edit", update_id=update.id, _anchor="photo"), code=303)
