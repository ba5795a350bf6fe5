"""Absolute links for emails, built from BASE_URL so they work outside a request."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from flask import current_app


def external_url(endpoint: str, **values: Any) -> str:
    """The public URL of an endpoint, as a supporter's mail client should open it."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    anchor = values.pop("_anchor", None)  # as url_for takes it; the map knows no anchors
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{quote(anchor, safe='')}" if anchor else url
