"""The organiser's rules for petitions, called directly (webapp.petitions.services): what
is refused, and what closing a petition does. The pages that call them are tested in
tests/content/test_petitions.py."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from tests.factories import CaseFactory, PetitionFactory, SignatureFactory, TargetFactory
from webapp.models import AuditEvent, PetitionStatus, Signature
from webapp.petitions.services import (
    PetitionClosedError,
    PetitionError,
    PetitionValues,
    change_petition_status,
    create_petition,
    sign_petition,
    signature_count,
)

PETITION = PetitionValues(
    slug="free-amina",
    title="Free Amina",
    body="We, the undersigned, ask you to release Amina.",
    case_id=None,
    target_id=None,
    goal=5000,
    opens_at=None,
    closes_at=None,
)


def test_closing_keeps_the_signatures_and_their_total_and_stops_new_ones(db, people):
    petition = PetitionFactory()
    SignatureFactory.create_batch(2, petition=petition, confirmed=True)
    total = signature_count(petition)
    change_petition_status(people["organiser"], petition, PetitionStatus.CLOSED)
    assert petition.closed_at is not None
    assert db.session.query(Signature).count() == 2
    assert signature_count(petition) == total
    with pytest.raises(PetitionClosedError):
        sign_petition(
            petition, full_name="Late Signer", email="late@example.org", country="GB", opt_in=False
        )
    actions = list(db.session.scalars(db.select(AuditEvent.action)))
    assert actions == ["petition.closed"]


def test_a_petition_is_addressed_only_to_a_target_of_its_own_case(db, people):
    case = CaseFactory()
    other = TargetFactory()
    values = dataclasses.replace(PETITION, case_id=case.id, target_id=other.id)
    with pytest.raises(PetitionError, match="is a target of another case") as refused:
        create_petition(people["organiser"], values)
    assert refused.value.field == "target_id"
    with pytest.raises(PetitionError) as refused:
        create_petition(people["organiser"], dataclasses.replace(values, case_id=None))
    assert refused.value.field == "case_id"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slug": "Free Amina"}, "slug"),
        ({"case_id": 999_999}, "case_id"),
        (
            {
                "opens_at": datetime(2026, 12, 10, tzinfo=UTC),
                "closes_at": datetime(2026, 12, 1, tzinfo=UTC),
            },
            "closes_at",
        ),
    ],
)
def test_a_refused_petition_names_its_field(db, people, changes, field):
    with pytest.raises(PetitionError) as refused:
        create_petition(people["organiser"], dataclasses.replace(PETITION, **changes))
    assert refused.value.field == field


def test_a_taken_slug_is_refused(db, people):
    PetitionFactory(slug="free-amina")
    with pytest.raises(PetitionError, match="Another petition already has") as refused:
        create_petition(people["organiser"], PETITION)
    assert refused.value.field == "slug"
