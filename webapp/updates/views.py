"""The public side of case updates: every update on one page, and Atom feeds of them
(all cases, and per case) for feed readers and the organisation's partners."""

from __future__ import annotations

from flask import Blueprint, abort, make_response, render_template

from webapp.campaigns import services as campaign_services
from webapp.campaigns.views import serve_photo
from webapp.models import Case, UpdateKind, utcnow
from webapp.updates import services
from webapp.web import locales
from webapp.web.urls import external_url

bp = Blueprint("updates", __name__)

ATOM = "application/atom+xml; charset=utf-8"
# Feed readers poll: a few minutes old is fresh enough, and spares the database.
FEED_CACHE_SECONDS = 300


@bp.app_template_filter("update_kind")
def update_kind(kind: UpdateKind) -> str:
    """An update's kind in the reader's words ("Good news: released")."""
    return services.kind_label(kind)


@bp.get("/updates")
def index():
    """What happened since: every published update, newest first."""
    language = locales.current()
    texts = [services.text_for(update, language) for update in services.published_updates()]
    return render_template("updates/index.html", texts=texts)


@bp.get("/updates.atom")
def feed():
    """Every published update, as an Atom feed."""
    return _feed(None)


@bp.get("/cases/<slug>/updates.atom")
def case_feed(slug: str):
    """One case's published updates, as an Atom feed."""
    case = campaign_services.get_public_case(slug) or abort(404)
    return _feed(case)


def _feed(case: Case | None):
    language = locales.current()
    updates = services.published_updates(case)
    self_url = (
        external_url("updates.case_feed", slug=case.slug) if case else external_url("updates.feed")
    )
    page_url = (
        external_url("campaigns.case_detail", slug=case.slug)
        if case
        else external_url("updates.index")
    )
    body = render_template(
        "updates/feed.xml",
        case=case,
        texts=[services.text_for(update, language) for update in updates],
        self_url=self_url,
        page_url=page_url,
        # The feed changes when an update is published, edited or withdrawn.
        updated=max((u.updated_at for u in updates), default=None) or utcnow(),
        entry_url=services.update_url,
    )
    response = make_response(body)
    response.headers["Content-Type"] = ATOM
    response.cache_control.public = True
    response.cache_control.max_age = FEED_CACHE_SECONDS
    return response


@bp.get("/updates/<int:update_id>/photo/<key>.jpg")
def photo(update_id: int, key: str):
    """An update's photo: public with a published update of a public case (cached for an
    hour, as case photos are), else only for organisers, for the preview."""
    update = services.photo_of(update_id, key) or abort(404)
    return serve_photo(
        update.photo,
        mime_type=update.photo_mime,
        name=f"update-{update.id}.jpg",
        digest=update.photo_digest,
        public=update.is_published and update.case.is_public,
    )
