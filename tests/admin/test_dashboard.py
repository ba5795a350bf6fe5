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
    StudentFactory,
    TargetFactory,
)
from webapp.admin import dashboard as stats
from webapp.classrooms.services import close_classroom
from webapp.letters.services import LetterCounts, classroom_letter_counts, letter_counts
from webapp.models import (
    ClassroomTally,
    Letter,
    LetterKind,
    LetterStatus,
    Signature,
    SignatureDailyCount,
    SignatureStatus,
    utcnow,
)
from webapp.petitions.rollups import refresh_daily_counts
from webapp.petitions.services import signature_count
from webapp.privacy.jobs import apply_retention


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
            counted=12,  # approved (below TALLY_REVIEW_ABOVE)
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


def _letters_in_every_state(case, target, classroom=None) -> None:
    for status in LetterStatus:
        student = StudentFactory(classroom=classroom) if classroom is not None else None
        LetterFactory(case=case, target=target, classroom=classroom, student=student, status=status)


def _reported(db, classroom, case, count: int) -> None:
    db.session.add(
        ClassroomTally(
            classroom_id=classroom.id,
            case_id=case.id,
            kind=LetterKind.APPEAL,
            reported=count,
            counted=count,  # approved
            archived_written=0,
            archived_posted=0,
        )
    )


def test_the_case_page_and_the_dashboard_show_the_same_totals(db, client, people, browser_for):
    case = CaseFactory(name="Leyla Ahmadi")
    target = TargetFactory(case=case)
    petition = PetitionFactory(case=case, title="Free Leyla", goal=500)
    confirmed_signatures(
        petition, [("A", "a@x.org", "GB"), ("B", "b@x.org", "BR"), ("C", "c@x.org", "BR")]
    )
    SignatureFactory(petition=petition)  # pending: never counted
    SignatureFactory(petition=petition, status=SignatureStatus.INVALIDATED)
    # Supporters' letters, one in each state: approved, printed and posted are written.
    _letters_in_every_state(case, target)
    # A classroom writing now, which also reported 7 letters written by hand.
    writing = ClassroomFactory()
    _letters_in_every_state(case, target, writing)
    _reported(db, writing, case, 7)
    # A classroom closed long ago: retention deletes its letters and keeps their count.
    archived = ClassroomFactory()
    _letters_in_every_state(case, target, archived)
    LetterFactory(
        case=case,
        target=target,
        classroom=archived,
        student=StudentFactory(classroom=archived),
        status=LetterStatus.POSTED,
    )
    _reported(db, archived, case, 5)
    close_classroom(archived)
    archived.closed_at = utcnow() - timedelta(days=60)
    db.session.commit()
    assert apply_retention()["closed_classroom_letters_deleted"] == 7
    db.session.commit()
    assert (
        db.session.scalar(
            select(func.count()).select_from(Letter).where(Letter.classroom_id == archived.id)
        )
        == 0
    )
    tally = db.session.scalars(
        select(ClassroomTally).where(ClassroomTally.classroom_id == archived.id)
    ).one()
    assert (tally.archived_written, tally.archived_posted, tally.reported) == (4, 2, 5)

    # written: 3 supporters', 3 in the open classroom, 4 archived; posted: 1 + 1 + 2;
    # reported by hand: 7 + 5; by students on the platform: 3 + 4.
    assert letter_counts([case.id])[case.id] == LetterCounts(written=10, posted=4, reported=12)
    assert classroom_letter_counts([case.id])[case.id] == 7
    assert signature_count(petition) == 3

    public = _text(client.get(f"/cases/{case.slug}"))
    assert "3 signatures of a goal of 500" in public
    assert "10 letters written, 4 posted, and 12 written by hand in classrooms" in public

    dashboard = _text(browser_for(people["organiser"]).get("/admin/"))
    figures = re.sub(r"<[^>]+>", "", dashboard)
    assert "Free Leyla</a></td> <td>open</td> <td>3</td> <td>500</td>" in dashboard
    assert "<td>Leyla Ahmadi</td><td>10</td><td>4</td><td>7</td><td>12</td>" in dashboard
    assert "3 confirmed signatures" in figures
    assert "10 letters and cards written" in figures
    assert "4 posted" in figures
    assert "7 by students in classrooms" in figures
    assert "12 handwritten, reported by teachers" in figures
