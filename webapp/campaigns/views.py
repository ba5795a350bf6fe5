"""Views for the home page, issue areas and case pages, and the language picker."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, redirect, render_template, request, send_file

from webapp.campaigns import services, share_image
from webapp.campaigns.translations import localised
from webapp.letters.services import letter_counts, offered_kinds
from webapp.models import Case, Petition, UserRole, utcnow
from webapp.petitions.forms import SignatureForm
from webapp.petitions.services import signature_count
from webapp.updates import services as updates
from webapp.web import locales, pagecache
from webapp.web.auth import current_user
from webapp.web.transaction import writes_when_read

bp = Blueprint("campaigns", __name__)

# A photo's address changes with the photo, so it could be cached for good; an hour
# means a photo taken down for someone's safety leaves shared caches within the hour.
PHOTO_CACHE_SECONDS = 3600
# A share image's address changes with its picture, so it could be cached for good; but a
# photo taken down for its subject's safety must leave shared caches soon, as photos do.
SHARE_IMAGE_CACHE_SECONDS = 24 * 3600


@bp.get("/")
def home():
    """The organisation's issue areas, the featured individuals at risk, one call to act,
    and what supporters did together."""
    featured = services.public_cases(featured_only=True)
    petitions, counts = services.petitions_with_counts(featured)
    language = locales.current()
    now = utcnow()
    # The one primary action: the first featured person whose petition takes signatures.
    urgent = next(
        (case for case in featured if petitions[case.id] and petitions[case.id].is_open_at(now)),
        None,
    )
    cards = _cards(featured, petitions, counts)
    return render_template(
        "campaigns/home.html",
        urgent=localised(urgent),
        issue_areas=[localised(area) for area in services.issue_areas()],
        featured=cards["cases"],
        petitions=cards["petitions"],
        counts=counts,
        totals=services.running_totals(),
        good_news=[updates.text_for(update, language) for update in updates.good_news()],
    )


@bp.get("/cases")
def cases():
    """Every public case, featured first: the header's "Cases" link."""
    cases = services.public_cases()
    return render_template(
        "campaigns/cases.html", **_cards(cases, *services.petitions_with_counts(cases))
    )


@bp.get("/issues/<slug>")
def issue_area(slug: str):
    """One issue area: what it is about, its facts, and its cases."""
    area = services.get_issue_area(slug) or abort(404)
    cases = services.public_cases(issue_area=area)
    return render_template(
        "campaigns/issue_area.html",
        area=localised(area),
        **_cards(cases, *services.petitions_with_counts(cases)),
    )


def _cards(cases: list[Case], petitions: dict, counts: dict) -> dict:
    """What the case cards (campaigns/_case_card.html) take: each case and its visible
    petition read in the reader's language, and the petitions' counts."""
    return {
        "cases": [localised(case) for case in cases],
        "petitions": {case_id: localised(petition) for case_id, petition in petitions.items()},
        "counts": counts,
    }


@bp.get("/cases/<slug>")
def case_detail(slug: str):
    """A case: the person, their story, the ask, and the petition to sign. The busiest
    page of a campaign day: shared between visitors for a few seconds (webapp.web.pagecache)."""

    def render():
        case = services.get_public_case(slug) or abort(404)
        form = SignatureForm()
        return render_case(case, services.visible_petition(case), form)[0], form

    return pagecache.serve(("case", slug), render)


@bp.get("/cases/<slug>/share/<language>/<key>.png")
@writes_when_read  # renders and keeps the image
def case_share_image(slug: str, language: str, key: str):
    """A case's link-preview image, in a language's frame (webapp.campaigns.share_image)."""
    if language not in locales.SUPPORTED_LOCALES:
        abort(404)
    case = localised(services.get_public_case(slug) or abort(404), language)
    return _share_image(share_image.case_card(case, services.share_ask(case), language), key)


@bp.get("/share/<language>/<key>.png")
@writes_when_read  # renders and keeps the image
def site_share_image(language: str, key: str):
    """The link-preview image of the pages about no one case."""
    if language not in locales.SUPPORTED_LOCALES:
        abort(404)
    return _share_image(share_image.site_card(language), key)


@bp.app_template_global()
def share_image_url(case: Case | None = None) -> str:
    """The absolute address of a page's share image (the case's, else the site's), in
    the reader's language: what its Open Graph and Twitter tags name."""
    language = locales.current()
    if case is None:
        return share_image.image_url(share_image.site_card(language))
    case = localised(case, language)
    return share_image.image_url(share_image.case_card(case, services.share_ask(case), language))


def _share_image(card: share_image.Card, key: str):
    current = share_image.image_key(card)
    if key != current:
        # A preview made before an edit: today's image, at its own address (302: the old
        # one must not be remembered for good either).
        return redirect(share_image.image_url(card), code=302)
    response = send_file(
        BytesIO(share_image.image_for(card)),
        mimetype="image/png",
        etag=key,
        conditional=True,
        max_age=SHARE_IMAGE_CACHE_SECONDS,
    )
    # The address changes whenever the picture does: no cache need ask again meanwhile.
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response


@bp.get("/photos/<int:photo_id>/<key>.jpg")
def case_photo(photo_id: int, key: str):
    """An uploaded case photo, cached for an hour where public; a draft case's photo is
    shown only to organisers (for the preview)."""
    photo = services.get_photo(photo_id, key) or abort(404)
    return serve_photo(
        photo.content,
        mime_type=photo.mime_type,
        name=f"{photo.case.slug}.jpg",
        digest=photo.digest,
        public=photo.case.is_public,
    )


def serve_photo(content: bytes, *, mime_type: str, name: str, digest: str, public: bool):
    """A stored photo (a case's, an update's): cached for an hour where public; else
    shown only to organisers (for the preview), never kept by a cache."""
    if not public:
        user = current_user()
        if user is None or user.role not in (UserRole.ORGANISER, UserRole.ADMIN):
            abort(404)
    response = send_file(
        BytesIO(content),
        mimetype=mime_type,
        download_name=name,
        etag=digest,
        conditional=True,
        max_age=PHOTO_CACHE_SECONDS if public else None,
    )
    if public:
        response.cache_control.public = True
    else:
        response.cache_control.no_store = True
        response.cache_control.private = True
    return response


@bp.get("/language")
def choose_language():
    """The footer's language picker (a GET form): remember the choice, back to the page."""
    response = redirect(locales.return_path(request.args.get("next")), code=303)
    locale = request.args.get("locale")
    if locale in locales.SUPPORTED_LOCALES:
        locales.remember_choice(response, locale)
    response.headers["Cache-Control"] = "no-store"
    return response


def render_case(case: Case, petition: Petition | None, form: SignatureForm, status: int = 200):
    """The case page, with its petition form (as given, errors and all) and letters to write."""
    letters = letter_counts([case.id])[case.id]
    return (
        render_template(
            "campaigns/case.html",
            case=localised(case),
            petition=localised(petition),
            count=signature_count(petition) if petition else 0,
            form=form,
            letter_kinds=[kind.value for kind in offered_kinds(case)],
            letters=letters,
            updates=[
                updates.text_for(update, locales.current())
                for update in updates.published_updates(case)
            ],
        ),
        status,
    )
