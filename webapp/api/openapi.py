"""The OpenAPI 3.1 document of the public API, served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from webapp.web.converters import MAX_ID

_PETITION = {
    "type": "object",
    "required": ["slug", "title", "body", "status", "goal", "signature_count", "url"],
    "properties": {
        "slug": {"type": "string"},
        "title": {"type": "string"},
        "body": {"type": "string"},
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
            "description": "Read-only petition data. No signer data is ever published.",
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
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
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
                        "404": _error_response("No public petition has this slug"),
                    },
                }
            },
        },
        "components": {"schemas": {"Petition": _PETITION, "Error": _ERROR}},
    }
