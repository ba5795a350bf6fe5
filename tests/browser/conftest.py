"""Fixtures of the browser journeys: what the site shows, the people who use it, and a
browser context per person, at a phone's width and a desktop's.

The live server (tests/conftest.py) has every human check on: CSRF, the least time to fill
a form in (1 s here, so journeys wait that long before sending a public form) and the
proof of work, which the pages' script solves as it would for anyone."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from tests.browser.pages import DESKTOP, PHONE, Journey
from tests.factories import (
    APPEAL_TEXT,
    CaseFactory,
    LetterTemplateFactory,
    PetitionFactory,
    TargetFactory,
    UserFactory,
)
from webapp.outbox.services import deliver_due


@pytest.fixture(params=[PHONE, DESKTOP], ids=lambda viewport: str(viewport["width"]))
def viewport(request) -> dict:
    return request.param


@pytest.fixture
def journeys(chromium, live_server, viewport):
    """Start a person's journey: journeys("supporter") gives a Journey of its own context.
    Afterwards, no page of any of them asked another host for anything."""
    started: list[Journey] = []

    def start(name: str, *, javascript: bool = True, locale: str | None = None) -> Journey:
        journey = Journey(
            chromium, live_server, name, viewport, javascript=javascript, locale=locale
        )
        started.append(journey)
        return journey

    yield start
    for journey in started:
        journey.close()
    assert [url for journey in started for url in journey.outside] == []


def _committed(db) -> None:
    db.session.commit()
    db.session.remove()  # on SQLite, an open transaction would lock the live server out


@pytest.fixture
def site(committed_db):
    """A published case with a photo, an authority to write to, an appeal text and an
    open petition: what a supporter or a class finds."""
    case = CaseFactory(
        slug="leyla-ahmadi",
        name="Leyla Ahmadi",
        country="IR",
        headline="Jailed for a poem",
        photo_path="img/cases/leyla-ahmadi.svg",
        photo_alt="Leyla Ahmadi, smiling, in a green scarf",
    )
    TargetFactory(
        case=case, name="Dr. Hossein Karimi", title="Head of the Judiciary", language="en"
    )
    LetterTemplateFactory(case=case)
    petition = PetitionFactory(
        case=case, slug="free-leyla", title="Free Leyla Ahmadi", body="Release her now."
    )
    found = SimpleNamespace(
        case_slug=case.slug,
        case_name=case.name,
        petition_slug=petition.slug,
        petition_title=petition.title,
        letter_start=APPEAL_TEXT.split("{{")[0].strip(),
    )
    _committed(committed_db)
    return found


@pytest.fixture
def staff(committed_db):
    """A teacher and an organiser, who log in with the factories' password."""
    found = SimpleNamespace(
        teacher=UserFactory(name="Tess Teacher", email="tess@school.example").email,
        organiser=UserFactory(organiser=True, name="Olu Organiser", email="olu@org.example").email,
    )
    _committed(committed_db)
    return found


@pytest.fixture
def mailbox(app, committed_db, smtp_server):
    """The worker's delivery of the outbox to a real SMTP server; returns the links of
    the messages sent to an address."""

    def links_to(address: str) -> list[str]:
        deliver_due()
        committed_db.session.remove()
        found = []
        for recipients, message in smtp_server.messages:
            if address in recipients:
                body = message.get_body(preferencelist=("plain",)).get_content()
                found += re.findall(r"https?://\S+", body)
        return found

    return links_to
