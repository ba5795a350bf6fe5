"""Rate-limit pieces the views share: limits read from config, keys, what counts as a miss.

Limits that count failures only (a wrong join code, a wrong password) are checked before
the view runs and charged after it, when the view said the attempt failed: a refused
form for another reason (an empty name, a name that needs confirming) costs nothing.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import math
import time
from collections.abc import Callable

from flask import Flask, Response, after_this_request, current_app, g, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import RateLimitItem, parse_many
from limits.storage import RedisStorage
from werkzeug.exceptions import HTTPException, TooManyRequests

from webapp.extensions import client, limiter
from webapp.keys import keyed
from webapp.web import proof_of_work
from webapp.web.auth import student_in_session
from webapp.web.forms import account_email

log = logging.getLogger(__name__)

_FAILED = "rate_limited_attempt_failed"


def configured(name: str) -> Callable[[], str]:
    """The limit named in config, read on each request (so tests and deployments set it)."""
    return lambda: current_app.config[name]


def drop_empty_middleware(app: Flask) -> None:
    """Flask-Limiter checks every request, before its view, for application-wide, default
    and blueprint limits. This app has none: each route names its own (decorators, which
    check their route themselves, or take_all), so that check found nothing on every
    request, at a tenth of a shared case page's CPU (issue 19). It is dropped while there
    is nothing for it to find; a limit of those kinds, if one is ever set, keeps it."""
    manager = limiter.limit_manager
    if manager.application_limits or manager.default_limits or manager._blueprint_limits:
        return
    app.before_request_funcs[None].remove(limiter._check_request_limit)


def take(limit_name: str, key: str) -> int | None:
    """Charge one use of a costly step to the limit named in config, for this key (where
    a decorator cannot tell beforehand whether the step will be taken: a cached result
    costs nothing). None if it may go ahead; else the seconds until it may."""
    return take_all((limit_name, key))


def take_all(*charges: tuple[str, str]) -> int | None:
    """Charge one use to each (limit named in config, key), all of them whatever the
    answer, in one round trip to the limit store: the signing POST's limits each cost
    one through Flask-Limiter's decorators (issue 19). None if the step may go ahead;
    else the seconds until every limit it broke lets it. Like the decorators, counts in
    fixed windows, and fails open when the store is unreachable, and logs it."""
    windows = [
        (item, item.key_for(limit_name, key))
        for limit_name, key in charges
        for item in _parsed(current_app.config[limit_name])
    ]
    try:
        counts = _increment(windows)
        broken = [
            key for (item, key), count in zip(windows, counts, strict=True) if count > item.amount
        ]
        if not broken:
            return None
        resets = [limiter.storage.get_expiry(key) for key in broken]
    except Exception as error:  # noqa: BLE001 - any storage failure: fail open
        log.warning("limits %s skipped, limiter storage unreachable: %s", charges, error)
        return None
    return max(1, math.ceil(max(resets) - time.time()))


def enforce(*charges: tuple[str, str]) -> None:
    """take_all, answering 429 with Retry-After when a limit is broken."""
    wait = take_all(*charges)
    if wait is not None:
        raise TooManyRequests(retry_after=wait)


@functools.lru_cache(maxsize=64)
def _parsed(limits: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(limits))


def _increment(windows: list[tuple[RateLimitItem, str]]) -> list[int]:
    """Count one use in each window (created with its expiry), in one Redis pipeline;
    one call each in the in-memory store of a single process."""
    storage = limiter.storage
    if not isinstance(storage, RedisStorage):
        return [storage.incr(key, item.get_expiry()) for item, key in windows]
    # The limits library's own increment script, sent whole (EVAL): a pipeline of
    # registered scripts asks Redis first whether it knows them, a second round trip.
    script = storage.lua_incr_expire.script
    with storage.get_connection().pipeline(transaction=False) as pipe:
        for item, key in windows:
            pipe.eval(script, 1, storage.prefixed_key(key), item.get_expiry(), 1)
        return [int(count) for count in pipe.execute()]


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


def _form_value(name: str) -> str:
    try:
        return request.form.get(name, "")
    except HTTPException:  # a body too large to read: the view answers 413
        return ""


def submitted_account() -> str:
    """The account the form's email names, normalised as the account is looked up
    (invisible characters and spaces around it, letter case), so that no spelling of one
    address is a fresh key."""
    return account_email(_form_value("email"))


def submitted_email() -> str:
    """Key for per-account limits: the account typed, from anywhere."""
    return "email:" + _digest(submitted_account())


def submitted_email_and_client() -> str:
    """Key for per-account limits from one client: a guesser's address is locked out of
    that account long before the account's own limit locks out its owner."""
    return "email-client:" + _digest(f"{submitted_account()}\n{client()}")


# Known devices --------------------------------------------------------------------------
# The account-wide failure limit stops a guesser spread over many addresses; it would
# also lock the owner out (ASVS 5.0 V6.3.1 warns against it). So it counts only attempts
# from browsers that never logged in to that account: a browser that did carries a signed
# cookie naming the account (by a keyed hash), and is held to the per-account-per-client
# limit alone. An owner on a new device during an attack logs in after the hour, or at
# once through a password reset email, which makes that device known too.

KNOWN_DEVICE_COOKIE = "known_device"
_KNOWN_DEVICE_ACCOUNTS = 5  # a shared school computer: a few teachers each


def _known_device_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="known-device")


def _account_tag(email: str) -> str:
    """The account, as the cookie names it: a keyed hash, never the address."""
    key = keyed(b"write-for-rights known-device v1").digest()
    return hmac.new(key, account_email(email).encode(), hashlib.sha256).hexdigest()[:32]


def _known_accounts() -> list[str]:
    cookie = request.cookies.get(KNOWN_DEVICE_COOKIE)
    if not cookie:
        return []
    max_age = current_app.config["LOGIN_KNOWN_DEVICE_DAYS"] * 86400
    try:
        tags = _known_device_serializer().loads(cookie, max_age=max_age)
    except BadSignature:
        return []
    if not isinstance(tags, list):
        return []
    return [tag for tag in tags if isinstance(tag, str)][:_KNOWN_DEVICE_ACCOUNTS]


def known_device() -> bool:
    """exempt_when for the account-wide login limit: this browser has logged in to the
    account the form names before."""
    email = submitted_account()
    return bool(email) and _account_tag(email) in _known_accounts()


def remember_device(email: str) -> None:
    """This browser just proved it knows the account's password (or mailbox): mark it a
    known device for that account, in the response's cookie."""
    tag = _account_tag(email)
    tags = [tag, *(known for known in _known_accounts() if known != tag)]
    value = _known_device_serializer().dumps(tags[:_KNOWN_DEVICE_ACCOUNTS])
    config = current_app.config

    @after_this_request
    def set_cookie(response: Response) -> Response:
        response.set_cookie(
            KNOWN_DEVICE_COOKIE,
            value,
            max_age=config["LOGIN_KNOWN_DEVICE_DAYS"] * 86400,
            path="/account/",
            secure=config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
        return response


def student_or_client() -> str:
    """Key for students' writing: the student (a class shares one school address)."""
    student_id, _key = student_in_session()
    if student_id is not None:
        return f"student:{student_id}"
    return client()
