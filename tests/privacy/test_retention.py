"""Retention: signers anonymised months after their petition closes, supporters' letters
wiped after a while; counts, countries and days never change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.admin.conftest import confirmed_signatures
from tests.factories import LetterFactory, PetitionFactory
from webapp.models import Letter, LetterDocument, PetitionStatus, Signature, SignatureStatus
from webapp.petitions.rollups import refresh_daily_counts
from webapp.petitions.services import recount, sign_petition, signature_count
from webapp.privacy import services
from webapp.privacy.jobs import apply_retention
from webapp.privacy.services import months_before

NOW = datetime(2027, 9, 1, 12, 0, tzinfo=UTC)
SIGNED = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2027, 9, 1, 12, tzinfo=UTC), 6, datetime(2027, 3, 1, 12, tzinfo=UTC)),
        (datetime(2027, 8, 31, tzinfo=UTC), 6, datetime(2027, 2, 28, tzinfo=UTC)),
        (datetime(2028, 8, 31, tzinfo=UTC), 6, datetime(2028, 2, 29, tzinfo=UTC)),
        (datetime(2027, 1, 15, tzinfo=UTC), 13, datetime(2025, 12, 15, tzinfo=UTC)),
        (datetime(2027, 5, 31, tzinfo=UTC), 1, datetime(2027, 4, 30, tzinfo=UTC)),
    ],
)
def test_months_are_calendar_months(moment, months, expected):
    assert months_before(moment, months) == expected


def _closed_petition(db, *, closed_at, by_date=False):
    petition = PetitionFactory()
    db.session.commit()
    at = f"@{petition.slug}.example.org"  # the helper finds each signer by address
    confirmed_signatures(
        petition, [("Ada", "ada" + at, "FR"), ("Grace", "grace" + at, "US")], now=SIGNED
    )
    sign_petition(
        petition, full_name="Late", email="late" + at, country="DE", opt_in=False, now=SIGNED
    )
    if by_date:
        petition.closes_at = closed_at
    else:
        petition.status, petition.closed_at = PetitionStatus.CLOSED, closed_at
    db.session.commit()
    return petition


def _names(db, petition) -> list[str]:
    return sorted(
        db.session.scalars(select(Signature.full_name).where(Signature.petition_id == petition.id))
    )


@pytest.mark.parametrize("by_date", [False, True], ids=["closed-by-organiser", "closing-date"])
def test_signers_are_anonymised_six_months_after_closing_and_counts_stay(db, by_date):
    long_ago = _closed_petition(db, closed_at=NOW - timedelta(days=186), by_date=by_date)
    recently = _closed_petition(db, closed_at=NOW - timedelta(days=178), by_date=by_date)
    refresh_daily_counts(SIGNED.date())
    db.session.commit()
    days_before = _daily(db, long_ago)

    removed = apply_retention(NOW)
    db.session.commit()

    assert removed["closed_petition_signers_anonymised"] == 2
    # The unconfirmed signature expired long ago, on both (it never counted).
    assert _names(db, long_ago) == ["", ""]
    assert _names(db, recently) == ["Ada", "Grace"]
    assert signature_count(long_ago) == 2
    assert recount() == {}
    refresh_daily_counts(SIGNED.date())
    assert _daily(db, long_ago) == days_before == {"FR": 1, "US": 1}
    assert apply_retention(NOW)["closed_petition_signers_anonymised"] == 0  # once only


def _daily(db, petition) -> dict[str, int]:
    from webapp.models import SignatureDailyCount

    rows = db.session.execute(
        select(SignatureDailyCount.country, SignatureDailyCount.count).where(
            SignatureDailyCount.petition_id == petition.id
        )
    )
    return dict(rows.all())


def test_an_open_petition_keeps_its_signers(db):
    petition = PetitionFactory(closes_at=NOW + timedelta(days=30))
    db.session.commit()
    confirmed_signatures(petition, [("Ada", "ada@example.org", "FR")], now=SIGNED)
    apply_retention(NOW)
    assert _names(db, petition) == ["Ada"]


def test_the_months_are_configured(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "SIGNER_DATA_MONTHS", 1)
    petition = _closed_petition(db, closed_at=NOW - timedelta(days=40))
    apply_retention(NOW)
    assert _names(db, petition) == ["", ""]


def test_a_big_petition_is_anonymised_in_batches(db, monkeypatch):
    monkeypatch.setattr(services, "ANONYMISE_BATCH", 3)
    petition = PetitionFactory()
    db.session.commit()
    confirmed_signatures(
        petition, [(f"Signer {n}", f"s{n}@example.org", "GB") for n in range(10)], now=SIGNED
    )
    petition.status, petition.closed_at = PetitionStatus.CLOSED, NOW - timedelta(days=200)
    db.session.commit()
    assert apply_retention(NOW)["closed_petition_signers_anonymised"] == 10
    assert set(_names(db, petition)) == {""}
    anonymised = select(func.count()).where(Signature.anonymised_at.is_not(None))
    assert db.session.scalar(anonymised) == 10
    assert (
        db.session.scalar(select(func.count()).where(Signature.status == SignatureStatus.CONFIRMED))
        == 10
    )


def test_closing_a_petition_records_when_and_reopening_clears_it(db, people):
    from webapp.petitions.services import change_petition_status

    petition = PetitionFactory()
    change_petition_status(people["organiser"], petition, PetitionStatus.CLOSED)
    assert petition.closed_at is not None
    change_petition_status(people["organiser"], petition, PetitionStatus.OPEN)
    assert petition.closed_at is None


def test_supporters_letters_are_wiped_after_the_configured_days(client, db):
    old = LetterFactory(updated_at=NOW - timedelta(days=91))
    fresh = LetterFactory(updated_at=NOW - timedelta(days=89))
    old.document = LetterDocument(pdf=b"%PDF-1.7 old", page_count=1)
    db.session.commit()

    assert apply_retention(NOW)["supporters_letters_anonymised"] == 1
    db.session.commit()
    db.session.expire_all()
    assert (old.writer_name, old.writer_town, old.body) == ("", "", "")
    assert old.anonymised_at is not None and old.document is None
    assert fresh.writer_name == "Ana Pérez"
    assert db.session.scalar(select(func.count()).select_from(Letter)) == 2  # still counted

    response = client.get(f"/letters/{old.token}")
    assert response.status_code == 410
    assert "This letter has been deleted" in response.get_data(as_text=True)
    assert client.get(f"/letters/{old.token}/letter.pdf").status_code == 410
    assert client.get(f"/letters/{fresh.token}").status_code == 200


def test_flask_purge_applies_every_rule(app, db, runner):
    _closed_petition(db, closed_at=datetime.now(UTC) - timedelta(days=400))
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0
    assert "closed petition signers anonymised: 2" in result.output
    assert "supporters letters anonymised: 0" in result.output


def test_a_writer_deletes_their_letter_and_it_still_counts(client, db):
    letter = LetterFactory()
    db.session.commit()
    page = client.get(f"/letters/{letter.token}").get_data(as_text=True)
    assert "Delete my letter" in page
    response = client.post(f"/letters/{letter.token}/delete")
    assert response.status_code == 303
    assert "Your letter is deleted" in client.get(response.location).get_data(as_text=True)
    db.session.expire_all()
    assert (letter.writer_name, letter.body, letter.document) == ("", "", None)
    assert client.get(f"/letters/{letter.token}").status_code == 410
    assert client.post(f"/letters/{letter.token}/delete").status_code == 410
    assert db.session.scalar(select(func.count()).select_from(Letter)) == 1
