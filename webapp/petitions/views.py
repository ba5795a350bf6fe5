"""Views for signing a petition and confirming the signature."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for

# Module imports, not names: campaigns and petitions use each other, so either may be
# part-way through loading when the other loads.
from webapp.campaigns import services as campaign_services
from webapp.campaigns import views as campaign_views
from webapp.extensions import limiter
from webapp.petitions import services
from webapp.petitions.forms import ConfirmForm, SignatureForm
from webapp.privacy.clients import client_hash
from webapp.web import pagecache
from webapp.web.limits import configured, proof_of_work_solved

bp = Blueprint("petitions", __name__)


def _petition_or_404(slug: str):
    return services.get_public_petition(slug) or abort(404)


def _render_petition(petition, form: SignatureForm, status: int = 200):
    """The petition with its form: on its case page when it has one."""
    case = campaign_services.get_public_case(petition.case.slug) if petition.case else None
    if case is not None:
        return campaign_views.render_case(case, petition, form, status)
    count = services.signature_count(petition)
    return render_template(
        "petitions/detail.html", petition=petition, count=count, form=form
    ), status


@bp.get("/petitions/<slug>")
def detail(slug: str):
    """A petition's page; petitions of a case live on the case page."""
    petition = _petition_or_404(slug)
    if petition.case is not None and petition.case.is_public:
        return redirect(url_for("campaigns.case_detail", slug=petition.case.slug, _anchor="sign"))

    def render():
        form = SignatureForm()
        return _render_petition(petition, form)[0], form

    # Shared between anonymous visitors for a few seconds, like a case page.
    return pagecache.serve(("petition", slug), render)


@bp.post("/petitions/<slug>/sign")
@limiter.limit(configured("SIGN_RATE_LIMIT"))
@limiter.limit(
    configured("SIGN_UNPROVEN_RATE_LIMIT"), exempt_when=proof_of_work_solved, scope="unproven"
)
def sign(slug: str):
    """Take a signature; the answer is the same whether or not the address signed before."""
    petition = _petition_or_404(slug)
    form = SignatureForm()
    if not form.validate_on_submit():
        return _render_petition(petition, form, status=422)
    try:
        services.sign_petition(
            petition,
            full_name=form.full_name.data,
            email=form.email.data,
            country=form.country.data,
            opt_in=form.opt_in.data,
            consent_version=form.consent.version,
            client_hash=client_hash(),
        )
    except services.PetitionClosedError as error:
        # A conflict, not a form error: the page says so above the form (and the 409
        # leaves nothing written, webapp.web.transaction).
        flash(str(error), "error")
        return _render_petition(petition, form, status=409)
    return redirect(url_for("petitions.check_email", slug=slug), code=303)


@bp.get("/petitions/<slug>/check-your-email")
def check_email(slug: str):
    """Tell the signer to look for the confirmation email."""
    petition = _petition_or_404(slug)
    return render_template("petitions/check_email.html", petition=petition)


@bp.get("/confirm/<token>")
def confirm(token: str):
    """Show the Confirm button. Fetching this page changes nothing, on purpose:
    mail scanners and link previews open links without a person behind them."""
    try:
        signature = services.signature_for_token(token)
    except services.PetitionError as error:
        return render_template("petitions/confirm_failed.html", message=str(error)), 404
    return render_template(
        "petitions/confirm.html",
        signature=signature,
        petition=signature.petition,
        form=ConfirmForm(),
    )


@bp.post("/confirm/<token>")
def confirm_submit(token: str):
    """Confirm the signature: only a person pressing the button gets here."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        signature = services.confirm_signature(token)
    except services.PetitionError as error:
        # Its own page and status, not a form error: the hook rolls back any answer >= 400.
        status = 409 if isinstance(error, services.PetitionClosedError) else 404
        return render_template("petitions/confirm_failed.html", message=str(error)), status
    return redirect(url_for("petitions.thanks", slug=signature.petition.slug), code=303)


@bp.get("/petitions/<slug>/thank-you")
def thanks(slug: str):
    """The new count and what to do next."""
    petition = _petition_or_404(slug)
    return render_template(
        "petitions/thanks.html", petition=petition, count=services.signature_count(petition)
    )
