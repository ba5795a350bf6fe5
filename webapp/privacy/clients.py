"""Clients as the fraud checks see them: a keyed hash of the network address, never the
address itself.

The key changes every UTC day, so one day's hashes cannot be linked to another's, and
without SECRET_KEY they cannot be linked to an address at all (with it, IPv4's small
space could be searched: keep it secret). An IPv6 client is hashed by its /64 prefix,
because one household or phone holds a whole /64 and could step through it.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from flask_limiter.util import get_remote_address

from webapp.keys import keyed
from webapp.models import utcnow
from webapp.utils.network import client_network


def client_hash(address: str | None = None, now: datetime | None = None) -> str | None:
    """The hash of this request's client (or of the address given), for today."""
    address = address if address is not None else get_remote_address()
    if not address:
        return None
    # Always by /64 here, whatever the rate limits use: the hashes stay comparable.
    network = client_network(address, 64)
    day = (now or utcnow()).date().isoformat()
    key = keyed(f"client-hash:{day}").digest()
    return hmac.new(key, network.encode(), hashlib.sha256).hexdigest()[:32]
