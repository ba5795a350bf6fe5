"""Views for making a petition's delivery pack, following its progress and downloading it."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _

from webapp import audit
from webapp.delivery import services
from webapp.delivery.forms import DeliveredForm, PackForm
from webapp.extensions import db
from webapp.models import JobStatus, Petition
from webapp.petitions.services import signature_counts
from webapp.web import locales
from webapp.web.auth import current_user
from webapp.web.forms import form_page_status
from webapp.web.transaction import errors_flashed, errors_to_form

bp = Blueprint("delivery", __name__)


@bp.get("/")
def index():
    """Every petition with its confirmed total, and the latest packs."""
    petitions = db.session.scalars(db.select(Petition).order_by(Petition.title)).all()
    return render_template(
        "delivery/index.html",
        petitions=petitions,
        # From the counter shards: counting the rows here would cost half a second per
        # load with a million signatures. The pack itself counts the rows.
        totals=signature_counts([p.id for p in petitions]),
        packs=services.recent_packs(),
        form=PackForm(),
    )


@bp.post("/petitions/<int:petition_id>")
def make(petition_id: int):
    """Make a pack: at once for a summary or a short list, in the background otherwise."""
    petition = db.session.get(Petition, petition_id) or abort(404)
    form = PackForm()
    if not form.validate_on_submit():
        abort(400)
    with errors_flashed():
        pack = services.request_pack(
            current_user(),
            petition,
            include_names=form.include_names.data,
            language=locales.current(),
        )
        if services.builds_inline(pack) and pack.is_working:
            # Building commits as it goes, the pack and its audit event first.
            pack = services.build_now(pack)
        return redirect(url_for("admin.delivery.pack", pack_id=pack.id), code=303)
    return redirect(url_for("admin.delivery.index"), code=303)


@bp.route("/petitions/<int:petition_id>/delivered", methods=["GET", "POST"])
def delivered(petition_id: int):
    """Record when and to whom the petition was handed over (issue 18, item 6)."""
    petition = db.session.get(Petition, petition_id) or abort(404)
    form = DeliveredForm(data=None if request.method == "POST" else DeliveredForm.data_of(petition))
    if request.method == "POST" and form.validate_on_submit():
        with errors_to_form(form):
            draft = services.record_delivery(
                current_user(),
                petition,
                on=form.on.data,
                to=form.to.data,
                draft_update=form.draft_update.data,
                language=locales.current(),
            )
            if draft is None:
                flash(_("The delivery is recorded: the case page shows it."), "success")
                return redirect(url_for("admin.delivery.index"), code=303)
            flash(
                _(
                    "The delivery is recorded: the case page shows it. Here is a draft "
                    "update saying so: check it, publish it, then email it to the signers."
                ),
                "success",
            )
            return redirect(url_for("admin.updates.edit", update_id=draft.id), code=303)
    return render_template(
        "delivery/delivered.html", form=form, petition=petition
    ), form_page_status()


@bp.get("/packs/<int:pack_id>")
def pack(pack_id: int):
    """A pack's progress; the page refreshes itself until it is ready."""
    found = services.get_pack(pack_id) or abort(404)
    return render_template("delivery/pack.html", pack=found)


@bp.get("/packs/<int:pack_id>/pack.pdf")
def download(pack_id: int):
    """The pack itself. Downloading one with names is an export: it is audited."""
    found = services.get_pack(pack_id) or abort(404)
    if found.status is not JobStatus.DONE or not found.has_pdf:
        abort(404)
    audit.record(
        current_user(),
        "export.delivery_pack_downloaded",
        subject=found.petition,
        summary=f"Delivery pack {found.id} of “{found.petition.title}”",
        pack_id=found.id,
        include_names=found.include_names,
    )
    # Sent only once the request's commit has kept the audit event (webapp.web.transaction):
    # if that commit fails, the answer is an error page, not the pack.
    response = Response(found.pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="delivery-{found.petition.slug}-{found.id}.pdf"'
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/packs/<int:pack_id>/signers.csv")
def signers(pack_id: int):
    """The CSV of exactly the signers the pack counts: the file whose SHA-256 the pack
    prints. Audited as an export of signatures."""
    found = services.get_pack(pack_id) or abort(404)
    if found.status is not JobStatus.DONE or found.signers_sha256 is None:
        abort(404)
    export = services.pack_signers_export(current_user(), found)
    # As every export: read while sent, after the audit event is committed.
    response = Response(stream_with_context(export.chunks), content_type=export.content_type)
    response.headers.set("Content-Disposition", "attachment", filename=export.filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response
