"""Views of the public API: JSON in, JSON out, errors as JSON too."""

from __future__ import annotations

import re

from flask import Blueprint, jsonify, request

from webapp.api import services
from webapp.api.openapi import openapi_document
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
    return jsonify(services.list_petitions(page=page, per_page=per_page))


@bp.get("/petitions/<slug>")
def get_petition(slug: str):
    """One public petition."""
    petition = get_public_petition(slug)
    if petition is None:
        return json_error(404, "No public petition has this slug.")
    return jsonify(services.petition_document(petition, signature_count(petition)))


@bp.get("/cases/<slug>/updates")
def case_updates(slug: str):
    """A public case's published updates, in the language asked for where translated."""
    case = get_public_case(slug)
    if case is None:
        return json_error(404, "No public case has this slug.")
    language = request.args.get("lang") or request.accept_languages.best or "en"
    if not LANGUAGE_CODE.fullmatch(language):
        return json_error(400, "lang must be a language code such as fr or pt-BR.")
    return jsonify({"data": services.case_updates(case, language)})


@bp.get("/openapi.json")
def openapi():
    """This API's OpenAPI document."""
    base = external_url("api.list_petitions").removesuffix("/petitions")
    return jsonify(openapi_document(base))
