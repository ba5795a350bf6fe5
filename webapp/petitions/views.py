"""Views for signing a petition and confirming the signature."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _

# Module imports, not names: campaigns and petitions use each other, so either may be
# part-way through loading when the other loads.
from webapp.campaigns import services as campaign_services
from webapp.campaigns import views as campaign_views
from webapp.campaigns.translations import localised
from webapp.extensions import client, limiter
from webapp.letters import services as letter_services
from webapp.models import LetterKind
from webapp.petitions import services
from webapp.petitions.forms import ConfirmForm, SendAgainForm, SignatureForm
from webapp.privacy.clients import client_hash
from webapp.utils import sharing
from webapp.web import locales, pagecache
from webapp.web.limits import configured, enforce, proof_of_work_solved, take
from webapp.web.urls import external_url

bp = Blueprint("petitions", __name__)

# The browser's last signing: the petition, the name and the address, in its session
# (signed by SECRET_KEY), for the check-your-email page, "Send it again" and "Wrong
# address? Sign again"; never in an address bar, a log or a shared cache (issue 15, item 3).
SIGNER_KEY = "signed"


def _remember_signer(slug: str, full_name: str, email: str) -> None:
    session[SIGNER_KEY] = {"slug": slug, "name": full_name, "email": email}


def _signer(slug: str) -> dict | None:
    signer = session.get(SIGNER_KEY)
    if isinstance(signer, dict) and signer.get("slug") == slug:
        return signer
    return None


def _private(page: str, status: int = 200) -> Response:
    """A page made for this browser alone: kept by no cache, shared or its own."""
    response = Response(page, status)
    response.headers["Cache-Control"] = "private, no-store"
    response.vary.add("Cookie")
    return response


def _petition_or_404(slug: str):
    return services.get_public_petition(slug) or abort(404)


def _render_petition(petition, form: SignatureForm, status: int = 200):
    """The petition with its form: on its case page when it has one."""
    case = campaign_services.get_public_case(petition.case.slug) if petition.case else None
    if case is not None:
        return campaign_views.render_case(case, petition, form, status)
    count = services.signature_count(petition)
    return render_template(
        "petitions/detail.html", petition=localised(petition), count=count, form=form
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
def sign(slug: str):
    """Take a signature; the answer is the same whether or not the address signed before."""
    # Every send from this client, and sends without a solved proof of work: charged in
    # one round trip to the limit store (issue 19), before anything else is read.
    unproven = () if proof_of_work_solved() else (("SIGN_UNPROVEN_RATE_LIMIT", client()),)
    enforce(("SIGN_RATE_LIMIT", client()), *unproven)
    # The few fields a signing needs, kept a few seconds; the whole petition only when
    # the page must be shown again (issue 19).
    petition = services.petition_for_signing(slug) or abort(404)
    form = SignatureForm()
    if not form.validate_on_submit():
        return _render_petition(_petition_or_404(slug), form, status=422)
    if form.check_email_typo():
        # "Did you mean …@gmail.com?": nothing is stored until the person chooses.
        page, status = _render_petition(_petition_or_404(slug), form)
        return _private(page, status)
    try:
        services.sign_petition(
            petition,
            full_name=form.full_name.data,
            email=form.email.data,
            country=form.country.data,
            opt_in=form.opt_in.data,
            consent_version=form.consent.version,
            client_hash=client_hash(),
            language=locales.current(),
        )
    except services.PetitionClosedError as error:
        # A conflict, not a form error: the page says so above the form (and the 409
        # leaves nothing written, webapp.web.transaction).
        flash(str(error), "error")
        return _render_petition(_petition_or_404(slug), form, status=409)
    _remember_signer(slug, form.full_name.data, form.email.data)
    return redirect(url_for("petitions.check_email", slug=slug), code=303)


@bp.get("/petitions/<slug>/check-your-email")
def check_email(slug: str):
    """Tell the signer to look for the confirmation email, and where it went. The page
    is the same whether the address was new, pending or confirmed: it shows only what
    this browser typed."""
    petition = _petition_or_404(slug)
    signer = _signer(slug)
    page = render_template(
        "petitions/check_email.html",
        petition=localised(petition),
        email=signer["email"] if signer else None,
        form=SendAgainForm(),
    )
    return _private(page)


@bp.post("/petitions/<slug>/send-again")
@limiter.limit(configured("SIGN_RESEND_CLIENT_LIMIT"))
def send_again(slug: str):
    """ "Send it again": the same answer whatever the address's state, and whether or
    not a limit held the email back (see services.resend_confirmation)."""
    petition = _petition_or_404(slug)
    if not SendAgainForm().validate_on_submit():
        abort(400)
    signer = _signer(slug)
    if signer is not None:
        key = hashlib.sha256(services.canonical_email(signer["email"]).encode()).hexdigest()
        if take("SIGN_RESEND_ADDRESS_LIMIT", f"resend:{key[:32]}") is None:
            services.resend_confirmation(petition, signer["email"])
        flash(
            _(
                "We have asked for the email to be sent again to %(email)s. It can take a few "
                "minutes to arrive: look in your spam folder too.",
                email=signer["email"],
            ),
            "success",
        )
    return redirect(url_for("petitions.check_email", slug=slug), code=303)


@bp.get("/petitions/<slug>/sign-again")
def sign_again(slug: str):
    """ "Wrong address? Sign again": the form, with the name kept and the address empty."""
    petition = _petition_or_404(slug)
    form = SignatureForm()
    signer = _signer(slug)
    if signer is not None:
        form.full_name.data = signer["name"]
    page, status = _render_petition(petition, form)
    return _private(page, status)


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
        petition=localised(signature.petition),
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
    """The confirmation: the new count, the letter to write next, what happens to the
    petition, and links to pass it on (issue 15, item 4)."""
    petition = _petition_or_404(slug)
    case = petition.case
    kinds = letter_services.offered_kinds(case) if case else []
    # The case page is what is shared: it has the person, the ask and the form.
    shared_url = (
        external_url("campaigns.case_detail", slug=case.slug)
        if case
        else external_url("petitions.detail", slug=petition.slug)
    )
    return render_template(
        "petitions/thanks.html",
        petition=localised(petition),
        case=localised(case),
        count=services.signature_count(petition),
        write_to=services.addressed_to(petition) if LetterKind.APPEAL in kinds else None,
        card_offered=LetterKind.CARD in kinds,
        shared_url=shared_url,
        share_text=sharing.share_message(petition.title, shared_url),
        share_links=sharing.share_links(petition.title, shared_url),
    )
