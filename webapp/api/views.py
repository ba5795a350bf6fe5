"""Views of the public API: JSON in, JSON out, errors as JSON too."""

from __future__ import annotations

import re

from flask import Blueprint, jsonify, request

from webapp.api import services
from webapp.api.openapi import openapi_document
from webapp.campaigns import translations
from webapp.campaigns.services import get_public_case
from webapp.petitions.services import get_public_petition, signature_count
from webapp.web.converters import MAX_ID, whole_number
from webapp.web.errors import json_error
from webapp.web.urls import external_url

bp = Blueprint("api", __name__)

MAX_PER_PAGE = 100
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*")
# Past it the offset would overflow the database's integers (issue 21, item 11).
MAX_PAGE = MAX_ID


@bp.get("/petitions")
def list_petitions():
    """Public petitions, paged."""
    page = whole_number(request.args.get("page"), 1, MAX_PAGE)
    per_page = whole_number(request.args.get("per_page"), 50, MAX_PER_PAGE)
    if page is None or per_page is None:
        return json_error(
            400, f"page must be a whole number 1–{MAX_PAGE} and per_page 1–{MAX_PER_PAGE}."
        )
    language = _language()
    if language is None:
        return _bad_language()
    return jsonify(services.list_petitions(page=page, per_page=per_page, language=language))


@bp.get("/petitions/<slug>")
def get_petition(slug: str):
    """One public petition."""
    petition = get_public_petition(slug)
    if petition is None:
        return json_error(404, "No public petition has this slug.")
    language = _language()
    if language is None:
        return _bad_language()
    return jsonify(services.petition_document(petition, signature_count(petition), language))


@bp.get("/cases/<slug>")
def get_case(slug: str):
    """One public case, in the language asked for where translated, with the languages
    it can be read in."""
    case = get_public_case(slug)
    if case is None:
        return json_error(404, "No public case has this slug.")
    language = _language(translations.available_languages(case))
    if language is None:
        return _bad_language()
    return jsonify(services.case_document(case, language))


@bp.get("/cases/<slug>/updates")
def case_updates(slug: str):
    """A public case's published updates, in the language asked for where translated."""
    case = get_public_case(slug)
    if case is None:
        return json_error(404, "No public case has this slug.")
    language = _language()
    if language is None:
        return _bad_language()
    return jsonify({"data": services.case_updates(case, language)})


def _language(offered: list[str] | None = None) -> str | None:
    """The language asked for: ?lang=, else the best of Accept-Language (among `offered`
    where given), else English; None when ?lang= is not a language code."""
    asked = request.args.get("lang")
    if asked is not None:
        return asked if LANGUAGE_CODE.fullmatch(asked) else None
    if offered:
        return request.accept_languages.best_match(offered) or offered[0]
    best = request.accept_languages.best
    return best if best and LANGUAGE_CODE.fullmatch(best) else "en"


def _bad_language():
    return json_error(400, "lang must be a language code such as fr or pt-BR.")


@bp.get("/openapi.json")
def openapi():
    """This API's OpenAPI document."""
    base = external_url("api.list_petitions").removesuffix("/petitions")
    return jsonify(openapi_document(base))
