"""The dashboard's figures match the rows, and the daily roll-up matches a direct count."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from tests.admin.conftest import confirmed_signatures
from tests.factories import (
    CaseFactory,
    ClassroomFactory,
    LetterFactory,
    PetitionFactory,
    SignatureFactory,
    TargetFactory,
)
from webapp.admin import dashboard as stats
from webapp.models import (
    ClassroomTally,
    LetterKind,
    LetterStatus,
    Signature,
    SignatureDailyCount,
    SignatureStatus,
    utcnow,
)
from webapp.petitions.rollups import refresh_daily_counts


def _text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def test_the_roll_up_matches_a_direct_count_of_confirmed_signatures(db):
    petition = PetitionFactory()
    now = utcnow()
    confirmed_signatures(
        petition,
        [("A", "a@x.org", "GB"), ("B", "b@x.org", "GB"), ("C", "c@x.org", "FR")],
        now=now - timedelta(days=3),
    )
    confirmed_signatures(petition, [("D", "d@x.org", "FR")], now=now)
    SignatureFactory(petition=petition, country="DE")  # pending: never counted
    refresh_daily_counts(now.date() - timedelta(days=10))
    rolled = {
        (row.day, row.country): row.count for row in db.session.scalars(select(SignatureDailyCount))
    }
    assert rolled == {
        ((now - timedelta(days=3)).date(), "GB"): 2,
        ((now - timedelta(days=3)).date(), "FR"): 1,
        (now.date(), "FR"): 1,
    }
    assert sum(rolled.values()) == db.session.scalar(
        select(func.count()).where(Signature.status == SignatureStatus.CONFIRMED)
    )


def test_rebuilding_a_day_drops_what_was_invalidated_since(db):
    petition = PetitionFactory()
    confirmed_signatures(petition, [("A", "a@x.org", "GB"), ("B", "b@x.org", "GB")])
    refresh_daily_counts()
    signature = db.session.scalars(select(Signature).where(Signature.email == "a@x.org")).one()
    signature.status = SignatureStatus.INVALIDATED
    refresh_daily_counts()
    assert db.session.scalar(select(func.sum(SignatureDailyCount.count))) == 1


def test_the_dashboard_shows_totals_days_countries_cases_and_activity(db, people, browser_for):
    case = CaseFactory(name="Leyla Ahmadi")
    target = TargetFactory(case=case)
    petition = PetitionFactory(case=case, title="Free Leyla", goal=500)
    now = utcnow()
    confirmed_signatures(
        petition,
        [("A", "a@x.org", "GB"), ("B", "b@x.org", "BR"), ("C", "c@x.org", "BR")],
        now=now - timedelta(days=1),
    )
    LetterFactory(case=case, target=target, status=LetterStatus.POSTED)
    LetterFactory(case=case, target=target, status=LetterStatus.PRINTED)
    LetterFactory(case=case, target=target, status=LetterStatus.DRAFT)  # not written yet
    classroom = ClassroomFactory()
    LetterFactory(case=case, target=target, classroom=classroom, status=LetterStatus.APPROVED)
    db.session.add(
        ClassroomTally(
            classroom_id=classroom.id,
            case_id=case.id,
            kind=LetterKind.APPEAL,
            reported=12,
            archived_written=0,
            archived_posted=0,
        )
    )
    refresh_daily_counts()
    db.session.commit()

    page = _text(browser_for(people["organiser"]).get("/admin/"))
    figures = re.sub(r"<[^>]+>", "", page)
    assert "3 confirmed signatures" in figures
    assert "3 letters and cards written" in figures
    assert "1 posted" in figures
    assert "1 by students in classrooms" in figures
    assert "12 handwritten, reported by teachers" in figures
    assert "Total in these days: 3." in page
    assert "<td>Brazil</td><td>2</td>" in page and "<td>United Kingdom</td><td>1</td>" in page
    assert "Free Leyla</a></td> <td>open</td> <td>3</td> <td>500</td>" in page
    assert "<td>Leyla Ahmadi</td><td>3</td><td>1</td><td>1</td><td>12</td>" in page
    assert "A signature from BR on “Free Leyla”" in page
    assert "a@x.org" not in page and ">A<" not in page  # no signer's name or address

    one = _text(browser_for(people["organiser"]).get(f"/admin/?petition={petition.slug}"))
    assert "Dashboard: Free Leyla" in one
    assert browser_for(people["organiser"]).get("/admin/?petition=nope").status_code == 404


def test_signatures_per_day_keeps_days_without_signatures(db):
    petition = PetitionFactory()
    confirmed_signatures(petition, [("A", "a@x.org", "GB")], now=utcnow() - timedelta(days=2))
    refresh_daily_counts(utcnow().date() - timedelta(days=5))
    days = stats.signatures_per_day(days=5)
    assert [count for _, count in days] == [0, 0, 1, 0, 0]
    assert days[-1][0] == utcnow().date()
