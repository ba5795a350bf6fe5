"""The privacy page, and a supporter's own data: ask for a link, then copy or erase."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, redirect, render_template, url_for

from webapp.extensions import limiter
from webapp.privacy import consent, services
from webapp.privacy.forms import MyDataActionForm, MyDataRequestForm
from webapp.web.limits import configured, submitted_email

bp = Blueprint("privacy", __name__)


@bp.get("/privacy")
def privacy():
    """What is kept, why, for how long, and how to get it or have it erased."""
    return render_template(
        "privacy/privacy.html", consent_texts=consent.CONSENT_TEXTS, current=consent.CURRENT
    )


@bp.route("/my-data", methods=["GET", "POST"])
@limiter.limit(configured("MY_DATA_RATE_LIMIT"), methods=["POST"])
@limiter.limit(configured("MY_DATA_RATE_LIMIT"), methods=["POST"], key_func=submitted_email)
def request_link():
    """Ask for a link to one's data; the answer is the same whether any is held."""
    form = MyDataRequestForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("privacy/request.html", form=form), status
    services.send_link(form.email.data)
    return redirect(url_for("privacy.link_sent"), code=303)


@bp.get("/my-data/sent")
def link_sent():
    return render_template("privacy/link_sent.html")


def _scope_or_404(token: str) -> services.LinkScope:
    try:
        return services.scope_for_token(token)
    except services.PrivacyLinkError as error:
        abort(Response(render_template("privacy/link_failed.html", message=str(error)), 404))


def _private(response: Response) -> Response:
    """Personal data: never kept by a browser cache or a proxy."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/my-data/<token>")
def my_data(token: str):
    """What the link opens, with the Download and Erase buttons."""
    scope = _scope_or_404(token)
    copy = services.data_copy(scope)
    page = render_template("privacy/my_data.html", copy=copy, token=token, form=MyDataActionForm())
    return _private(Response(page))


@bp.post("/my-data/<token>/copy")
def download_copy(token: str):
    """Everything held, as a JSON file."""
    scope = _scope_or_404(token)
    if not MyDataActionForm().validate_on_submit():
        abort(400)
    document = json.dumps(services.data_copy(scope).as_json(), indent=2, ensure_ascii=False)
    response = Response(document, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return _private(response)


@bp.post("/my-data/<token>/erase")
def erase(token: str):
    """Erase: pressing the button on the page is the confirmation."""
    scope = _scope_or_404(token)
    if not MyDataActionForm().validate_on_submit():
        abort(400)
    services.erase(scope)
    return redirect(url_for("privacy.erased"), code=303)


@bp.get("/my-data/erased")
def erased():
    return render_template("privacy/erased.html")
