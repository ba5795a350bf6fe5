"""Many people signing at once, on PostgreSQL, with real commits from many threads."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.emails import as_sent
from tests.factories import PetitionFactory
from webapp.extensions import db
from webapp.models import OutboxMessage, Signature, SignatureStatus
from webapp.petitions import services

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("committed_db")]


def _in_threads(app, count: int, work) -> None:
    barrier = threading.Barrier(count)

    def run(index: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                work(index)
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=count) as pool:
        for future in [pool.submit(run, i) for i in range(count)]:
            future.result()


def _new_petition_id() -> int:
    petition = PetitionFactory(goal=200)
    db.session.commit()
    return petition.id


def test_twenty_threads_signing_with_one_address_make_one_signature(app):
    petition_id = _new_petition_id()

    def sign(index: int) -> None:
        petition = db.session.get(services.Petition, petition_id)
        address = "Ada@Example.org" if index % 2 else "ada+x@example.org"
        services.sign_petition(petition, full_name="Ada", email=address, country="GB", opt_in=False)
        db.session.commit()

    _in_threads(app, 20, sign)
    db.session.remove()
    count = db.session.scalar(
        db.select(db.func.count(Signature.id)).where(Signature.petition_id == petition_id)
    )
    assert count == 1
    emails = db.session.scalar(db.select(db.func.count(OutboxMessage.id)))
    assert emails <= 1 + app.config["SIGNATURE_NOTICE_CAP"]


def test_two_hundred_concurrent_signers_are_two_hundred_signatures_and_count(app):
    petition_id = _new_petition_id()
    tokens: dict[int, str] = {}

    def sign(index: int) -> None:
        petition = db.session.get(services.Petition, petition_id)
        services.sign_petition(
            petition,
            full_name=f"Signer {index}",
            email=f"s{index}@example.org",
            country="GB",
            opt_in=False,
        )
        db.session.commit()

    # 200 signers, 25 at a time against the pool, each in its own transaction.
    for start in range(0, 200, 25):
        _in_threads(app, 25, lambda i, start=start: sign(start + i))
    db.session.remove()
    messages = as_sent(db.session.scalars(db.select(OutboxMessage)))
    for message in messages:
        tokens[len(tokens)] = re.search(r"/confirm/(\S+)", message.body_text).group(1)
    assert len(tokens) == 200

    def confirm(index: int) -> None:
        services.confirm_signature(tokens[index])
        db.session.commit()

    for start in range(0, 200, 25):
        _in_threads(app, 25, lambda i, start=start: confirm(start + i))
    db.session.remove()
    petition = db.session.get(services.Petition, petition_id)
    assert services.signature_count(petition) == 200
    confirmed = db.session.scalar(
        db.select(db.func.count(Signature.id)).where(
            Signature.petition_id == petition_id, Signature.status == SignatureStatus.CONFIRMED
        )
    )
    assert confirmed == 200
    assert services.recount([petition_id]) == {}
