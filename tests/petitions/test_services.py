"""The petition rules, tested through the service functions."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.factories import PetitionFactory, SignatureFactory
from webapp.models import Signature, SignatureStatus, utcnow
from webapp.petitions import services


def _sign(petition, email="ada@example.org", **overrides):
    values = {"full_name": "Ada Lovelace", "email": email, "country": "GB", "opt_in": False}
    values.update(overrides)
    services.sign_petition(petition, **values)


def _token_from(message) -> str:
    return re.search(r"/confirm/(\S+)", message.body_text).group(1)


def _signatures(db, petition) -> list[Signature]:
    return list(db.session.scalars(db.select(Signature).where(Signature.petition == petition)))


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Ada@Example.org", "ada@example.org"),
        ("  ada@example.org ", "ada@example.org"),
        ("ada+petitions@example.org", "ada@example.org"),
        ("a.d.a@gmail.com", "ada@gmail.com"),
        ("A.D.A+news@GoogleMail.com", "ada@gmail.com"),
        ("a.da@example.org", "a.da@example.org"),  # dots matter outside Gmail
        ("+only@example.org", "+only@example.org"),  # no base before the tag: keep as is
        ("ada@bücher.de", "ada@xn--bcher-kva.de"),
    ],
)
def test_canonical_email_folds_the_forms_one_mailbox_takes(typed, canonical):
    assert services.canonical_email(typed) == canonical


def test_signing_records_a_pending_signature_and_emails_a_confirmation_link(db, outbox):
    petition = PetitionFactory()
    _sign(petition)

    [signature] = _signatures(db, petition)
    assert signature.status is SignatureStatus.PENDING
    assert signature.email_canonical == "ada@example.org"
    [message] = outbox("ada@example.org")
    assert message.kind == "signature-confirm"
    assert petition.title in message.subject
    assert "http://localhost/confirm/" in message.body_text
    assert services.signature_count(petition) == 0


def test_pending_signatures_do_not_count_until_confirmed(db, outbox):
    petition = PetitionFactory()
    _sign(petition, "one@example.org")
    _sign(petition, "two@example.org")
    assert services.signature_count(petition) == 0

    services.confirm_signature(_token_from(outbox("one@example.org")[0]))
    assert services.signature_count(petition) == 1


@pytest.mark.parametrize("again", ["ADA@example.org", "ada+again@example.org", "ada@EXAMPLE.ORG"])
def test_signing_again_in_another_form_adds_no_signature(db, outbox, again):
    petition = PetitionFactory()
    _sign(petition, "ada@example.org")
    _sign(petition, again)

    assert len(_signatures(db, petition)) == 1


def test_gmail_dots_and_tags_are_one_signer(db, outbox):
    petition = PetitionFactory()
    _sign(petition, "ada.lovelace@gmail.com")
    _sign(petition, "adalovelace+x@googlemail.com")
    assert len(_signatures(db, petition)) == 1


def test_repeat_before_confirming_resends_the_same_working_link(db, outbox):
    petition = PetitionFactory()
    _sign(petition)
    _sign(petition)

    first, reminder = outbox("ada@example.org")
    assert reminder.kind == "signature-confirm"
    assert "again" in reminder.body_text
    assert _token_from(first) == _token_from(reminder)
    services.confirm_signature(_token_from(first))
    assert services.signature_count(petition) == 1


def test_repeat_after_confirming_emails_that_they_already_signed(db, outbox):
    petition = PetitionFactory()
    _sign(petition)
    services.confirm_signature(_token_from(outbox()[0]))
    _sign(petition, "Ada@Example.org")

    assert [m.kind for m in outbox()] == ["signature-confirm", "signature-already-signed"]
    assert services.signature_count(petition) == 1


def test_repeat_emails_are_capped_per_day_so_no_one_can_mail_bomb_an_address(app, db, outbox):
    cap = app.config["SIGNATURE_NOTICE_CAP"]
    petition = PetitionFactory()
    now = utcnow()
    services.sign_petition(
        petition, full_name="A", email="ada@example.org", country="GB", opt_in=False, now=now
    )
    for minute in range(cap + 5):
        services.sign_petition(
            petition,
            full_name="A",
            email="ada@example.org",
            country="GB",
            opt_in=False,
            now=now + timedelta(minutes=minute),
        )
    assert len(outbox()) == 1 + cap

    services.sign_petition(
        petition,
        full_name="A",
        email="ada@example.org",
        country="GB",
        opt_in=False,
        now=now + timedelta(days=1, minutes=10),
    )
    assert len(outbox()) == 2 + cap


def test_invalidated_signer_signing_again_gets_no_email(db, outbox):
    signature = SignatureFactory(email="ada@example.org", status=SignatureStatus.INVALIDATED)
    _sign(signature.petition)
    assert outbox() == []


def test_signing_a_closed_petition_is_refused(db, outbox):
    petition = PetitionFactory(closed=True)
    with pytest.raises(services.PetitionClosedError):
        _sign(petition)
    assert outbox() == []


def test_signing_after_the_close_date_is_refused(db):
    petition = PetitionFactory(closes_at=utcnow() - timedelta(minutes=1))
    with pytest.raises(services.PetitionClosedError):
        _sign(petition)


def test_confirming_twice_counts_once(db, outbox):
    petition = PetitionFactory()
    _sign(petition)
    token = _token_from(outbox()[0])
    services.confirm_signature(token)
    signature = services.confirm_signature(token)

    assert signature.status is SignatureStatus.CONFIRMED
    assert signature.confirmed_at is not None
    assert services.signature_count(petition) == 1


@pytest.mark.parametrize("token", ["", "nonsense", "eyJub25jZSI6ImZha2UifQ.forged"])
def test_a_forged_or_mangled_token_is_refused(db, token):
    with pytest.raises(services.InvalidConfirmationError):
        services.confirm_signature(token)


def test_a_token_signed_with_another_key_is_refused(app, db, outbox):
    from itsdangerous import URLSafeSerializer

    signature = SignatureFactory()
    forged = URLSafeSerializer("another-key", salt="signature-confirm").dumps(signature.token_nonce)
    with pytest.raises(services.InvalidConfirmationError):
        services.confirm_signature(forged)


def test_a_confirmation_after_seven_days_is_expired(db, outbox):
    petition = PetitionFactory()
    signed_at = utcnow() - timedelta(days=7, minutes=1)
    services.sign_petition(
        petition,
        full_name="A",
        email="ada@example.org",
        country="GB",
        opt_in=False,
        now=signed_at,
    )
    with pytest.raises(services.ConfirmationExpiredError):
        services.confirm_signature(_token_from(outbox()[0]))
    assert services.signature_count(petition) == 0


def test_signing_again_after_expiry_starts_afresh(db, outbox):
    petition = PetitionFactory()
    long_ago = utcnow() - timedelta(days=8)
    services.sign_petition(
        petition,
        full_name="Old Name",
        email="ada@example.org",
        country="GB",
        opt_in=False,
        now=long_ago,
    )
    # As it was sent then: an email is written when the worker sends it.
    first_link = _token_from(outbox()[0])
    _sign(petition, full_name="New Name", country="FR")

    [signature] = _signatures(db, petition)
    assert (signature.full_name, signature.country) == ("New Name", "FR")
    fresh = outbox()[-1]
    assert _token_from(fresh) != first_link
    with pytest.raises(services.InvalidConfirmationError):
        services.confirm_signature(first_link)
    services.confirm_signature(_token_from(fresh))
    assert services.signature_count(petition) == 1


def test_confirming_after_the_petition_closed_is_refused(db, outbox):
    petition = PetitionFactory()
    _sign(petition)
    petition.status = petition.status.CLOSED
    with pytest.raises(services.PetitionClosedError):
        services.confirm_signature(_token_from(outbox()[0]))


def test_expiry_deletes_only_old_unconfirmed_signatures(db):
    old = utcnow() - timedelta(days=8)
    stale = SignatureFactory(created_at=old)
    confirmed_long_ago = SignatureFactory(created_at=old, confirmed=True)
    recent = SignatureFactory()

    assert services.expire_unconfirmed() == 1
    remaining = set(db.session.scalars(db.select(Signature.id)))
    assert remaining == {confirmed_long_ago.id, recent.id}
    assert stale.id not in remaining


def test_recount_rebuilds_totals_from_rows(db):
    petition = PetitionFactory()
    SignatureFactory.create_batch(3, petition=petition, confirmed=True)
    SignatureFactory(petition=petition)  # pending: never counted
    assert services.signature_count(petition) == 0  # rows made behind the counter's back

    assert services.recount() == {petition.id: 3}
    assert services.signature_count(petition) == 3
    assert services.recount() == {}


def test_recount_corrects_a_counter_that_ran_ahead(db, outbox):
    petition = PetitionFactory()
    _sign(petition)
    services.confirm_signature(_token_from(outbox()[0]))
    services._add_to_count(petition.id, 5, 4)  # simulate drift
    assert services.signature_count(petition) == 5

    services.recount([petition.id])
    assert services.signature_count(petition) == 1


def test_drafts_and_petitions_of_draft_cases_are_not_public(db):
    draft = PetitionFactory(draft=True)
    hidden_case = PetitionFactory(case__draft=True)
    visible = PetitionFactory()

    assert services.get_public_petition(draft.slug) is None
    assert services.get_public_petition(hidden_case.slug) is None
    assert services.get_public_petition(visible.slug) == visible
