"""Rate-limit pieces the views share: limits read from config, keys, what counts as a miss."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import Response, current_app, request


def configured(name: str) -> Callable[[], str]:
    """The limit named in config, read on each request (so tests and deployments set it)."""
    return lambda: current_app.config[name]


def failed(response: Response) -> bool:
    """Count only attempts that failed: a refused code or a wrong password."""
    return response.status_code >= 400


def submitted_email() -> str:
    """Key for per-account limits: the email typed, hashed so the store holds no addresses."""
    email = request.form.get("email", "").strip().lower()
    return "email:" + hashlib.sha256(email.encode()).hexdigest()[:32]
