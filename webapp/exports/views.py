"""Views of exports: the page that lists them, and one download route per kind of file."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, stream_with_context

from webapp.exports import services
from webapp.extensions import db
from webapp.models import Petition, UserRole
from webapp.web.auth import current_user

bp = Blueprint("exports", __name__)

_COUNT_ROUTE = "counts/<any(daily, countries):kind>.<any(csv, json):fmt>"


@bp.get("/")
def index():
    """Every export, for all petitions and for each one."""
    return render_template(
        "exports/index.html",
        petitions=services.petitions(),
        may_export_emails=current_user().role is UserRole.ADMIN,
    )


@bp.get(f"/{_COUNT_ROUTE}")
@bp.get(f"/petitions/<int:petition_id>/{_COUNT_ROUTE}")
def counts(kind: str, fmt: str, petition_id: int | None = None):
    """Confirmed signatures per day or per country, of all petitions or one, as CSV or JSON."""
    petition = db.get_or_404(Petition, petition_id) if petition_id is not None else None
    return _download(services.export_counts(current_user(), kind, petition, fmt))


@bp.get("/petitions/<int:petition_id>/signatures.csv")
def signatures(petition_id: int):
    """One petition's confirmed signatures; with ?with_email=1, admins also get the emails
    of the signers who agreed to updates. Organisers asking for emails are refused."""
    petition = db.get_or_404(Petition, petition_id)
    with_email = request.args.get("with_email", "0")
    if with_email not in ("0", "1"):
        abort(400)
    try:
        export = services.export_signatures(current_user(), petition, with_email=with_email == "1")
    except services.ExportError:
        abort(403)  # a refusal of the role, answered as such (and rolled back, as every 4xx)
    return _download(export)


def _download(export: services.Export) -> Response:
    # The rows are read while the response is sent, after the audit event is committed:
    # the request's commit (webapp.web.transaction) runs when the view returns this
    # response, before the server reads its body; if that commit fails, the file is not
    # sent. Flask ends the request's session when the view returns; stream_with_context
    # pushes the contexts again while the body is sent, so the rows are read through a
    # fresh session, in a transaction (one snapshot) of their own, closed after the last
    # chunk.
    response = Response(stream_with_context(export.chunks), content_type=export.content_type)
    response.headers.set("Content-Disposition", "attachment", filename=export.filename)
    # Signer data must not linger in a shared or browser cache.
    response.headers["Cache-Control"] = "no-store"
    return response
