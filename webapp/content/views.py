"""The organiser's pages for issue areas, cases, targets, photos, petitions and letter
texts: parse a form, call the service of the feature that owns the table, answer.

The rules live in those features (webapp.campaigns, webapp.petitions, webapp.letters),
shared with the public pages. Every route is under /admin, behind its one access check
(webapp/admin/views.py); the request commits after the view (webapp.web.transaction).
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from webapp.campaigns import services as campaign_services
from webapp.campaigns import translations
from webapp.campaigns.photos import PhotoLimits, megabytes
from webapp.classrooms.forms import AGE_BAND_LABELS
from webapp.content.forms import (
    LANGUAGE_PATTERN,
    CaseForm,
    IssueAreaForm,
    LetterTextForm,
    PetitionForm,
    PhotoForm,
    TargetForm,
    TranslationLanguageForm,
    field_key,
    translation_form,
)
from webapp.content.uploads import read_photo_form
from webapp.domain import DomainError
from webapp.extensions import csrf, db
from webapp.letters import services as letter_services
from webapp.models import CaseStatus, IssueArea, LetterKind, PetitionStatus
from webapp.petitions import services as petition_services
from webapp.petitions.forms import SignatureForm
from webapp.web import locales
from webapp.web.auth import current_user
from webapp.web.forms import ButtonForm, button_pressed_or_400, form_page_status
from webapp.web.transaction import errors_flashed, errors_to_form

bp = Blueprint("content", __name__)


@bp.get("/")
def index():
    """What can be written here, with how many of each there are."""
    cases = campaign_services.cases()
    return render_template(
        "content/index.html",
        cases=cases,
        drafts=[case for case in cases if case.status is CaseStatus.DRAFT],
        issue_areas=campaign_services.issue_areas(),
        petitions=petition_services.petitions(),
    )


# Issue areas.


@bp.get("/issue-areas")
def issue_areas():
    """Every issue area, in the order of the home page."""
    return render_template("content/issue_areas.html", issue_areas=campaign_services.issue_areas())


@bp.route("/issue-areas/new", methods=["GET", "POST"])
def issue_area_new():
    """Add an issue area."""
    form = IssueAreaForm()
    if form.validate_on_submit():
        with errors_to_form(form):
            area = campaign_services.create_issue_area(current_user(), form.values())
            flash(_("“%(name)s” is added.", name=area.name), "success")
            return redirect(url_for(".issue_areas"), code=303)
    return render_template("content/issue_area_form.html", form=form, area=None), form_page_status()


@bp.route("/issue-areas/<int:area_id>/edit", methods=["GET", "POST"])
def issue_area_edit(area_id: int):
    """Change an issue area."""
    area = db.session.get(IssueArea, area_id) or abort(404)
    form = IssueAreaForm(data=None if request.method == "POST" else IssueAreaForm.data_of(area))
    if form.validate_on_submit():
        with errors_to_form(form):
            campaign_services.update_issue_area(current_user(), area, form.values())
            flash(_("“%(name)s” is saved.", name=area.name), "success")
            return redirect(url_for(".issue_areas"), code=303)
    return render_template("content/issue_area_form.html", form=form, area=area), form_page_status()


# Cases.


@bp.get("/cases")
def cases():
    """Every case, drafts first."""
    return render_template("content/cases.html", cases=campaign_services.cases())


@bp.route("/cases/new", methods=["GET", "POST"])
def case_new():
    """Write a new case; it starts as a draft unless published at once."""
    form = CaseForm(issue_areas=campaign_services.issue_areas())
    if form.validate_on_submit():
        with errors_to_form(form):
            case = campaign_services.create_case(current_user(), form.values(), form.status_value())
            flash(
                _(
                    "“%(name)s” is saved. Add a photo, targets and letter texts below.",
                    name=case.name,
                ),
                "success",
            )
            return redirect(url_for(".case_edit", case_id=case.id), code=303)
    return render_template("content/case_new.html", form=form), form_page_status()


def _case_page(case, *, form=None, photo_form=None, status: int = 200):
    """The case's editing page: its form, photo, targets, letter texts and petitions.

    Forms not given are built without the request's data (formdata=None): after a
    refused upload the request's body must not be read again."""
    if form is None:
        form = CaseForm(
            formdata=None,
            data=CaseForm.data_of(case),
            issue_areas=campaign_services.issue_areas(),
            min_age=case.classroom_min_age,
        )
    if photo_form is None:
        photo_form = PhotoForm(formdata=None, data={"alt": case.photo_alt})
    return render_template(
        "content/case_edit.html",
        case=case,
        form=form,
        photo_form=photo_form,
        button_form=ButtonForm(formdata=None),
        letter_texts=letter_services.letter_texts(case),
        age_labels=AGE_BAND_LABELS,
        photo_max=megabytes(PhotoLimits.from_config().max_bytes),
    ), status


@bp.route("/cases/<int:case_id>/edit", methods=["GET", "POST"])
def case_edit(case_id: int):
    """Change a case's text and settings (its status too)."""
    case = campaign_services.get_case(case_id) or abort(404)
    if request.method == "GET":
        return _case_page(case)
    form = CaseForm(issue_areas=campaign_services.issue_areas(), min_age=case.classroom_min_age)
    if form.validate_on_submit():
        with errors_to_form(form):
            changed = campaign_services.update_case(
                current_user(), case, form.values(), form.status_value()
            )
            flash(_("Saved.") if changed else _("Nothing had changed."), "success")
            return redirect(url_for(".case_edit", case_id=case.id), code=303)
    return _case_page(case, form=form, status=422)


@bp.get("/cases/<int:case_id>/preview")
def case_preview(case_id: int):
    """The public case page as it will look, drafts included; marked as a preview."""
    case = campaign_services.get_case(case_id) or abort(404)
    petition = campaign_services.visible_petition(case) or next(
        (p for p in reversed(case.petitions) if p.status is PetitionStatus.DRAFT), None
    )
    # ?lang=fr: the page as a reader in that language sees it (issue 20), in its
    # interface too where the interface speaks it.
    language = _language_or_404(request.args.get("lang") or locales.current())
    interface = language if language in locales.SUPPORTED_LOCALES else locales.current()
    with force_locale(interface):
        page = render_template(
            "content/preview.html",
            case=translations.localised(case, language),
            petition=translations.localised(petition, language),
            count=petition_services.signature_count(petition) if petition else 0,
            form=SignatureForm(formdata=None),
            # The letters it will offer once published (a draft offers none yet).
            letter_kinds=[
                kind.value for kind in LetterKind if letter_services.letter_templates(case, kind)
            ],
            letters=letter_services.letter_counts([case.id])[case.id],
            preview=True,
        )
    response = current_app.make_response(page)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _set_status(case_id: int, change, done: str):
    """A button on the case's page: one change, flashed as done or refused."""
    case = campaign_services.get_case(case_id) or abort(404)
    button_pressed_or_400()
    with errors_flashed():
        change(current_user(), case)
        flash(done, "success")
    return redirect(url_for(".case_edit", case_id=case_id), code=303)


@bp.post("/cases/<int:case_id>/publish")
def case_publish(case_id: int):
    """Make the case public."""
    return _set_status(case_id, campaign_services.publish_case, _("The case is published."))


@bp.post("/cases/<int:case_id>/close")
def case_close(case_id: int):
    """Close the case: its page stays, new letters stop."""
    return _set_status(case_id, campaign_services.close_case, _("The case is closed."))


@csrf.exempt  # checked below, once the larger size limit for photos is in place
@bp.post("/cases/<int:case_id>/photo")
def case_photo(case_id: int):
    """Upload (or replace) the case's photo, or change its description."""
    limits = PhotoLimits.from_config()
    case = campaign_services.get_case(case_id) or abort(404)
    form, valid, too_large = read_photo_form(PhotoForm, limits, alt=case.photo_alt)
    if too_large:
        return _case_page(case, photo_form=form, status=413)
    if valid:
        upload = form.photo.data
        with errors_to_form(form):
            if upload:
                campaign_services.set_case_photo(
                    current_user(), case, upload.read(limits.max_bytes + 1), form.alt.data, limits
                )
            else:
                campaign_services.set_photo_alt(current_user(), case, form.alt.data)
            flash(_("The photo is saved.") if upload else _("The description is saved."), "success")
            return redirect(url_for(".case_edit", case_id=case.id, _anchor="photo"), code=303)
    return _case_page(case, photo_form=form, status=422)


@bp.post("/cases/<int:case_id>/photo/remove")
def case_photo_remove(case_id: int):
    """Take the case's photo down."""
    return _set_status(case_id, campaign_services.remove_case_photo, _("The photo is removed."))


# Targets.


@bp.route("/cases/<int:case_id>/targets/new", methods=["GET", "POST"])
def target_new(case_id: int):
    """Add someone the case asks letters of."""
    case = campaign_services.get_case(case_id) or abort(404)
    form = TargetForm()
    if form.validate_on_submit():
        with errors_to_form(form):
            target = campaign_services.add_target(current_user(), case, form.values())
            flash(_("%(name)s is added.", name=target.name), "success")
            return redirect(url_for(".case_edit", case_id=case.id, _anchor="targets"), code=303)
    return render_template(
        "content/target_form.html", form=form, case=case, target=None
    ), form_page_status()


@bp.route("/targets/<int:target_id>/edit", methods=["GET", "POST"])
def target_edit(target_id: int):
    """Change a target's details."""
    target = campaign_services.get_target(target_id) or abort(404)
    form = TargetForm(data=None if request.method == "POST" else TargetForm.data_of(target))
    if form.validate_on_submit():
        with errors_to_form(form):
            campaign_services.update_target(current_user(), target, form.values())
            flash(_("%(name)s is saved.", name=target.name), "success")
            return redirect(
                url_for(".case_edit", case_id=target.case_id, _anchor="targets"), code=303
            )
    return render_template(
        "content/target_form.html", form=form, case=target.case, target=target
    ), form_page_status()


@bp.post("/targets/<int:target_id>/remove")
def target_remove(target_id: int):
    """Remove a target no petition or letter is addressed to."""
    target = campaign_services.get_target(target_id) or abort(404)
    button_pressed_or_400()
    case_id, name = target.case_id, target.name
    with errors_flashed():
        campaign_services.remove_target(current_user(), target)
        flash(_("%(name)s is removed.", name=name), "success")
    return redirect(url_for(".case_edit", case_id=case_id, _anchor="targets"), code=303)


# Petitions.


def _petition_form(**kwargs) -> PetitionForm:
    return PetitionForm(
        cases=campaign_services.cases(), targets=campaign_services.target_choices(), **kwargs
    )


@bp.get("/petitions")
def petitions():
    """Every petition, drafts first."""
    return render_template("content/petitions.html", petitions=petition_services.petitions())


@bp.route("/petitions/new", methods=["GET", "POST"])
def petition_new():
    """Write a petition (for a case, if ?case= names one)."""
    data = None if request.method == "POST" else {"case_id": request.args.get("case", "")}
    form = _petition_form(data=data)
    if form.validate_on_submit():
        with errors_to_form(form):
            petition = petition_services.create_petition(
                current_user(), form.values(), form.status_value()
            )
            flash(_("“%(title)s” is saved.", title=petition.title), "success")
            return redirect(url_for(".petitions"), code=303)
    return render_template(
        "content/petition_form.html", form=form, petition=None
    ), form_page_status()


@bp.route("/petitions/<int:petition_id>/edit", methods=["GET", "POST"])
def petition_edit(petition_id: int):
    """Change a petition, open or close it."""
    petition = petition_services.get_petition(petition_id) or abort(404)
    data = None if request.method == "POST" else PetitionForm.data_of(petition)
    form = _petition_form(data=data)
    if form.validate_on_submit():
        with errors_to_form(form):
            petition_services.update_petition(
                current_user(), petition, form.values(), form.status_value()
            )
            flash(_("“%(title)s” is saved.", title=petition.title), "success")
            return redirect(url_for(".petitions"), code=303)
    return render_template(
        "content/petition_form.html", form=form, petition=petition
    ), form_page_status()


# Letter texts.


@bp.route("/cases/<int:case_id>/letters/new", methods=["GET", "POST"])
def letter_text_new(case_id: int):
    """Add a case's letter text in one kind and language."""
    case = campaign_services.get_case(case_id) or abort(404)
    form = LetterTextForm()
    if form.validate_on_submit():
        with errors_to_form(form):
            template = letter_services.create_letter_text(current_user(), case, form.values())
            flash(_("The letter text is saved."), "success")
            return redirect(url_for(".letter_text_edit", template_id=template.id), code=303)
    return render_template(
        "content/letter_text_form.html", form=form, case=case, template=None, reads=None
    ), form_page_status()


@bp.route("/letters/<int:template_id>/edit", methods=["GET", "POST"])
def letter_text_edit(template_id: int):
    """Change a letter text; the page shows how the saved text reads to writers."""
    template = letter_services.get_letter_text(template_id) or abort(404)
    data = None if request.method == "POST" else LetterTextForm.data_of(template)
    form = LetterTextForm(data=data)
    if form.validate_on_submit():
        with errors_to_form(form):
            letter_services.update_letter_text(current_user(), template, form.values())
            flash(_("The letter text is saved."), "success")
            return redirect(url_for(".letter_text_edit", template_id=template.id), code=303)
    return render_template(
        "content/letter_text_form.html",
        form=form,
        case=template.case,
        template=template,
        reads=letter_services.rendered_letter_text(template),
        age_labels=AGE_BAND_LABELS,
    ), form_page_status()


# Translations (issue 20) ---------------------------------------------------------------


def _language_or_404(language: str) -> str:
    """A language code from the address (a translation's, a preview's), or 404."""
    if len(language) > 16 or not re.fullmatch(LANGUAGE_PATTERN, language):
        abort(404)
    return language


def _translation_language_or_404(subject, language: str) -> str:
    """A language the subject can be translated into: not its original's."""
    if _language_or_404(language) == translations.original_language(subject):
        abort(404)
    return language


def _translations_overview(
    subject, subjects, *, template: str, here: str, url_values: dict, **context
):
    """The languages a case or issue area is translated into, with their state, and a
    form to open another language."""
    form = TranslationLanguageForm()
    if form.validate_on_submit():
        language = form.language.data
        if language == translations.original_language(subject):
            form.language.errors.append(
                _("That is the language of the original: edit the original instead.")
            )
        else:
            return redirect(url_for(here, language=language, **url_values), code=303)
    return render_template(
        template,
        form=form,
        states=translations.summed_states(subjects),
        original_language=translations.original_language(subject),
        **context,
    ), form_page_status()


def _translation_page(
    subject, subjects, language: str, *, template: str, here: str, url_values: dict, **context
):
    """Every text of a case (with its petitions and targets) or of an issue area in one
    language, each beside its original; saving keeps what changed, audited."""
    fields = {
        field_key(prefix, item.field): item
        for prefix, one in subjects
        for item in translations.fields_in(one, language)
    }
    if request.method == "GET":
        form = translation_form(
            subjects, formdata=None, data={key: item.text for key, item in fields.items()}
        )
    else:
        form = translation_form(subjects)
        if form.validate_on_submit():
            actor = current_user()
            changed = []
            with errors_to_form(form):
                for prefix, one in subjects:
                    texts = {
                        field: form[field_key(prefix, field)].data or ""
                        for field in type(one).TRANSLATED
                        if field_key(prefix, field) in form
                    }
                    try:
                        changed += translations.save_translation(actor, one, language, texts)
                    except DomainError as error:
                        # The service names its own field; the form holds every item's.
                        field = error.field and field_key(prefix, error.field)
                        raise DomainError(str(error), field) from error
                flash(_("Saved.") if changed else _("Nothing had changed."), "success")
                return redirect(url_for(here, language=language, **url_values), code=303)
    return render_template(
        template,
        form=form,
        language=language,
        original_language=translations.original_language(subject),
        groups=[
            (
                prefix,
                one,
                [
                    (form[field_key(prefix, item.field)], item)
                    for item in translations.fields_in(one, language)
                    if field_key(prefix, item.field) in form
                ],
            )
            for prefix, one in subjects
        ],
        **context,
    ), form_page_status() if request.method == "POST" else 200


@bp.route("/cases/<int:case_id>/translations", methods=["GET", "POST"])
def case_translations(case_id: int):
    """The languages a case's page is translated into, complete, partial or out of date."""
    case = campaign_services.get_case(case_id) or abort(404)
    return _translations_overview(
        case,
        translations.case_subjects(case),
        template="content/translations.html",
        here=".case_translation",
        url_values={"case_id": case.id},
        case=case,
    )


@bp.route("/cases/<int:case_id>/translations/<language>", methods=["GET", "POST"])
def case_translation(case_id: int, language: str):
    """A case, its petitions and its targets in one language, beside the original."""
    case = campaign_services.get_case(case_id) or abort(404)
    language = _translation_language_or_404(case, language)
    return _translation_page(
        case,
        translations.case_subjects(case),
        language,
        template="content/translation_form.html",
        here=".case_translation",
        url_values={"case_id": case.id},
        case=case,
    )


@bp.route("/issue-areas/<int:area_id>/translations", methods=["GET", "POST"])
def issue_area_translations(area_id: int):
    """The languages an issue area is translated into."""
    area = db.session.get(IssueArea, area_id) or abort(404)
    return _translations_overview(
        area,
        [("area", area)],
        template="content/translations.html",
        here=".issue_area_translation",
        url_values={"area_id": area.id},
        area=area,
    )


@bp.route("/issue-areas/<int:area_id>/translations/<language>", methods=["GET", "POST"])
def issue_area_translation(area_id: int, language: str):
    """An issue area's name, summary and facts in one language, beside the original."""
    area = db.session.get(IssueArea, area_id) or abort(404)
    language = _translation_language_or_404(area, language)
    return _translation_page(
        area,
        [("area", area)],
        language,
        template="content/translation_form.html",
        here=".issue_area_translation",
        url_values={"area_id": area.id},
        area=area,
    )
