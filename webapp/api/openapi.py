"""The OpenAPI 3.1 document of the public API, served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from webapp.web.converters import MAX_ID

_SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}

_LANG = {
    "name": "lang",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "pattern": "^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$"},
    "description": "The language wanted (else Accept-Language); a text not translated into "
    "it comes in its original language.",
}

_PETITION = {
    "type": "object",
    "required": ["slug", "title", "body", "language", "status", "goal", "signature_count", "url"],
    "properties": {
        "slug": {"type": "string"},
        "title": {"type": "string"},
        "body": {"type": "string"},
        "language": {
            "type": "string",
            "description": "Language of title and body: the one asked for where translated.",
        },
        "status": {"type": "string", "enum": ["open", "closed"]},
        "goal": {"type": "integer", "minimum": 0},
        "signature_count": {
            "type": "integer",
            "minimum": 0,
            "description": "Confirmed signatures; at most a few seconds stale.",
        },
        "case": {"type": ["string", "null"], "description": "Slug of the case, if any."},
        "target": {
            "type": ["object", "null"],
            "properties": {"name": {"type": "string"}, "title": {"type": "string"}},
        },
        "opens_at": {"type": ["string", "null"], "format": "date-time"},
        "closes_at": {"type": ["string", "null"], "format": "date-time"},
        "url": {"type": "string", "format": "uri"},
    },
}

_UPDATE = {
    "type": "object",
    "required": ["id", "kind", "good_news", "date", "language", "title", "html", "url"],
    "properties": {
        "id": {"type": "integer"},
        "kind": {
            "type": "string",
            "enum": [
                "released",
                "charges_dropped",
                "commuted",
                "response",
                "transferred",
                "delivered",
                "other",
            ],
        },
        "good_news": {"type": "boolean", "description": "Released, charges dropped, commuted."},
        "date": {"type": "string", "format": "date", "description": "When it happened."},
        "published_at": {"type": "string", "format": "date-time"},
        "language": {
            "type": "string",
            "description": "Language of title and html: the one asked for where translated.",
        },
        "languages": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Every language the update is written in, the original first.",
        },
        "title": {"type": "string"},
        "html": {"type": "string", "description": "The text as sanitised HTML."},
        "url": {"type": "string", "format": "uri"},
    },
}

_TEXT_FIELDS = ("name", "headline", "story", "ask")
_CASE = {
    "type": "object",
    "required": [
        "slug",
        "status",
        "country",
        *_TEXT_FIELDS,
        "language",
        "text_languages",
        "original_language",
        "languages",
        "url",
    ],
    "properties": {
        "slug": {"type": "string"},
        "status": {"type": "string", "enum": ["published", "closed", "good_news"]},
        "country": {"type": "string", "description": "ISO 3166-1 alpha-2 code."},
        "name": {"type": "string", "description": "The person's name as the language writes it."},
        "headline": {"type": "string"},
        "story": {"type": "string", "description": "Markdown."},
        "ask": {"type": "string"},
        "language": {"type": "string", "description": "The language asked for."},
        "text_languages": {
            "type": "object",
            "description": "The language each text is in: the one asked for where "
            "translated, else the original's.",
            "properties": {field: {"type": "string"} for field in _TEXT_FIELDS},
        },
        "original_language": {"type": "string"},
        "languages": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Every language the case can be read in, the original first.",
        },
        "issue_area": {
            "type": ["object", "null"],
            "properties": {
                "slug": {"type": "string"},
                "name": {"type": "string"},
                "language": {"type": "string"},
            },
        },
        "url": {"type": "string", "format": "uri"},
    },
}

_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "message"],
            "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
        }
    },
}


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def openapi_document(server_url: str) -> dict[str, Any]:
    """The whole document; server_url is where this API is served."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Write for Rights public API",
            "version": "1.0.0",
            "description": "Read-only petitions, cases and case updates, in the languages "
            "they are written and translated in. No signer data is ever published.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/petitions": {
                "get": {
                    "operationId": "listPetitions",
                    "summary": "Public petitions with their signature counts",
                    "parameters": [
                        {
                            "name": "page",
                            "in": "query",
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": MAX_ID,
                                "default": 1,
                            },
                        },
                        {
                            "name": "per_page",
                            "in": "query",
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": 100,
                                "default": 50,
                            },
                        },
                        _LANG,
                    ],
                    "responses": {
                        "200": {
                            "description": "A page of petitions",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["data", "meta"],
                                        "properties": {
                                            "data": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Petition"},
                                            },
                                            "meta": {
                                                "type": "object",
                                                "properties": {
                                                    "page": {"type": "integer"},
                                                    "per_page": {"type": "integer"},
                                                    "total": {"type": "integer"},
                                                },
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        "400": _error_response("Invalid paging parameters"),
                    },
                }
            },
            "/petitions/{slug}": {
                "get": {
                    "operationId": "getPetition",
                    "summary": "One public petition",
                    "parameters": [
                        _SLUG,
                        _LANG,
                    ],
                    "responses": {
                        "200": {
                            "description": "The petition",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Petition"}
                                }
                            },
                        },
                        "400": _error_response("lang is not a language code"),
                        "404": _error_response("No public petition has this slug"),
                    },
                }
            },
            "/cases/{slug}": {
                "get": {
                    "operationId": "getCase",
                    "summary": "One public case, in the language asked for where translated",
                    "parameters": [
                        _SLUG,
                        _LANG,
                    ],
                    "responses": {
                        "200": {
                            "description": "The case",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Case"}
                                }
                            },
                        },
                        "400": _error_response("lang is not a language code"),
                        "404": _error_response("No public case has this slug"),
                    },
                }
            },
            "/cases/{slug}/updates": {
                "get": {
                    "operationId": "listCaseUpdates",
                    "summary": "A public case's published updates, newest first",
                    "parameters": [
                        _SLUG,
                        _LANG,
                    ],
                    "responses": {
                        "200": {
                            "description": "The updates",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["data"],
                                        "properties": {
                                            "data": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Update"},
                                            }
                                        },
                                    }
                                }
                            },
                        },
                        "400": _error_response("lang is not a language code"),
                        "404": _error_response("No public case has this slug"),
                    },
                }
            },
        },
        "components": {
            "schemas": {"Petition": _PETITION, "Case": _CASE, "Update": _UPDATE, "Error": _ERROR}
        },
    }
