"""A signature's confirmation is written by the outbox worker when it sends it (issue 19):
the signing stores what to write, in its own transaction, and nothing is lost or changed
on the way."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import delete

from tests.factories import PetitionFactory
from webapp.models import OutboxMessage, OutboxStatus, Signature, utcnow
from webapp.outbox.services import deliver_due
from webapp.petitions.services import signature_count

VALID = {"full_name": "Ada Lovelace", "email": "ada@example.org", "country": "GB"}


def _stored(db) -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalar(db.select(OutboxMessage))


def test_the_signing_stores_what_to_write_and_the_worker_writes_it_in_the_signers_language(
    client, db, smtp_server
):
    petition = PetitionFactory()
    assert client.post(f"/petitions/{petition.slug}/sign?lang=fr", data=VALID).status_code == 303
    waiting = _stored(db)
    assert waiting.kind == "signature-confirm"
    assert waiting.recipient == "ada@example.org"
    assert waiting.body_text is None
    assert '"language":"fr"' in waiting.render_args
    # Ids, not personal data; not even the link's token, signed when the email is written.
    assert "ada@example.org" not in waiting.render_args
    assert "token" not in waiting.render_args

    assert deliver_due().sent == 1
    [(_recipients, message)] = smtp_server.messages
    body = message.get_body(preferencelist=("plain",)).get_content()
    # Written in French, though the worker has no request to take a language from.
    assert message["Subject"] == f"Veuillez confirmer votre signature pour « {petition.title} »"
    assert body.startswith("Bonjour")
    path = re.search(r"http://localhost(/confirm/\S+)", body).group(1)
    assert client.post(path).status_code == 303
    assert signature_count(petition) == 1

    sent = _stored(db)
    assert sent.render_args is None
    assert path in sent.body_text  # kept as sent


def test_a_retry_sends_the_text_written_the_first_time(client, db, smtp_server):
    petition = PetitionFactory()
    client.post(f"/petitions/{petition.slug}/sign", data=VALID)
    smtp_server.stop()
    assert deliver_due().failed == 1
    first = _stored(db)
    assert first.render_args is None and "/confirm/" in first.body_text

    smtp_server.start()
    assert deliver_due(now=utcnow() + timedelta(minutes=5)).sent == 1
    [(_recipients, message)] = smtp_server.messages
    link = re.search(r"/confirm/\S+", first.body_text).group(0)
    assert link in message.get_body(preferencelist=("plain",)).get_content()


def test_a_signature_erased_before_the_worker_comes_sends_nothing(client, db, smtp_server):
    petition = PetitionFactory()
    client.post(f"/petitions/{petition.slug}/sign", data=VALID)
    db.session.execute(delete(Signature))
    db.session.commit()

    report = deliver_due()
    assert (report.sent, report.dead) == (0, 1)
    assert smtp_server.messages == []
    gone = _stored(db)
    assert gone.status is OutboxStatus.DEAD
    assert gone.body_text is None


def test_the_confirmation_gives_the_petitions_title_in_the_signers_language(
    client, db, smtp_server
):
    from webapp.campaigns.translations import digest
    from webapp.models import PetitionTranslation

    petition = PetitionFactory(title="Free Leyla Ahmadi")
    petition.translations.append(
        PetitionTranslation(
            language="fr",
            field="title",
            text="Libérez Leyla Ahmadi",
            source_digest=digest("Free Leyla Ahmadi"),
        )
    )
    db.session.commit()
    client.post(f"/petitions/{petition.slug}/sign?lang=fr", data=VALID)
    client.post(
        f"/petitions/{petition.slug}/sign?lang=es",
        data={**VALID, "email": "bea@example.org"},
    )
    assert deliver_due().sent == 2
    subjects = {tuple(to)[0]: message["Subject"] for to, message in smtp_server.messages}
    assert subjects["ada@example.org"] == (
        "Veuillez confirmer votre signature pour « Libérez Leyla Ahmadi »"
    )
    # No Spanish title: the original, in a Spanish sentence.
    assert "Free Leyla Ahmadi" in subjects["bea@example.org"]


def test_a_row_queued_with_its_token_before_the_worker_signed_links_keeps_it(
    client, db, smtp_server
):
    petition = PetitionFactory()
    client.post(f"/petitions/{petition.slug}/sign", data=VALID)
    waiting = _stored(db)
    waiting.render_args = waiting.render_args.replace("{", '{"token":"queued-earlier",', 1)
    db.session.commit()

    assert deliver_due().sent == 1
    [(_recipients, message)] = smtp_server.messages
    assert "/confirm/queued-earlier" in message.get_body(preferencelist=("plain",)).get_content()
