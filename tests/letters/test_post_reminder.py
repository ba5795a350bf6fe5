"""One reminder to post a letter whose link its writer had emailed to themselves
(issue 18, item 7): after LETTER_REMINDER_DAYS, once, never when they said no or said
they posted it, in the language they asked in, and gone with the letter."""

from __future__ import annotations

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import LetterFactory
from webapp.background import registry
from webapp.letters.jobs import send_post_reminders
from webapp.letters.services import remind_unposted_letters
from webapp.models import LetterStatus, OutboxMessage
from webapp.outbox.services import deliver_due


@pytest.fixture
def letter(db):
    letter = LetterFactory(case__name="Leyla Ahmadi")
    db.session.commit()  # the views' rollbacks keep it
    return letter


def _ask(client, letter, email="ana@example.org", **extra):
    return client.post(f"/letters/{letter.token}/email-link", data={"email": email, **extra})


def _reminders(db, recipient: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.kind == "letter-reminder")
    if recipient:
        query = query.where(OutboxMessage.recipient == recipient)
    return list(db.session.scalars(query))


def _days_pass(db, letter, days):
    db.session.expire_all()
    letter.link_emailed_at = datetime.now(UTC) - timedelta(days=days)
    db.session.commit()


def test_the_letter_page_offers_the_reminder_ticked_and_says_when(client, letter):
    page = client.get(f"/letters/{letter.token}").get_data(as_text=True)
    checkbox = re.search(r'<input[^>]*name="wants_reminder"[^>]*>', page).group(0)
    assert "checked" in checkbox
    assert "Remind me once, in 10 days, if I have not said I posted it" in page


def test_the_writer_gets_one_reminder_after_the_days_at_the_mail_server(
    client, db, letter, smtp_server
):
    assert _ask(client, letter, wants_reminder="y").status_code == 303
    assert deliver_due().sent == 1  # the link itself

    _days_pass(db, letter, 9)
    send_post_reminders()
    assert _reminders(db) == []  # not yet

    _days_pass(db, letter, 10)
    send_post_reminders()
    send_post_reminders()  # the next run, and the one after, send nothing more
    assert len(_reminders(db)) == 1
    assert deliver_due().sent == 1

    recipients, message = smtp_server.messages[-1]
    assert recipients == ["ana@example.org"]
    assert message["Subject"] == "Did you post your letter for Leyla Ahmadi?"
    text = message.get_body(("plain",)).get_content()
    assert f"http://localhost/letters/{letter.token}" in text
    assert 'press "I posted it"' in text
    assert "the only reminder" in text
    assert "Ana Pérez" not in text  # nothing the writer typed
    html = message.get_body(("html",)).get_content()
    assert f'href="http://localhost/letters/{letter.token}"' in html


def test_no_reminder_for_a_writer_who_unticked_it(client, db, letter):
    # A form sent without the box is a no (an unticked checkbox sends nothing).
    assert _ask(client, letter).status_code == 303
    _days_pass(db, letter, 30)
    send_post_reminders()
    assert _reminders(db) == []


def test_no_reminder_once_the_letter_is_posted(client, db, letter):
    _ask(client, letter, wants_reminder="y")
    assert client.post(f"/letters/{letter.token}/posted").status_code == 303
    db.session.expire_all()
    assert letter.status is LetterStatus.POSTED
    _days_pass(db, letter, 30)
    send_post_reminders()
    assert _reminders(db) == []


def test_no_reminder_for_a_deleted_letter_and_a_sent_one_goes_with_it(client, db, letter):
    other = LetterFactory()
    db.session.commit()
    _ask(client, letter, wants_reminder="y")
    _ask(client, other, email="bo@example.org", wants_reminder="y")
    _days_pass(db, other, 11)
    send_post_reminders()
    assert len(_reminders(db, "bo@example.org")) == 1
    # Deleting the reminded letter takes its reminder (holding the link) out of the outbox.
    assert client.post(f"/letters/{other.token}/delete").status_code == 303
    assert _reminders(db, "bo@example.org") == []

    # The other letter is deleted before its day: it is never reminded.
    assert client.post(f"/letters/{letter.token}/delete").status_code == 303
    _days_pass(db, letter, 30)
    send_post_reminders()
    assert _reminders(db) == []


def test_the_reminder_speaks_the_language_the_link_was_asked_in(client, db, letter):
    response = client.post(
        f"/letters/{letter.token}/email-link",
        data={"email": "ana@example.org", "wants_reminder": "y"},
        headers={"Accept-Language": "fr"},
    )
    assert response.status_code == 303
    _days_pass(db, letter, 10)
    send_post_reminders()
    [reminder] = _reminders(db)
    assert reminder.subject == "Avez-vous posté votre lettre pour Leyla Ahmadi ?"


def test_a_second_run_reminds_nobody_again(client, db, letter):
    _ask(client, letter, wants_reminder="y")
    _days_pass(db, letter, 10)
    now = datetime.now(UTC)
    assert remind_unposted_letters(now, 10) == 1
    db.session.commit()
    assert remind_unposted_letters(now, 10) == 0
    assert len(_reminders(db)) == 1


@pytest.mark.postgres
def test_two_workers_at_once_remind_a_letter_once(app, committed_db):
    """Two workers, each with its own connection and real commits. The first claims the
    letter and holds its transaction open; the second lists the letter as still due
    and its claim waits on the first's row lock, then finds it taken.

    (Not on the db fixture: its one connection would be shared by both threads.)"""
    LetterFactory(
        link_email="ana@example.org",
        post_reminder_wanted=True,
        link_emailed_at=datetime.now(UTC) - timedelta(days=11),
    )
    committed_db.session.commit()
    committed_db.session.remove()
    now = datetime.now(UTC)
    first_claimed = threading.Event()
    results: dict[str, int] = {}

    def first():
        results["first"] = remind_unposted_letters(now, 10)
        first_claimed.set()
        time.sleep(0.5)  # the second worker lists the letter meanwhile, then waits
        committed_db.session.commit()

    def second():
        assert first_claimed.wait(30)
        results["second"] = remind_unposted_letters(now, 10)
        committed_db.session.commit()

    def run(work):
        with app.app_context():
            try:
                work()
            finally:
                committed_db.session.remove()

    with ThreadPoolExecutor(max_workers=2) as pool:
        for future in [pool.submit(run, first), pool.submit(run, second)]:
            future.result(timeout=60)
    assert results == {"first": 1, "second": 0}
    assert [reminder.recipient for reminder in _reminders(committed_db)] == ["ana@example.org"]


def test_the_job_is_registered_and_runs_in_the_embedded_default():
    [job] = [job for job in registry.registered_jobs() if job.name == "letter-reminders"]
    assert job.in_process == "LETTER_REMINDER_IN_PROCESS"
    assert job.every == "LETTER_REMINDER_INTERVAL_SECONDS"
