"""Unsubscribing from update emails (issue 18, item 4): the link in every update email and
its List-Unsubscribe header.

The address is the authority: it holds a keyed token only the platform can make for an
email address. A GET shows the choice (this case, or every case) and changes nothing, as
mail scanners open links; a POST stops the emails at once, with no login, no form token
and no confirmation step, as RFC 8058's one-click POST requires (mail clients send
"List-Unsubscribe=One-Click" and nothing else, so that POST stops every update).
"""

from __future__ import annotations

from flask import Blueprint, Response, make_response, render_template, request

from webapp.campaigns import services as campaign_services
from webapp.extensions import csrf, limiter
from webapp.updates import mailings
from webapp.web.converters import MAX_ID
from webapp.web.limits import configured

bp = Blueprint("unsubscribe", __name__)


def _case():
    """The case the link names (?case=), if it is one: a number out of the ids' range
    names none (PostgreSQL would refuse it and abort the transaction)."""
    case_id = request.args.get("case", 0, type=int)
    return campaign_services.get_case(case_id) if 0 < case_id <= MAX_ID else None


def _private(page: str) -> Response:
    response = make_response(page)
    # The address is a key to someone's subscriptions: never cached, indexed or leaked.
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/unsubscribe/<token>")
def page(token: str):
    """The choice: stop this case's updates, or every update."""
    case = _case()
    return _private(
        render_template(
            "updates/unsubscribe.html",
            token=token,
            case=case,
            stopped=mailings.stopped_scopes(token, case),
        )
    )


@bp.post("/unsubscribe/<token>")
@csrf.exempt
@limiter.limit(configured("UNSUBSCRIBE_RATE_LIMIT"))
def stop(token: str):
    """Stop the emails: one case's when the page's button says so, else every one."""
    case = _case()
    only_case = case if request.form.get("scope") == "case" and case is not None else None
    mailings.unsubscribe(token, case=only_case)
    return _private(
        render_template("updates/unsubscribed.html", token=token, case=case, only_case=only_case)
    )
