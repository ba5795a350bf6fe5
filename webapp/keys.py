"""Keyed hashes under the app's SECRET_KEY, in one place.

Links, cookies and stored hashes carry a keyed hash where they must not carry the value
itself (an address, a network, a session's secret). Each use names its purpose in the
message ("my-data:...", "client-hash:<day>"), so a hash made for one is worth nothing
to another.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from flask import current_app


def keyed(message: str | bytes) -> hmac.HMAC:
    """HMAC-SHA256 of the message under SECRET_KEY (text or bytes, as configured)."""
    secret = current_app.config["SECRET_KEY"]
    secret = secret if isinstance(secret, bytes) else secret.encode()
    message = message if isinstance(message, bytes) else message.encode()
    return hmac.new(secret, message, hashlib.sha256)


def keyed_token(message: str) -> str:
    """The keyed hash as a link carries it: 16 bytes, base64url, unpadded."""
    return base64.urlsafe_b64encode(keyed(message).digest()[:16]).decode().rstrip("=")
