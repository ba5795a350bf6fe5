"""The token in a signature's confirmation link: a signed copy of the signature's nonce,
so a forged link is refused before the database is asked.

Made by whoever writes the confirmation email (the outbox worker, when it sends: issue
19) and read by the confirm page. A module of its own, so that the outbox can make it
without importing the petitions' services, which import the outbox.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from webapp.models import Signature


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="signature-confirm")


def confirmation_token(signature: Signature) -> str:
    """The token in the signature's confirmation link."""
    return _serializer().dumps(signature.token_nonce)


def nonce_in(token: str) -> str | None:
    """The nonce a confirmation link's token carries; None for a forged or broken one."""
    try:
        nonce = _serializer().loads(token)
    except BadSignature:
        return None
    return nonce if isinstance(nonce, str) else None
