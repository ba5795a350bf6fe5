"""Moderation rules through the service: what a filter matches, and what invalidating does."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import PetitionFactory, UserFactory
from tests.moderation.conftest import DAY
from webapp.models import AuditEvent, Signature, SignatureDailyCount, SignatureStatus
from webapp.moderation import services
from webapp.moderation.services import SignatureFilter
from webapp.petitions.rollups import refresh_daily_counts
from webapp.petitions.services import recount, signature_counts

CONFIRMED = frozenset({SignatureStatus.CONFIRMED})
PENDING = frozenset({SignatureStatus.PENDING})


def _emails(db, signature_filter: SignatureFilter) -> set[str]:
    """The addresses a filter matches, straight from its conditions."""
    return set(
        db.session.scalars(select(Signature.email).where(*services._conditions(signature_filter)))
    )


def _rolled_up(db, petition) -> dict:
    rows = db.session.scalars(
        select(SignatureDailyCount).where(SignatureDailyCount.petition_id == petition.id)
    )
    return {(row.day, row.country): row.count for row in rows}


def _statuses(db, petition) -> dict[str, SignatureStatus]:
    db.session.expire_all()
    rows = db.session.scalars(select(Signature).where(Signature.petition_id == petition.id))
    return {row.email: row.status for row in rows}


# What a filter matches -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("domain", "subdomains", "matched"),
    [
        ("mailinator.com", False, {"a@mailinator.com", "b@MAILINATOR.COM", "c+x@mailinator.com"}),
        ("MailInator.COM", False, {"a@mailinator.com", "b@MAILINATOR.COM", "c+x@mailinator.com"}),
        ("@mailinator.com", False, {"a@mailinator.com", "b@MAILINATOR.COM", "c+x@mailinator.com"}),
        (
            "mailinator.com",
            True,
            {"a@mailinator.com", "b@MAILINATOR.COM", "c+x@mailinator.com", "d@eu.mailinator.com"},
        ),
        ("eu.mailinator.com", False, {"d@eu.mailinator.com"}),
        ("a_c.org", False, {"e@a_c.org"}),  # "_" is a character, not LIKE's wildcard
        ("a%c.org", False, set()),
        ("bücher.de", False, {"f@bücher.de"}),
        ("xn--bcher-kva.de", False, {"f@bücher.de"}),  # as the canonical form stores it
    ],
)
def test_the_email_domain_matches_the_part_after_the_at(db, sign, domain, subdomains, matched):
    petition = PetitionFactory()
    for email in [
        "a@mailinator.com",
        "b@MAILINATOR.COM",
        "c+x@mailinator.com",
        "d@eu.mailinator.com",
        "mailinator.com@example.org",  # the domain in the local part is not the domain
        "g@notmailinator.com",
        "h@mailinator.com.example.org",
        "e@a_c.org",
        "i@abc.org",
        "f@bücher.de",
    ]:
        sign(petition, email)

    found = services.preview(SignatureFilter(email_domain=domain, include_subdomains=subdomains))

    assert _emails(db, SignatureFilter(email_domain=domain, include_subdomains=subdomains)) == (
        matched
    )
    assert found.count == len(matched)


def test_the_signing_window_includes_its_start_and_excludes_its_end(db, sign):
    petition = PetitionFactory()
    start, end = DAY, DAY + timedelta(hours=2)
    sign(petition, "before@x.org", at=start - timedelta(seconds=1))
    sign(petition, "start@x.org", at=start)
    sign(petition, "inside@x.org", at=start + timedelta(hours=1))
    sign(petition, "end@x.org", at=end)

    window = SignatureFilter(signed_from=start, signed_until=end)
    assert _emails(db, window) == {"start@x.org", "inside@x.org"}
    assert services.preview(window).count == 2
    assert services.preview(SignatureFilter(signed_from=end)).count == 1
    assert services.preview(SignatureFilter(signed_until=start)).count == 1


def test_source_and_name_match_ignoring_case(db, sign):
    petition = PetitionFactory()
    sign(petition, "a@x.org", name="Bot McBotface", source="import")
    sign(petition, "b@x.org", name="bot mcbotface", source="web")
    sign(petition, "c@x.org", name="Robot McBotface Jr", source="IMPORT")
    sign(petition, "d@x.org", name="Grace Hopper", source="web")

    assert _emails(db, SignatureFilter(source="import")) == {"a@x.org", "c@x.org"}
    assert _emails(db, SignatureFilter(name="BOT McBotface")) == {"a@x.org", "b@x.org"}
    assert _emails(db, SignatureFilter(name="mcbot", name_contains=True)) == {
        "a@x.org",
        "b@x.org",
        "c@x.org",
    }
    assert _emails(db, SignatureFilter(name="100%", name_contains=True)) == set()
    combined = SignatureFilter(name="mcbotface", name_contains=True, source="web")
    assert services.preview(combined).count == 1


def test_a_repeated_name_counts_per_petition_within_the_other_criteria(db, sign):
    petition, other = PetitionFactory(), PetitionFactory()
    for n in range(3):
        sign(petition, f"bot{n}@x.org", name="Jane Doe")
    sign(petition, "late@x.org", name="jane doe", at=DAY + timedelta(days=2))
    sign(petition, "twice1@x.org", name="John Roe")
    sign(petition, "twice2@x.org", name="John Roe")
    sign(other, "elsewhere@x.org", name="John Roe")  # another petition: not a repeat here

    three = SignatureFilter(repeated_name_min=3)
    assert _emails(db, three) == {"bot0@x.org", "bot1@x.org", "bot2@x.org", "late@x.org"}
    windowed = SignatureFilter(repeated_name_min=4, signed_until=DAY + timedelta(days=1))
    assert _emails(db, windowed) == set()
    twice = SignatureFilter(repeated_name_min=2, petition_id=petition.id)
    assert len(_emails(db, twice)) == 6


def test_statuses_narrow_the_scope_and_invalidated_signatures_never_match(db, sign):
    petition = PetitionFactory()
    sign(petition, "confirmed@spam.test")
    sign(petition, "pending@spam.test", confirm=False)
    gone = sign(petition, "gone@spam.test")
    gone.status = SignatureStatus.INVALIDATED
    db.session.flush()

    domain = SignatureFilter(email_domain="spam.test")
    assert _emails(db, domain) == {"confirmed@spam.test", "pending@spam.test"}
    assert _emails(db, replace(domain, statuses=CONFIRMED)) == {"confirmed@spam.test"}
    assert _emails(db, replace(domain, statuses=PENDING)) == {"pending@spam.test"}


def test_the_preview_counts_per_petition_and_shows_a_sample_without_addresses(db, sign):
    busy, quiet = PetitionFactory(title="Busy"), PetitionFactory(title="Quiet")
    untouched = PetitionFactory(title="Untouched")
    for n in range(12):
        sign(busy, f"bot{n}@spam.test", name=f"Bot {n}", at=DAY + timedelta(minutes=n))
    sign(busy, "pending@spam.test", confirm=False, at=DAY - timedelta(days=1))
    sign(quiet, "one@spam.test", country="FR", at=DAY + timedelta(hours=5))
    sign(untouched, "real@example.org")

    found = services.preview(SignatureFilter(email_domain="spam.test"))

    assert (found.count, found.confirmed, found.pending) == (14, 13, 1)
    assert [(t.title, t.confirmed, t.pending) for t in found.by_petition] == [
        ("Busy", 12, 1),
        ("Quiet", 1, 0),
    ]
    assert len(found.sample) == services.SAMPLE_SIZE
    first = found.sample[0]
    assert (first.petition_title, first.email_domain, first.country) == ("Quiet", "spam.test", "FR")
    assert [row.name for row in found.sample[1:4]] == ["Bot 11", "Bot 10", "Bot 9"]
    assert all("@" not in row.email_domain for row in found.sample)


@pytest.mark.parametrize(
    ("signature_filter", "message"),
    [
        (SignatureFilter(), "at least one thing to match"),
        (SignatureFilter(petition_id=1), "at least one thing to match"),
        (SignatureFilter(statuses=CONFIRMED), "at least one thing to match"),
        (SignatureFilter(source="web", statuses=frozenset()), "confirmed signatures, pending"),
        (
            SignatureFilter(source="web", statuses=frozenset({SignatureStatus.INVALIDATED})),
            "confirmed signatures, pending",
        ),
        (SignatureFilter(signed_from=DAY, signed_until=DAY), "after its start"),
        (
            SignatureFilter(signed_from=DAY, signed_until=DAY - timedelta(hours=1)),
            "after its start",
        ),
        (SignatureFilter(signed_from=datetime(2025, 3, 1)), "in UTC"),
        (SignatureFilter(email_domain="@"), "give a domain"),
        (SignatureFilter(repeated_name_min=1), "at least twice"),
        (SignatureFilter(source="web", petition_id=999_999), "no such petition"),
    ],
)
def test_filters_that_cannot_be_used_are_refused(db, sign, signature_filter, message):
    petition = PetitionFactory()
    sign(petition, "a@x.org")
    actor = UserFactory(organiser=True)

    with pytest.raises(services.FilterError, match=message):
        services.preview(signature_filter)
    with pytest.raises(services.FilterError, match=message):
        services.invalidate(actor, signature_filter, 1)
    assert _statuses(db, petition) == {"a@x.org": SignatureStatus.CONFIRMED}
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


# Invalidating ------------------------------------------------------------------------------


def test_invalidating_takes_confirmed_signatures_out_of_the_total_and_the_roll_up(db, sign):
    petition, other = PetitionFactory(), PetitionFactory()
    yesterday, today = DAY - timedelta(days=1), DAY
    sign(petition, "real1@example.org", at=yesterday)
    sign(petition, "real2@example.org", country="FR", at=today)
    sign(petition, "bot1@spam.test", at=yesterday)
    sign(petition, "bot2@spam.test", at=today)
    sign(petition, "bot3@spam.test", country="FR", at=today)
    sign(petition, "bot4@spam.test", confirm=False, at=today)
    sign(other, "bot5@spam.test", at=today)
    refresh_daily_counts(yesterday.date() - timedelta(days=1))
    other_rolled_up = _rolled_up(db, other)
    assert signature_counts([petition.id, other.id]) == {petition.id: 5, other.id: 1}
    actor = UserFactory(organiser=True)

    signature_filter = SignatureFilter(petition_id=petition.id, email_domain="spam.test")
    found = services.preview(signature_filter)
    assert (found.count, found.confirmed) == (4, 3)
    assert services.invalidate(actor, signature_filter, found.count) == 4

    assert signature_counts([petition.id, other.id]) == {petition.id: 2, other.id: 1}
    assert recount() == {}  # the total agrees with the rows: nothing to correct
    assert _rolled_up(db, petition) == {
        (yesterday.date(), "GB"): 1,
        (today.date(), "FR"): 1,
    }
    assert _rolled_up(db, other) == other_rolled_up == {(today.date(), "GB"): 1}
    statuses = _statuses(db, petition)
    assert {email for email, s in statuses.items() if s is SignatureStatus.INVALIDATED} == {
        "bot1@spam.test",
        "bot2@spam.test",
        "bot3@spam.test",
        "bot4@spam.test",
    }  # kept, not deleted
    assert statuses["real1@example.org"] is statuses["real2@example.org"]
    assert statuses["real1@example.org"] is SignatureStatus.CONFIRMED
    assert _statuses(db, other) == {"bot5@spam.test": SignatureStatus.CONFIRMED}

    [event] = db.session.scalars(select(AuditEvent))
    assert event.action == "moderation.invalidated"
    assert event.actor_id == actor.id
    assert (event.subject_type, event.subject_id) == ("Petition", str(petition.id))
    assert event.details["count"] == 4 and event.details["confirmed"] == 3
    assert event.details["filter"]["email_domain"] == "spam.test"
    assert event.details["filter"]["petition_id"] == petition.id
    assert event.details["petitions"] == {str(petition.id): 4}
    assert "4 signatures invalidated (3 confirmed)" in event.summary
    assert "email domain spam.test" in event.summary


def test_invalidating_across_petitions_in_several_chunks(db, sign, monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 2)
    first, second = PetitionFactory(), PetitionFactory()
    for n in range(3):
        sign(first, f"a{n}@spam.test")
        sign(second, f"b{n}@spam.test", confirm=n != 0)
    sign(second, "real@example.org")
    actor = UserFactory(admin=True)

    assert services.invalidate(actor, SignatureFilter(email_domain="spam.test"), 6) == 6

    assert signature_counts([first.id, second.id]) == {first.id: 0, second.id: 1}
    assert recount() == {}
    [event] = db.session.scalars(select(AuditEvent))
    assert event.subject_type == "" and event.details["filter"]["petition_id"] is None
    assert event.details["petitions"] == {str(first.id): 3, str(second.id): 3}


def test_invalidating_confirmed_only_leaves_pending_signatures(db, sign):
    petition = PetitionFactory()
    sign(petition, "c@spam.test")
    sign(petition, "p@spam.test", confirm=False)
    actor = UserFactory(organiser=True)

    only = SignatureFilter(email_domain="spam.test", statuses=CONFIRMED)
    assert services.invalidate(actor, only, 1) == 1

    assert _statuses(db, petition) == {
        "c@spam.test": SignatureStatus.INVALIDATED,
        "p@spam.test": SignatureStatus.PENDING,
    }
    assert signature_counts([petition.id]) == {petition.id: 0}


def test_a_repeated_name_is_invalidated_whole_though_invalidating_ends_the_repeat(db, sign):
    petition = PetitionFactory()
    for n in range(5):
        sign(petition, f"bot{n}@x.org", name="Jane Doe")
    sign(petition, "real@x.org", name="Grace Hopper")
    actor = UserFactory(organiser=True)
    monkey = SignatureFilter(repeated_name_min=3)

    assert services.invalidate(actor, monkey, 5) == 5
    assert signature_counts([petition.id]) == {petition.id: 1}
    assert services.preview(monkey).count == 0


def test_invalidating_is_refused_when_the_count_changed_since_the_preview(db, sign):
    petition = PetitionFactory()
    sign(petition, "bot1@spam.test")
    signature_filter = SignatureFilter(email_domain="spam.test")
    seen = services.preview(signature_filter).count
    sign(petition, "bot2@spam.test")  # arrives after the preview
    actor = UserFactory(organiser=True)

    with pytest.raises(services.CountChangedError, match="2 now, not 1") as refused:
        services.invalidate(actor, signature_filter, seen)

    assert (refused.value.expected, refused.value.current) == (1, 2)
    assert set(_statuses(db, petition).values()) == {SignatureStatus.CONFIRMED}
    assert signature_counts([petition.id]) == {petition.id: 2}
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_invalidating_when_nothing_matches_is_refused(db, sign):
    petition = PetitionFactory()
    sign(petition, "real@example.org")
    actor = UserFactory(organiser=True)

    with pytest.raises(services.ModerationError, match="nothing to do"):
        services.invalidate(actor, SignatureFilter(email_domain="spam.test"), 0)
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0
