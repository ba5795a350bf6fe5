"""Petition delivery's background job: build the packs too large to make in the request
(webapp/background/registry.py)."""

from __future__ import annotations

from webapp.background.registry import Job
from webapp.delivery.services import NEW_PACK_FLAG, run_delivery_packs

JOBS = [
    Job(
        "delivery",
        run_delivery_packs,
        in_process="DELIVERY_IN_PROCESS",
        poll_seconds=30,
        wake_flag=NEW_PACK_FLAG,
    ),
]
