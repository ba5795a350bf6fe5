"""The operations commands, through the Flask CLI."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import PetitionFactory, SignatureFactory
from webapp.campaigns.demo_content import DEMO_CASES, ISSUE_AREAS
from webapp.models import Case, IssueArea, Petition, PetitionStatus, Signature, Target, utcnow
from webapp.petitions.services import signature_count
from webapp.updates.demo_content import DEMO_UPDATES


def _counts(db) -> tuple[int, ...]:
    return tuple(
        db.session.scalar(db.select(db.func.count()).select_from(model))
        for model in (IssueArea, Case, Target, Petition)
    )


def test_seed_loads_the_demo_content_and_is_idempotent(runner, db):
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    assert f"{len(DEMO_CASES)} cases" in first.output
    assert f"{len(DEMO_UPDATES)} updates were new" in first.output
    counts = _counts(db)
    assert counts[0] == len(ISSUE_AREAS) == 8
    assert counts[1] == len(DEMO_CASES)

    second = runner.invoke(args=["seed"])
    assert "0 issue areas, 0 cases, 0 petitions and 0 updates were new" in second.output
    assert _counts(db) == counts


def test_check_addresses_lists_those_that_would_not_show_in_a_window(runner, db):
    runner.invoke(args=["seed"])
    fine = runner.invoke(args=["check-addresses"])
    assert fine.exit_code == 0 and "Every address fits" in fine.output
    target = db.session.scalars(db.select(Target).order_by(Target.id)).first()
    target.address += "\nOne line too many\nAnd another"  # saved before the CMS checked
    db.session.commit()
    unfit = runner.invoke(args=["check-addresses"])
    assert unfit.exit_code == 1
    assert f"{target.case.slug}: {target.name}: This address has 7 lines" in unfit.output


def test_seeded_cases_have_full_addresses_and_open_petitions(runner, db):
    runner.invoke(args=["seed"])
    for target in db.session.scalars(db.select(Target)):
        assert len(target.address_lines) >= 2 and target.salutation
    petitions = db.session.scalars(db.select(Petition)).all()
    assert {p.status for p in petitions} == {PetitionStatus.OPEN}
    assert all(p.target is not None for p in petitions)


def test_recount_reports_and_fixes_drift(runner, db):
    petition = PetitionFactory()
    SignatureFactory.create_batch(2, petition=petition, confirmed=True)
    result = runner.invoke(args=["recount"])
    assert f"Petition {petition.id}: total corrected by +2." in result.output
    assert signature_count(petition) == 2
    assert "already matched" in runner.invoke(args=["recount"]).output


def test_purge_expires_old_unconfirmed_signatures(runner, db):
    SignatureFactory(created_at=utcnow() - timedelta(days=8))
    kept = SignatureFactory(confirmed=True)
    result = runner.invoke(args=["purge"])
    assert "unconfirmed signatures expired: 1" in result.output
    assert db.session.scalars(db.select(Signature.id)).all() == [kept.id]


def test_seed_opens_demo_accounts_outside_production(runner, db, app, login):
    from webapp.models import User, UserRole

    result = runner.invoke(args=["seed"])
    assert "admin@example.org (an admin" in result.output
    roles = {user.email: user.role for user in db.session.scalars(db.select(User))}
    assert roles == {"teacher@example.org": UserRole.TEACHER, "admin@example.org": UserRole.ADMIN}
    admin = db.session.scalars(db.select(User).where(User.role == UserRole.ADMIN)).one()
    response = login(app.test_client(), admin, "write for rights demo")
    assert response.location == "/admin/"


def test_unsubscribe_stops_the_updates_of_the_token_a_mailto_unsubscribe_names(runner, db):
    from webapp.models import ALL_CASES, EmailSuppression
    from webapp.outbox.suppressions import list_key, unsubscribe_token

    token = unsubscribe_token("ana@example.org")
    result = runner.invoke(args=["unsubscribe", token])
    assert result.exit_code == 0 and "stopped: 1" in result.output
    [stopped] = db.session.scalars(db.select(EmailSuppression)).all()
    assert (stopped.email_key, stopped.scope) == (list_key("Ana@Example.org"), ALL_CASES)
