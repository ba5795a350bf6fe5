"""A proof-of-work challenge for the public forms, in ALTCHA's format (https://altcha.org),
served and checked here: no third party, no captcha to solve, nothing sent elsewhere.

The server picks a secret number and sends its hash, with a salt and a signature of that
hash; the browser (static/js/proof-of-work.js) finds the number by trying them all and sends
back base64(JSON {algorithm, challenge, number, salt, signature}). One proof costs a person
a fraction of a second once, and a bot that sends thousands of forms that much each time.

    salt      = 24 hex digits + "?expires=<unix time>&"
    challenge = hex SHA-256(salt + str(number)), number in [0, PROOF_OF_WORK_MAX_NUMBER]
    signature = hex HMAC-SHA256(key derived from SECRET_KEY, challenge)

A proof is good once: each solved challenge is recorded in the rate limiter's storage
(memory, or Redis shared by every web process) until it expires. Like the rate limits, the
check fails open when that storage is unreachable, and logs it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import math
import re
import secrets
import time

from flask import current_app

from webapp.extensions import limiter
from webapp.keys import keyed

log = logging.getLogger(__name__)

ALGORITHM = "SHA-256"
# A real proof is about 250 characters; anything much longer is refused before decoding.
MAX_PAYLOAD_CHARS = 1024
# The salt ends in "&" so that its digits and the number's cannot be traded: without it,
# salt "…expires=1700000000" + number "123" hashes like "…expires=17000000001" + "23",
# and one solution would buy a later expiry (ALTCHA fixed the same in its libraries).
_SALT = re.compile(r"[0-9a-f]{24}\?expires=([0-9]{1,12})&")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_FIELDS = {"algorithm", "challenge", "number", "salt", "signature"}


class InvalidProof(ValueError):
    """The proof sent is malformed, forged, wrong, expired or already used; the message
    says which, for the log (people are told only to press the button again)."""


def new_challenge() -> dict:
    """A fresh challenge for one showing of a form, as ALTCHA's widget reads it."""
    expires = int(time.time()) + current_app.config["PROOF_OF_WORK_SECONDS"]
    salt = f"{secrets.token_hex(12)}?expires={expires}&"
    maxnumber = current_app.config["PROOF_OF_WORK_MAX_NUMBER"]
    challenge = _hash(salt, secrets.randbelow(maxnumber + 1))
    return {
        "algorithm": ALGORITHM,
        "challenge": challenge,
        "maxnumber": maxnumber,
        "salt": salt,
        "signature": _sign(challenge),
    }


def verify(payload: str) -> None:
    """Accept a solved challenge once; raise InvalidProof for anything else."""
    proof = _solved(payload)
    _spend(proof["challenge"], proof["expires"])


def is_solved(payload: str | None) -> bool:
    """Whether the payload solves a challenge of ours, without spending it: for decisions
    taken before the form is read (which rate limit applies), never for accepting it."""
    try:
        _solved(payload or "")
    except InvalidProof:
        return False
    return True


def _solved(payload: str) -> dict:
    """The checks that need no storage, cheapest first: size, shape, signature, hash, time."""
    if not payload or len(payload) > MAX_PAYLOAD_CHARS:
        raise InvalidProof("missing or oversized payload")
    try:
        proof = json.loads(base64.b64decode(payload, validate=True))
    except (binascii.Error, ValueError) as error:  # UnicodeDecodeError is a ValueError
        raise InvalidProof("not base64 JSON") from error
    if not isinstance(proof, dict) or set(proof) != _FIELDS:
        raise InvalidProof("not a proof object")
    if proof["algorithm"] != ALGORITHM:
        raise InvalidProof("unknown algorithm")
    challenge, salt, number = proof["challenge"], proof["salt"], proof["number"]
    # bool is an int to Python, and json gives floats for 1.0: neither is a number tried.
    if not (isinstance(number, int) and not isinstance(number, bool) and 0 <= number < 10**12):
        raise InvalidProof("number out of range")
    if not (isinstance(challenge, str) and _HEX64.fullmatch(challenge)):
        raise InvalidProof("malformed challenge")
    if not (isinstance(salt, str) and (match := _SALT.fullmatch(salt))):
        raise InvalidProof("malformed salt")
    signature = proof["signature"]
    if not (isinstance(signature, str) and _HEX64.fullmatch(signature)):
        raise InvalidProof("malformed signature")  # compare_digest takes ASCII text only
    if not hmac.compare_digest(signature, _sign(challenge)):
        raise InvalidProof("signature does not match")
    if not hmac.compare_digest(challenge, _hash(salt, number)):
        raise InvalidProof("number does not solve the challenge")
    expires = int(match.group(1))
    if expires <= time.time():
        raise InvalidProof("challenge expired")
    return {"challenge": challenge, "expires": expires}


def _spend(challenge: str, expires: int) -> None:
    """Record the challenge as used; refuse it if it was used before. Kept until it
    expires (and a minute more, for clocks that differ between machines)."""
    ttl = max(1, math.ceil(expires - time.time())) + 60
    try:
        uses = limiter.storage.incr(f"proof-of-work:{challenge}", ttl)
    except Exception as error:  # noqa: BLE001 - any storage failure: fail open, as the limits do
        log.warning("proof of work: replay check skipped, limiter storage unreachable: %s", error)
        return
    if uses > 1:
        raise InvalidProof("challenge already used")


def _key() -> bytes:
    """The HMAC key: derived from SECRET_KEY for this purpose only, so a signature made
    here is worth nothing to cookies or tokens signed with the same secret."""
    return keyed(b"write-for-rights proof-of-work v1").digest()


def _sign(challenge: str) -> str:
    return hmac.new(_key(), challenge.encode(), hashlib.sha256).hexdigest()


def _hash(salt: str, number: int) -> str:
    return hashlib.sha256(f"{salt}{number}".encode()).hexdigest()
