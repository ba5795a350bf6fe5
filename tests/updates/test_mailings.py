"""Emailing an update to the people who acted (issue 18, items 3 to 5): counted before
sending, a test to oneself, sent at a rate through the outbox to a real SMTP server,
resumable after a crash, never twice to an address; one-click unsubscribe (RFC 8058);
addresses refused for good are skipped from then on."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from tests.conftest import SMTPServer, serve_mail
from tests.factories import (
    CaseFactory,
    CaseUpdateFactory,
    LetterFactory,
    PetitionFactory,
    SignatureFactory,
)
from webapp.models import (
    AuditEvent,
    CaseUpdate,
    CaseUpdateText,
    EmailSuppression,
    MailingStatus,
    OutboxMessage,
    OutboxStatus,
    RecipientStatus,
    SignatureStatus,
    UpdateMailing,
    UpdateRecipient,
    utcnow,
)
from webapp.outbox import suppressions
from webapp.outbox.services import deliver_due
from webapp.updates import mailings

# Who the audience below lists: one row per person, by the address they first gave.
EVERYONE = {"ana@example.org", "jane.doe@gmail.com", "bruno@example.org", "writer@example.org"}


@pytest.fixture
def case(db):
    return CaseFactory(name="Leyla Ahmadi", slug="leyla")


def _update(db, case, *, published=True, **values) -> CaseUpdate:
    update_row = CaseUpdateFactory(
        case=case,
        body=values.pop("body", "Leyla walked out of prison **this morning**."),
        published_at=utcnow() if published else None,
        **values,
    )
    db.session.commit()
    return update_row


def _signer(petition, email, *, opt_in=True, confirmed=True, language="en"):
    return SignatureFactory(
        petition=petition, email=email, opt_in=opt_in, confirmed=confirmed, language=language
    )


@pytest.fixture
def audience(db, case):
    """Who acted on the case, and who must not be written to."""
    first, second = PetitionFactory(case=case), PetitionFactory(case=case)
    _signer(first, "ana@example.org")
    _signer(second, "ANA+campaign@example.org")  # the same person, on the second petition
    _signer(first, "jane.doe@gmail.com")
    _signer(second, "janedoe@gmail.com")  # Gmail ignores the dot: one person
    _signer(first, "bruno@example.org", language="es")
    _signer(first, "no-updates@example.org", opt_in=False)
    _signer(first, "pending@example.org", confirmed=False)
    invalidated = _signer(first, "bot@example.org")
    invalidated.status = SignatureStatus.INVALIDATED  # removed by moderators
    erased = _signer(first, "erased@example.org")  # erased their data: kept only as a count
    erased.email, erased.opt_in, erased.anonymised_at = "", False, utcnow()
    _signer(PetitionFactory(), "other-case@example.org")  # signed for someone else
    LetterFactory(case=case, link_email="writer@example.org", updates_opt_in=True)
    LetterFactory(case=case, link_email="ana@example.org", updates_opt_in=True)  # a signer too
    LetterFactory(case=case, link_email="no-thanks@example.org", updates_opt_in=False)
    db.session.commit()


def _count_on_page(organiser, update_row) -> int:
    page = organiser.get(f"/admin/updates/{update_row.id}/edit").get_data(as_text=True)
    found = re.search(r"([\d,]+) (?:people|person) will get this email", page)
    return int(found.group(1).replace(",", "")) if found else 0


def _prepare(organiser, update_row, **choices):
    data = {"to_signers": "y", "to_letter_writers": "y"} | choices
    return organiser.post(f"/admin/updates/{update_row.id}/mailing", data=data)


def _recipients(db, update_row) -> dict[str, RecipientStatus]:
    db.session.expire_all()
    rows = db.session.execute(
        select(UpdateRecipient.email, UpdateRecipient.status)
        .join(UpdateMailing)
        .where(UpdateMailing.update_id == update_row.id)
    )
    return dict(rows.all())


def test_the_organiser_sees_the_exact_number_before_anything_is_sent(db, case, audience, organiser):
    update_row = _update(db, case)
    assert _prepare(organiser, update_row).status_code == 303
    assert _count_on_page(organiser, update_row) == 4
    assert set(_recipients(db, update_row)) == EVERYONE
    page = organiser.get(f"/admin/updates/{update_row.id}/edit").get_data(as_text=True)
    assert 'lang="en">en</span> 3' in page and 'lang="es">es</span> 1' in page
    assert "Send to 4 people" in page
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0

    # Only the signers, this time: counted again.
    _prepare(organiser, update_row, to_letter_writers="")
    assert _count_on_page(organiser, update_row) == 3
    assert "writer@example.org" not in _recipients(db, update_row)


def test_unsubscribed_and_undeliverable_addresses_are_never_counted(db, case, audience, organiser):
    other = CaseFactory()
    db.session.flush()
    key = suppressions.list_key
    suppressions.suppress(key("ana@example.org"), mailings.SuppressionReason.UNSUBSCRIBED)
    suppressions.suppress(
        key("janedoe@gmail.com"), mailings.SuppressionReason.UNSUBSCRIBED, case_id=case.id
    )
    # Stopping another case's updates does not stop this one's.
    suppressions.suppress(
        key("bruno@example.org"), mailings.SuppressionReason.UNSUBSCRIBED, case_id=other.id
    )
    suppressions.mark_undeliverable("writer@example.org")
    db.session.commit()
    update_row = _update(db, case)
    _prepare(organiser, update_row)
    assert set(_recipients(db, update_row)) == {"bruno@example.org"}


@pytest.mark.parametrize(
    ("setup", "choices", "message"),
    [
        ("draft", {}, "Publish the update first: the email links to it."),
        ("published", {"to_signers": "", "to_letter_writers": ""}, "Please choose who should get"),
    ],
)
def test_a_mailing_that_cannot_be_prepared_says_why(db, case, organiser, setup, choices, message):
    update_row = _update(db, case, published=setup == "published")
    response = _prepare(organiser, update_row, **choices)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(UpdateMailing)) == 0


def test_the_test_email_goes_to_the_organiser_alone(db, case, audience, organiser, smtp_server):
    update_row = _update(db, case)
    _prepare(organiser, update_row)
    assert organiser.post(f"/admin/updates/{update_row.id}/mailing/test").status_code == 303
    assert deliver_due().sent == 1
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["olu@org.example"]
    assert message["Subject"] == "[Test] Leyla Ahmadi: Leyla is free"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Nothing was sent to anyone else, and the mailing can still be sent.
    assert _recipients(db, update_row)["ana@example.org"] is RecipientStatus.QUEUED


def test_sending_keeps_the_rate_reaches_each_person_once_in_their_language(
    app, monkeypatch, db, case, audience, organiser, smtp_server
):
    update_row = _update(db, case)
    db.session.add(
        CaseUpdateText(
            update=update_row,
            language="es",
            title="Leyla está libre",
            body="Leyla salió de la cárcel **esta mañana**.",
        )
    )
    db.session.commit()
    _prepare(organiser, update_row)
    assert organiser.post(f"/admin/updates/{update_row.id}/mailing/send").status_code == 303
    monkeypatch.setitem(app.config, "UPDATE_SEND_PER_MINUTE", 3)

    assert mailings.send_due_mailings() == 3
    assert mailings.send_due_mailings() == 0  # the minute's share is used up
    page = organiser.get(f"/admin/updates/{update_row.id}/edit").get_data(as_text=True)
    assert re.search(r"<dt>Sent</dt><dd>3</dd>\s*<dt>Still queued</dt><dd>1</dd>", page)

    # A minute later, the rest.
    db.session.execute(update(UpdateRecipient).values(handed_at=utcnow() - timedelta(minutes=2)))
    db.session.commit()
    assert mailings.send_due_mailings() == 1
    assert mailings.send_due_mailings() == 0  # and nothing ever again
    db.session.expire_all()
    mailing = mailings.mailing_of(update_row)
    assert mailing.status is MailingStatus.DONE
    # Once sent, the list keeps its counts, not the addresses.
    assert set(_recipients(db, update_row)) == {""}

    assert deliver_due().sent == 4
    received = {tuple(rcpt)[0]: message for rcpt, message in smtp_server.messages}
    assert sorted(received) == [
        "ana@example.org",  # the address of their first signature
        "bruno@example.org",
        "jane.doe@gmail.com",
        "writer@example.org",
    ]
    spanish = received["bruno@example.org"]
    assert spanish["Subject"] == "Leyla Ahmadi: Leyla está libre"
    assert spanish["Content-Language"] == "es"
    text = spanish.get_body(("plain",)).get_content()
    html = spanish.get_body(("html",)).get_content()
    assert "Leyla salió de la cárcel" in text and "<strong>esta mañana</strong>" in html
    assert "Deja de recibir estos correos" in text
    english = received["writer@example.org"]
    assert english["Subject"] == "Leyla Ahmadi: Leyla is free"
    # RFC 8058: an https address (and a mailto:) and the one-click marker.
    unsubscribe = re.search(r"<(http[^>]+)>", english["List-Unsubscribe"]).group(1)
    assert unsubscribe.startswith("http://localhost/unsubscribe/")
    assert "mailto:" in english["List-Unsubscribe"]
    assert english["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.replace("&", "&amp;") in english.get_body(("html",)).get_content()
    # Each person's link is their own.
    others = {
        re.search(r"<(http[^>]+)>", m["List-Unsubscribe"]).group(1) for m in received.values()
    }
    assert len(others) == 4

    refused = _prepare(organiser, update_row)
    assert refused.status_code == 422
    assert "nobody gets it twice" in refused.get_data(as_text=True)
    actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions[-2:] == ["update.mailing_prepared", "update.mailing_started"]


@pytest.mark.parametrize("crash_at", [1, 2, 3, 4])
def test_a_crash_mid_batch_loses_and_repeats_nothing(
    app, db, case, audience, organiser, monkeypatch, crash_at
):
    update_row = _update(db, case)
    _prepare(organiser, update_row)
    organiser.post(f"/admin/updates/{update_row.id}/mailing/send")
    real_enqueue = mailings.enqueue
    calls = []

    def crash_at_one_point(**kwargs):
        calls.append(kwargs["recipient"])
        if len(calls) == crash_at:
            raise RuntimeError("the worker was killed")
        return real_enqueue(**kwargs)

    monkeypatch.setattr(mailings, "enqueue", crash_at_one_point)
    monkeypatch.setattr(mailings, "SEND_CHUNK", 2)  # two transactions for the four
    with pytest.raises(RuntimeError):
        mailings.send_due_mailings()
    db.session.rollback()
    # Only whole chunks committed: each email written has its row marked, and no other.
    written = set(db.session.scalars(select(OutboxMessage.recipient)))
    statuses = _recipients(db, update_row)
    assert len(written) == (2 if crash_at > 2 else 0)
    assert {email for email, status in statuses.items() if status is RecipientStatus.SENT} == (
        written
    )

    monkeypatch.setattr(mailings, "enqueue", real_enqueue)
    # The dead run's lease holds the mailing until it runs out; then another run resumes.
    assert mailings.send_due_mailings() == 0
    db.session.execute(update(UpdateMailing).values(claimed_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert mailings.send_due_mailings() == 4 - len(written)
    recipients = db.session.scalars(select(OutboxMessage.recipient)).all()
    assert len(recipients) == len(set(recipients)) == 4


def test_a_row_another_run_marked_meanwhile_gets_no_second_email(
    app, db, case, audience, organiser, monkeypatch
):
    """A run whose lease ran out may still be in its chunk when the next run lists the same
    rows: a row is marked sent only if still queued, and only a row this run marked gets an
    email (tests/updates/test_mailing_crash_pg.py has the two runs at once)."""
    update_row = _update(db, case)
    _prepare(organiser, update_row)
    organiser.post(f"/admin/updates/{update_row.id}/mailing/send")
    real_mark = mailings._mark

    def another_run_marks_ana_first(ids, **values):
        db.session.execute(
            update(UpdateRecipient)
            .where(UpdateRecipient.email == "ana@example.org")
            .values(status=RecipientStatus.SENT)
        )
        return real_mark(ids, **values)

    monkeypatch.setattr(mailings, "_mark", another_run_marks_ana_first)
    assert mailings.send_due_mailings() == 3
    assert set(db.session.scalars(select(OutboxMessage.recipient))) == EVERYONE - {
        "ana@example.org"
    }
    assert mailings.mailing_of(update_row).status is MailingStatus.DONE


def test_one_click_unsubscribe_stops_every_later_update(
    app, monkeypatch, db, case, audience, organiser, client
):
    update_row = _update(db, case)
    _prepare(organiser, update_row)
    organiser.post(f"/admin/updates/{update_row.id}/mailing/send")
    monkeypatch.setitem(app.config, "UPDATE_SEND_PER_MINUTE", 1)
    mailings.send_due_mailings()
    [message] = db.session.scalars(select(OutboxMessage)).all()
    headers = __import__("json").loads(message.headers)
    url = re.search(r"<http://localhost(/unsubscribe/[^>]+)>", headers["List-Unsubscribe"]).group(1)

    # Opening the link (as mail scanners do) changes nothing.
    page = client.get(url)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "private, no-store"
    assert "Stop updates about <bdi>Leyla Ahmadi</bdi>" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(EmailSuppression)) == 0

    # The mail client's one-click POST: no login, no form token, no confirmation step.
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    try:
        done = client.post(url, data={"List-Unsubscribe": "One-Click"})
    finally:
        monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    assert done.status_code == 200
    assert "You will get no more update emails" in done.get_data(as_text=True)
    [stopped] = db.session.scalars(select(EmailSuppression)).all()
    assert stopped.scope == "all" and message.recipient not in stopped.email_key

    # The rest of this mailing still goes; a later update's skips them.
    monkeypatch.setitem(app.config, "UPDATE_SEND_PER_MINUTE", 100)
    mailings.send_due_mailings()
    later = _update(db, case, title="The appeal hearing is set")
    _prepare(organiser, later)
    assert message.recipient not in _recipients(db, later)
    assert len(_recipients(db, later)) == 3
    page = organiser.get(f"/admin/updates/{update_row.id}/edit").get_data(as_text=True)
    assert re.search(r"<dt>Unsubscribed since</dt><dd>1</dd>", page)


def test_unsubscribing_from_one_case_only_from_the_page(db, case, audience, organiser, client):
    token = suppressions.unsubscribe_token("bruno@example.org")
    response = client.post(f"/unsubscribe/{token}?case={case.id}", data={"scope": "case"})
    assert "You will get no more updates about <bdi>Leyla Ahmadi</bdi>" in response.get_data(
        as_text=True
    )
    update_row = _update(db, case)
    _prepare(organiser, update_row)
    assert "bruno@example.org" not in _recipients(db, update_row)
    other_case_update = _update(db, CaseFactory(), title="Elsewhere")
    SignatureFactory(
        petition=PetitionFactory(case=other_case_update.case),
        email="bruno@example.org",
        opt_in=True,
        confirmed=True,
    )
    db.session.commit()
    _prepare(organiser, other_case_update)
    assert "bruno@example.org" in _recipients(db, other_case_update)


def test_a_queued_email_is_not_sent_after_its_person_unsubscribes(
    app, db, case, audience, organiser, client
):
    update_row = _update(db, case)
    _prepare(organiser, update_row)
    organiser.post(f"/admin/updates/{update_row.id}/mailing/send")
    client.post(f"/unsubscribe/{suppressions.unsubscribe_token('writer@example.org')}")
    assert mailings.send_due_mailings() == 3
    assert "writer@example.org" not in db.session.scalars(select(OutboxMessage.recipient)).all()
    assert _recipients(db, update_row)[""] is RecipientStatus.SKIPPED


def test_people_who_stop_asking_after_the_count_are_not_written_to(
    app, db, case, audience, organiser
):
    """Counted, then: the writer deletes their letter; Bruno has his signature's data
    erased by retention; Ana's letter goes but her signature still asks. The send follows
    what is true when it sends."""
    from webapp.letters.services import erase_letter
    from webapp.models import Letter, Signature

    update_row = _update(db, case)
    _prepare(organiser, update_row)
    organiser.post(f"/admin/updates/{update_row.id}/mailing/send")
    for letter in db.session.scalars(select(Letter).where(Letter.link_email.is_not(None))):
        erase_letter(letter)
    db.session.execute(
        update(Signature)
        .where(Signature.email == "bruno@example.org")
        .values(email="", opt_in=False, anonymised_at=utcnow())
    )
    db.session.commit()

    assert mailings.send_due_mailings() == 4  # handled: two sent, two skipped
    sent = set(db.session.scalars(select(OutboxMessage.recipient)))
    assert sent == {"ana@example.org", "jane.doe@gmail.com"}
    statuses = sorted(status.value for status in _recipients_statuses(db, update_row))
    assert statuses == ["sent", "sent", "skipped", "skipped"]
    # Done: no address is kept in the list, only the counts.
    assert set(_recipients(db, update_row)) == {""}


def test_a_list_counted_and_never_sent_is_deleted_by_retention(db, case, audience, organiser):
    from webapp.privacy.jobs import apply_retention

    sent_update, idle_update = _update(db, case), _update(db, case, title="Charges dropped")
    _prepare(organiser, sent_update)
    organiser.post(f"/admin/updates/{sent_update.id}/mailing/send")
    _prepare(organiser, idle_update)
    assert apply_retention()["unsent_update_lists_deleted"] == 0  # not yet two weeks old

    later = utcnow() + timedelta(days=15)
    assert apply_retention(later)["unsent_update_lists_deleted"] == 1
    db.session.commit()
    assert _recipients(db, idle_update) == {}
    assert mailings.mailing_of(idle_update) is None  # the organiser counts again
    assert len(_recipients(db, sent_update)) == 4  # being sent: kept
    page = organiser.get(f"/admin/updates/{idle_update.id}/edit")
    assert page.status_code == 200


def _recipients_statuses(db, update_row) -> list[RecipientStatus]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(UpdateRecipient.status)
            .join(UpdateMailing)
            .where(UpdateMailing.update_id == update_row.id)
        )
    )


def test_your_data_shows_what_was_stopped(db, case, client, outbox):
    SignatureFactory(petition=PetitionFactory(case=case), email="ana@example.org", confirmed=True)
    db.session.commit()
    token = suppressions.unsubscribe_token("ana@example.org")
    client.post(f"/unsubscribe/{token}?case={case.id}", data={"scope": "case"})
    client.post("/my-data", data={"email": "ana@example.org"})
    link = re.search(r"http://localhost(/my-data/\S+)", outbox("ana@example.org")[-1].body_text)
    page = client.get(link.group(1)).get_data(as_text=True)
    assert "You stopped updates about <bdi>Leyla Ahmadi</bdi> on" in page


def test_an_unsubscribe_outlives_the_erasure_of_the_persons_data(
    db, case, organiser, client, outbox
):
    """Stopped, then erased (the address goes everywhere), then signing again and asking
    for updates: still stopped, because only a keyed code of the address was kept."""
    petition = PetitionFactory(case=case)
    _signer(petition, "ana@example.org")
    db.session.commit()
    client.post(f"/unsubscribe/{suppressions.unsubscribe_token('ana@example.org')}")
    client.post("/my-data", data={"email": "ana@example.org"})
    link = re.search(r"http://localhost(/my-data/\S+)", outbox("ana@example.org")[-1].body_text)
    assert client.post(link.group(1) + "/erase").status_code == 303
    assert db.session.scalar(select(func.count()).select_from(EmailSuppression)) == 1
    stored = db.session.scalars(select(EmailSuppression.email_key)).all()
    assert not any("ana" in key for key in stored)

    _signer(PetitionFactory(case=case), "Ana@example.org")  # signs again, asks for updates
    _signer(petition, "bruno@example.org")
    db.session.commit()
    update_row = _update(db, case)
    _prepare(organiser, update_row)
    assert set(_recipients(db, update_row)) == {"bruno@example.org"}


def test_an_update_email_tracks_nobody(db, case, audience, organiser, smtp_server):
    """No picture to load (a pixel would tell who opened it), no link through a
    redirector: every link is the platform's own address, as written."""
    update_row = _update(
        db,
        case,
        body="Read [the court's ruling](https://court.example/ruling?id=7).\n\n"
        "![a photo](https://tracker.example/pixel.gif)",
    )
    _prepare(organiser, update_row)
    organiser.post(f"/admin/updates/{update_row.id}/mailing/send")
    mailings.send_due_mailings()
    deliver_due()
    assert len(smtp_server.messages) == 4
    for _rcpt, message in smtp_server.messages:
        html = message.get_body(preferencelist=("html",)).get_content()
        assert "<img" not in html.lower()  # the picture is a link, never loaded
        links = re.findall(r'href="([^"]+)"', html)
        assert "https://court.example/ruling?id=7" in links
        assert f"http://localhost/cases/leyla#update-{update_row.id}" in links
        assert all(
            link.startswith(("http://localhost/", "https://court.example/", "mailto:"))
            or link == "https://tracker.example/pixel.gif"
            for link in links
        )


class RefusingSMTPServer(SMTPServer):
    """Refuses one address for good (550) and another for now (451)."""

    def __init__(self) -> None:
        super().__init__()

        async def handle_rcpt(server, session, envelope, address, rcpt_options):
            if address.startswith("gone@"):
                return "550 5.1.1 No such user here"
            if address.startswith("busy@"):
                return "451 4.3.0 Try again later"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        self.handler.handle_RCPT = handle_rcpt


@pytest.fixture
def refusing_smtp(app):
    yield from serve_mail(app, RefusingSMTPServer())


def test_an_address_refused_for_good_gets_no_more_updates(db, case, organiser, refusing_smtp):
    petition = PetitionFactory(case=case)
    for email in ("gone@example.org", "busy@example.org", "fine@example.org"):
        _signer(petition, email)
    db.session.commit()
    update_row = _update(db, case)
    _prepare(organiser, update_row)
    organiser.post(f"/admin/updates/{update_row.id}/mailing/send")
    mailings.send_due_mailings()

    report = deliver_due()
    assert (report.sent, report.dead, report.failed) == (1, 1, 1)
    states = dict(db.session.execute(select(OutboxMessage.recipient, OutboxMessage.status)).all())
    assert states["gone@example.org"] is OutboxStatus.DEAD  # at once, no retries
    assert states["busy@example.org"] is OutboxStatus.PENDING  # a 4xx is tried again
    page = organiser.get(f"/admin/updates/{update_row.id}/edit").get_data(as_text=True)
    assert re.search(r"<dt>Refused by their mail server</dt><dd>1</dd>", page)

    later = _update(db, case, title="The appeal hearing is set")
    _prepare(organiser, later)
    assert set(_recipients(db, later)) == {"busy@example.org", "fine@example.org"}


def test_a_long_list_is_counted_in_the_background_and_resumes_after_a_crash(
    app, db, case, audience, organiser, monkeypatch
):
    monkeypatch.setitem(app.config, "UPDATE_LIST_INLINE_MAX", 3)
    monkeypatch.setattr(mailings, "LIST_CHUNK", 2)
    update_row = _update(db, case)
    assert _prepare(organiser, update_row).status_code == 303
    page = organiser.get(f"/admin/updates/{update_row.id}/edit").get_data(as_text=True)
    assert "Counting the recipients" in page and "Send to" not in page
    assert _recipients(db, update_row) == {}

    # A run dies after its first chunk: the chunk stays, committed, and the lease holds.
    real_list_key = mailings.suppressions.list_key
    seen = []

    def dies_on_the_third(email):
        seen.append(email)
        if len(seen) == 3:
            raise RuntimeError("the worker was killed")
        return real_list_key(email)

    monkeypatch.setattr(mailings.suppressions, "list_key", dies_on_the_third)
    with pytest.raises(RuntimeError):
        mailings.list_due_mailings()
    db.session.rollback()
    monkeypatch.setattr(mailings.suppressions, "list_key", real_list_key)
    # The first chunk (Ana's two signatures: one row) is kept.
    assert set(_recipients(db, update_row)) == {"ana@example.org"}
    assert mailings.list_due_mailings() == 0  # the dead run's lease
    db.session.execute(update(UpdateMailing).values(claimed_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert mailings.list_due_mailings() == 1
    assert _count_on_page(organiser, update_row) == 4
    assert set(_recipients(db, update_row)) == EVERYONE
