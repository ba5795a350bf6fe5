"""Rate-limit pieces the views share: limits read from config, keys, what counts as a miss.

Limits that count failures only (a wrong join code, a wrong password) are checked before
the view runs and charged after it, when the view said the attempt failed: a refused
form for another reason (an empty name, a name that needs confirming) costs nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import Response, current_app, g, request
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import HTTPException

from webapp.web import proof_of_work
from webapp.web.auth import student_in_session

_FAILED = "rate_limited_attempt_failed"


def configured(name: str) -> Callable[[], str]:
    """The limit named in config, read on each request (so tests and deployments set it)."""
    return lambda: current_app.config[name]


def count_failure() -> None:
    """The view decided this attempt failed: charge it to the failure limits."""
    g.setdefault(_FAILED, True)


def failure_counted(response: Response) -> bool:
    """deduct_when for failure limits: only attempts the view marked as failed."""
    return bool(g.get(_FAILED))


def proof_of_work_solved() -> bool:
    """exempt_when for limits on sends without a proof of work: this one carries a solved
    challenge (not yet spent: the form spends it), or proofs are not asked for."""
    if not current_app.config["PROOF_OF_WORK"]:
        return True
    try:
        proof = request.form.get("proof")
    except HTTPException:  # a body too large to read: no proof; the view answers 413
        return False
    return proof_of_work.is_solved(proof)


def _digest(value: str) -> str:
    # Hashed, so the limit store (Redis) holds no email addresses.
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def submitted_email() -> str:
    """Key for per-account limits: the email typed, from anywhere."""
    return "email:" + _digest(request.form.get("email", "").strip().lower())


def submitted_email_and_client() -> str:
    """Key for per-account limits from one client: a guesser's address is locked out of
    that account long before the account's own limit locks out its owner."""
    email = request.form.get("email", "").strip().lower()
    return "email-client:" + _digest(f"{email}\n{get_remote_address()}")


def student_or_client() -> str:
    """Key for students' writing: the student (a class shares one school address)."""
    student_id, _key = student_in_session()
    if student_id is not None:
        return f"student:{student_id}"
    return get_remote_address()
