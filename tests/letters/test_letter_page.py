"""The letter page's "Email me this link" and "Delete my letter" (issue 15, item 7)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import LetterFactory
from webapp.letters.services import anonymise_old_letters
from webapp.models import Letter, OutboxMessage
from webapp.outbox.services import deliver_due


@pytest.fixture
def letter(db):
    letter = LetterFactory(case__name="Leyla Ahmadi")
    db.session.commit()  # the views' rollbacks keep it
    return letter


def _ask(client, letter, email="ana@example.org", **extra):
    return client.post(f"/letters/{letter.token}/email-link", data={"email": email, **extra})


def _link_emails(db) -> int:
    return db.session.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == "letter-link")
    )


def test_the_letter_page_offers_to_email_its_link_with_an_unticked_opt_in(client, letter):
    page = client.get(f"/letters/{letter.token}").get_data(as_text=True)
    assert "Email me this link" in page
    assert '<label for="email">Your email address</label>' in page or "Your email address" in page
    checkbox = re.search(r'<input[^>]*name="wants_updates"[^>]*>', page).group(0)
    assert "checked" not in checkbox
    assert "Tell me what happens to Leyla Ahmadi" in page


def test_the_link_arrives_at_the_mail_server_and_the_address_is_kept_on_the_letter(
    client, db, letter, smtp_server
):
    response = _ask(client, letter)
    assert response.status_code == 303
    page = client.get(response.location).get_data(as_text=True)
    assert "We have sent the link to ana@example.org" in page

    assert deliver_due().sent == 1
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["ana@example.org"]
    assert message["Subject"] == "The link to your letter for Leyla Ahmadi"
    text = message.get_body(("plain",)).get_content()
    assert f"http://localhost/letters/{letter.token}" in text
    assert "Ana Pérez" not in text  # nothing the writer typed is in it
    db.session.expire_all()
    assert (letter.link_email, letter.updates_opt_in) == ("ana@example.org", False)


def test_the_opt_in_is_stored_only_when_ticked(client, db, letter):
    _ask(client, letter, wants_updates="y")
    db.session.expire_all()
    assert letter.updates_opt_in is True


def test_a_wrong_address_is_refused_beside_the_field(client, db, letter):
    response = _ask(client, letter, email="ana@")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Please enter a valid email address" in page
    assert re.search(r"<title>Error: ", page)
    assert _link_emails(db) == 0


def test_the_link_is_emailed_a_few_times_per_letter_at_most(client, db, letter, app, monkeypatch):
    monkeypatch.setitem(app.config, "LETTER_LINK_EMAIL_LIMIT", "3 per hour")
    assert [_ask(client, letter).status_code for _ in range(4)] == [303, 303, 303, 429]
    assert "several times already" in _ask(client, letter).get_data(as_text=True)
    assert _link_emails(db) == 3


def test_and_a_few_times_per_client(client, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "LETTER_LINK_EMAIL_CLIENT_LIMIT", "2 per hour")
    letters = [LetterFactory() for _ in range(3)]
    db.session.commit()
    assert [_ask(client, each).status_code for each in letters] == [303, 303, 429]
    assert _link_emails(db) == 2


def test_deleting_the_letter_erases_the_address_and_its_email(client, db, letter):
    _ask(client, letter, wants_updates="y")
    assert _link_emails(db) == 1
    assert client.post(f"/letters/{letter.token}/delete").status_code == 303
    db.session.expire_all()
    assert (letter.link_email, letter.updates_opt_in, letter.body) == (None, False, "")
    assert _link_emails(db) == 0


def test_the_retention_job_erases_the_address_with_the_letter(client, db, letter):
    _ask(client, letter)
    other = LetterFactory()
    db.session.commit()
    _ask(client, other, email="bo@example.org")
    letter.updated_at = datetime.now(UTC) - timedelta(days=100)
    db.session.commit()

    assert anonymise_old_letters(datetime.now(UTC), 90) == 1
    db.session.expire_all()
    assert letter.link_email is None and other.link_email == "bo@example.org"
    # Only the wiped letter's email left the outbox.
    assert db.session.scalars(select(OutboxMessage.recipient)).all() == ["bo@example.org"]


# Delete asks first, on a page of its own (no JavaScript needed).


def test_delete_my_letter_opens_a_confirmation_page_and_deletes_nothing(client, db, letter):
    page = client.get(f"/letters/{letter.token}").get_data(as_text=True)
    link = re.search(r'<a class="button button--danger" href="([^"]+)">Delete my letter</a>', page)
    assert link and link.group(1) == f"/letters/{letter.token}/delete"

    confirm = client.get(link.group(1))
    assert confirm.status_code == 200
    html = confirm.get_data(as_text=True)
    assert "<h1>Delete this letter?</h1>" in html
    assert re.search(rf'<form method="post" action="/letters/{letter.token}/delete">', html)
    assert re.search(r'<button type="submit" class="button button--danger">Delete</button>', html)
    assert f'<a class="button" href="/letters/{letter.token}">Keep it</a>' in html
    db.session.expire_all()
    assert letter.body != "" and letter.anonymised_at is None  # looking deletes nothing

    assert client.post(f"/letters/{letter.token}/delete").status_code == 303
    db.session.expire_all()
    assert letter.anonymised_at is not None
    assert client.get(f"/letters/{letter.token}/delete").status_code == 410
    assert db.session.scalar(select(func.count()).select_from(Letter)) == 1
