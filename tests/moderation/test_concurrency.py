"""A signer confirming while an organiser invalidates, on PostgreSQL, with real commits."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.factories import PetitionFactory, UserFactory
from webapp.extensions import db
from webapp.models import Signature, SignatureStatus, User
from webapp.moderation import services
from webapp.moderation.services import SignatureFilter
from webapp.petitions import services as petitions
from webapp.petitions.links import confirmation_token

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("committed_db")]
SPAM = SignatureFilter(email_domain="spam.test")


def _pending_signature() -> tuple[int, int, str, int]:
    """A petition with one pending spam.test signature: petition, signature, token, actor."""
    petition = PetitionFactory()
    petitions.sign_petition(
        petition, full_name="Bot", email="bot@spam.test", country="GB", opt_in=False
    )
    signature = db.session.scalars(db.select(Signature)).one()
    actor = UserFactory(organiser=True)
    db.session.commit()
    return petition.id, signature.id, confirmation_token(signature), actor.id


def _both(app, first, second) -> None:
    """Run two pieces of work in their own threads and sessions, side by side."""

    def run(work) -> None:
        with app.app_context():
            try:
                work()
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=2) as pool:
        for future in [pool.submit(run, first), pool.submit(run, second)]:
            future.result(timeout=30)


def _settled(petition_id: int, signature_id: int) -> tuple[SignatureStatus, int, dict]:
    db.session.remove()
    status = db.session.get(Signature, signature_id).status
    return status, petitions.signature_counts([petition_id])[petition_id], petitions.recount()


def test_a_confirmation_waiting_on_an_invalidation_adds_nothing(app):
    petition_id, signature_id, token, actor_id = _pending_signature()
    invalidated = threading.Event()

    def moderate() -> None:
        assert services.invalidate(db.session.get(User, actor_id), SPAM, 1) == 1
        invalidated.set()
        time.sleep(0.5)  # the signer's click arrives while this is not yet committed
        db.session.commit()

    def confirm() -> None:
        assert invalidated.wait(10)
        petitions.confirm_signature(token)
        db.session.commit()

    _both(app, moderate, confirm)

    assert _settled(petition_id, signature_id) == (SignatureStatus.INVALIDATED, 0, {})


def test_an_invalidation_waiting_on_a_confirmation_takes_it_out_of_the_count(app):
    petition_id, signature_id, token, actor_id = _pending_signature()
    confirmed = threading.Event()

    def confirm() -> None:
        petitions.confirm_signature(token)
        confirmed.set()
        time.sleep(0.5)  # the organiser's click arrives while this is not yet committed
        db.session.commit()

    def moderate() -> None:
        assert confirmed.wait(10)
        # The preview saw it pending; by the time the UPDATE runs it is confirmed.
        assert services.invalidate(db.session.get(User, actor_id), SPAM, 1) == 1
        db.session.commit()

    _both(app, confirm, moderate)

    assert _settled(petition_id, signature_id) == (SignatureStatus.INVALIDATED, 0, {})
