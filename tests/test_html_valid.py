"""Every page is valid HTML and brings everything it shows from this site.

One tour of the site, as its people use it, keeps every page it is shown: the public
pages, the teachers', the organisers' and admins', forms sent back with their errors,
error pages, and the HTML body of every email. The W3C Nu HTML Checker (vnu.jar) then
reads them all in one Java process: starting Java costs a second or more, so never once
per page. A GET route that the tour does not open, and that is not listed below as
something other than a page, fails the tests: a new page cannot go unchecked.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask, g, request_started, template_rendered
from werkzeug.exceptions import Conflict, InternalServerError, ServiceUnavailable, TooManyRequests

from tests.emails import newest_to
from tests.factories import (
    PASSWORD,
    ClassroomFactory,
    LetterTemplateFactory,
    PetitionFactory,
    SignatureFactory,
    TargetFactory,
    UserFactory,
    leyla_ahmadi_case,
)
from webapp.classrooms.services import format_join_code
from webapp.extensions import db as _db
from webapp.extensions import limiter
from webapp.letters.services import composer, remind_unposted_letters
from webapp.models import Letter, LetterKind, LetterTemplate, OutboxMessage
from webapp.outbox.services import deliver_due
from webapp.outbox.suppressions import unsubscribe_token
from webapp.updates.mailings import send_due_mailings

# The Nu HTML Checker as its authors publish it on npm (make node-deps installs it).
VNU_JAR = Path(__file__).parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The checker needs a deep stack for its schemas; the quick JIT halves its start-up.
JAVA_OPTIONS = ["-Xss4m", "-XX:TieredStopAtLevel=1"]

# GET routes that answer with something other than an HTML page, and why.
NOT_PAGES = {
    "api.get_petition": "JSON API",
    "api.list_petitions": "JSON API",
    "api.openapi": "the API's OpenAPI document (JSON)",
    "api.case_updates": "JSON API",
    "api.get_case": "JSON API",
    "updates.feed": "an Atom feed (XML)",
    "updates.case_feed": "an Atom feed (XML)",
    "campaigns.case_photo": "a JPEG photo",
    "campaigns.case_share_image": "a case's share image (PNG)",
    "campaigns.site_share_image": "the site's share image (PNG)",
    "updates.photo": "an update's photo (JPEG)",
    "campaigns.choose_language": "remembers the language chosen and redirects back",
    "classrooms.print_pdf": "the class's letters as a PDF",
    "admin.delivery.download": "a delivery pack's PDF",
    "admin.delivery.signers": "the CSV of a delivery pack's signers (the file its SHA-256 is of)",
    "admin.exports.counts": "a CSV or JSON download",
    "admin.exports.signatures": "a CSV download",
    "letters.download": "a letter's PDF",
    "letters.instructions_download": "a letter's mailing instructions as a PDF",
    "letters.page_image": "a PNG of one page of a letter",
    "static": "the site's stylesheet, images and scripts",
}

# Templates that are only ever parts of a page, or plain text.
PARTIAL = re.compile(r"(^|/)_|^macros/|\.txt$|^base\.html$")

OWN_WORDS = "I am a nurse in Lyon and I think of you every single day."


@dataclass
class Page:
    label: str
    html: str


@dataclass
class Tour:
    """What a walk through the site saw: its pages, the routes and templates behind them."""

    app: Flask
    pages: list[Page] = field(default_factory=list)
    endpoints: set[str] = field(default_factory=set)
    templates: set[str] = field(default_factory=set)

    def open(self, browser, path: str, status: int = 200, method: str = "GET", **kwargs) -> str:
        """Open a page, check its status, and keep it if it is HTML."""
        response = browser.open(path, method=method, **kwargs)
        assert response.status_code == status, (method, path, response.status_code)
        assert response.mimetype == "text/html", (method, path, response.mimetype)
        html = response.get_data(as_text=True)
        self.pages.append(Page(f"{method} {path} ({status})", html))
        if method == "GET" and status == 200:
            adapter = self.app.url_map.bind("localhost")
            endpoint, _ = adapter.match(urlsplit(path).path, method="GET")
            self.endpoints.add(endpoint)
        return html

    def send(self, browser, path: str, data: dict, status: int = 303, **kwargs):
        """Send a form that is expected to succeed; returns the response."""
        response = browser.post(path, data=data, **kwargs)
        assert response.status_code == status, (path, response.get_data(as_text=True))
        return response

    def keep(self, label: str, html: str) -> None:
        """Keep HTML that no page request gave (an email, an error page made directly)."""
        self.pages.append(Page(label, html))


# The tour ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tour(app) -> Tour:
    """Walk the whole site once for every test in this module. Like the db fixture,
    everything written is rolled back; only the pages' HTML is kept."""
    seen = Tour(app)

    def fresh_g(sender, **extra):
        # As the _fresh_g_per_request fixture does, which module fixtures come before.
        for name in list(g):
            g.pop(name)

    def rendered(sender, template, context, **extra):
        seen.templates.add(template.name)

    with app.app_context():
        engine = _db.engines[None]
        connection = engine.connect()
        transaction = connection.begin()
        _db.engines[None] = connection
        request_started.connect(fresh_g, app)
        template_rendered.connect(rendered, app)
        limiter.reset()
        try:
            _walk(app, seen)
        finally:
            template_rendered.disconnect(rendered, app)
            request_started.disconnect(fresh_g, app)
            _db.session.remove()
            transaction.rollback()
            connection.close()
            _db.engines[None] = engine
    return seen


def _latest_link(recipient: str, pattern: str) -> str:
    """The path of the link in the newest email to this address."""
    message = newest_to(recipient)
    return re.search(rf"http://localhost({pattern}\S+)", message.body_text).group(1)


@contextmanager
def _config(app: Flask, **values):
    """Settings changed for a few requests of the tour."""
    saved = {name: app.config[name] for name in values}
    app.config.update(values)
    try:
        yield
    finally:
        app.config.update(saved)


def _logged_in(app: Flask, user):
    browser = app.test_client()
    response = browser.post("/account/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 303
    return browser


def _walk(app: Flask, tour: Tour) -> None:
    admin = UserFactory(admin=True, name="Ada Admin", email="ada@org.example")
    organiser = UserFactory(organiser=True, name="Olu Organiser", email="olu@org.example")
    teacher = UserFactory(name="Tess Teacher", email="tess@school.example")
    case = leyla_ahmadi_case()
    LetterTemplateFactory(case=case)
    LetterTemplateFactory(case=case, card=True)
    petition = PetitionFactory(case=case, title="Free Leyla Ahmadi")
    lone_petition = PetitionFactory(case=None, title="Protect the right to protest")
    closed_petition = PetitionFactory(case=None, closed=True, title="Stop the executions")
    other_target = TargetFactory(case=case, name="Ambassador Reza Tehrani", language="en")
    classroom = ClassroomFactory(teacher=teacher, name="Year 8 Citizenship")
    _db.session.commit()

    _public_pages(app, tour, case, petition, lone_petition, closed_petition)
    _accounts_pages(app, tour, teacher)
    _letter_pages(app, tour, case)
    _classroom_pages(app, tour, teacher, classroom, case)
    _organiser_pages(app, tour, organiser, case, petition, other_target)
    _admin_pages(app, tour, admin)
    _error_pages(app, tour)
    # The mail sent so far, as the development mailbox shows it.
    deliver_due()
    browser = app.test_client()
    index = tour.open(browser, "/dev/mail/")
    tour.open(browser, re.search(r'href="(/dev/mail/[^"]+)"', index).group(1))
    # Every email's HTML body, as written to the outbox: one of each kind at least.
    messages = _db.session.scalars(_db.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    for message in messages:
        tour.keep(f"email {message.kind} to {message.recipient}", message.body_html)
    emails = Path(app.root_path, app.template_folder, "email")
    assert {m.kind for m in messages} == {path.name for path in emails.iterdir()}


def _public_pages(app: Flask, tour: Tour, case, petition, lone_petition, closed_petition) -> None:
    browser = app.test_client()
    tour.open(browser, "/")
    tour.open(browser, "/cases")
    tour.open(browser, f"/issues/{case.issue_area.slug}")
    tour.open(browser, f"/cases/{case.slug}")
    tour.open(browser, f"/petitions/{lone_petition.slug}")
    tour.open(browser, "/privacy")
    tour.open(browser, f"/petitions/{closed_petition.slug}")
    # The same pages in another language, chosen with the footer's picker.
    speaker = app.test_client()
    assert speaker.get("/language?locale=es&next=/").status_code == 303
    for path in ("/", f"/cases/{case.slug}", f"/cases/{case.slug}/write/appeal"):
        tour.open(speaker, path)
    # And in Arabic, right to left (issue 20): the public pages and a refused form.
    arabic = app.test_client()
    assert arabic.get("/language?locale=ar&next=/").status_code == 303
    for path in (
        "/",
        "/cases",
        f"/issues/{case.issue_area.slug}",
        f"/cases/{case.slug}",
        f"/cases/{case.slug}/write/appeal",
        f"/petitions/{lone_petition.slug}",
        "/privacy",
    ):
        assert 'dir="rtl"' in tour.open(arabic, path)
    tour.open(arabic, f"/petitions/{petition.slug}/sign", 422, "POST", data={"email": "x"})

    # Signing: the form with its errors, on the case page and on a petition's own page.
    tour.open(browser, f"/petitions/{petition.slug}/sign", 422, "POST", data={"email": "x"})
    tour.open(browser, f"/petitions/{lone_petition.slug}/sign", 422, "POST", data={})
    signer = {"full_name": "Ada Lovelace", "email": "ada@example.org", "country": "GB"}
    tour.send(browser, f"/petitions/{petition.slug}/sign", signer)
    tour.open(browser, f"/petitions/{petition.slug}/check-your-email")
    # "Did you mean …?", "Send it again" and "Wrong address? Sign again" (issue 15).
    typo = {**signer, "email": "ada@gmial.com"}
    tour.open(browser, f"/petitions/{petition.slug}/sign", 200, "POST", data=typo)
    tour.send(browser, f"/petitions/{petition.slug}/send-again", {})
    tour.open(browser, f"/petitions/{petition.slug}/check-your-email")
    tour.open(browser, f"/petitions/{petition.slug}/sign-again")
    confirm = _latest_link("ada@example.org", "/confirm/")
    tour.open(browser, confirm)
    tour.send(browser, confirm, {})
    tour.open(browser, f"/petitions/{petition.slug}/thank-you")
    tour.open(browser, "/confirm/not-a-real-token", 404)
    # Signing again: the other email.
    tour.send(browser, f"/petitions/{petition.slug}/sign", signer)

    # A supporter's own data.
    tour.open(browser, "/my-data")
    tour.open(browser, "/my-data", 422, "POST", data={"email": "not an address"})
    tour.send(browser, "/my-data", {"email": "ada@example.org"})
    tour.open(browser, "/my-data/sent")
    tour.open(browser, _latest_link("ada@example.org", "/my-data/"))
    tour.open(browser, "/my-data/not-a-real-token", 404)
    # Another signer erases theirs (and with it their emails; Ada's stay for the checks).
    other = {"full_name": "Ben Okri", "email": "ben@example.org", "country": "NG"}
    tour.send(browser, f"/petitions/{lone_petition.slug}/sign", other)
    tour.send(browser, "/my-data", {"email": "ben@example.org"})
    tour.send(browser, f"{_latest_link('ben@example.org', '/my-data/')}/erase", {})
    tour.open(browser, "/my-data/erased")


def _accounts_pages(app: Flask, tour: Tour, teacher) -> None:
    browser = app.test_client()
    tour.open(browser, "/account/signup")
    tour.open(browser, "/account/signup", 422, "POST", data={"email": "x"})
    new = {"name": "Grace Hopper", "email": "grace@school.example", "password": "compiler ships"}
    tour.send(browser, "/account/signup", new)
    tour.open(browser, "/account/check-email")
    verify = _latest_link("grace@school.example", "/account/verify/")
    tour.open(browser, verify)
    tour.open(browser, "/account/verify/not-a-real-token", 400, "POST", data={})
    # Signing up again with a taken address: the account-exists email.
    tour.send(browser, "/account/signup", {**new, "email": teacher.email})

    tour.open(browser, "/account/login")
    tour.open(browser, "/account/login", 422, "POST", data={"email": teacher.email})
    tour.open(browser, "/account/forgot-password")
    tour.open(browser, "/account/forgot-password", 422, "POST", data={"email": "x"})
    tour.open(browser, "/account/forgot-password", 200, "POST", data={"email": teacher.email})
    reset = _latest_link(teacher.email, "/account/reset-password/")
    tour.open(browser, reset)
    tour.open(browser, reset, 422, "POST", data={"password": "short"})


def _letter_pages(app: Flask, tour: Tour, case) -> None:
    browser = app.test_client()
    for kind in ("appeal", "card"):
        start = composer(case, LetterKind(kind), "en")
        tour.open(browser, f"/cases/{case.slug}/write/{kind}")
        tour.open(browser, f"/cases/{case.slug}/write/{kind}", 422, "POST", data={"body": ""})
        letter = {
            "language": "en",
            "writer_name": "Ana Pérez",
            "writer_town": "Lyon",
            "writer_country": "FR",
            "paper": "",
            "body": f"{start.body}\n\n{OWN_WORDS}",
        }
        if kind == "appeal":
            letter["target"] = str(case.targets[0].id)
        written = tour.send(browser, f"/cases/{case.slug}/write/{kind}", letter)
        path = written.location
        tour.open(browser, path)
        tour.open(browser, f"{path}/before-you-post")
        tour.open(browser, f"{path}/edit")
        tour.open(browser, f"{path}/edit", 422, "POST", data={**letter, "writer_name": ""})
        # "Email me this link": refused, then sent (its email is checked with the others;
        # the last letter's goes when it is deleted below, so every kind sends one).
        tour.open(browser, f"{path}/email-link", 422, "POST", data={"email": "ana@"})
        tour.send(
            browser, f"{path}/email-link", {"email": "ana@example.org", "wants_reminder": "y"}
        )
    # The reminder to post them, as the job sends it once their days have passed.
    remind_unposted_letters(datetime.now(UTC) + timedelta(days=30), 10)
    # The letter page with a message after "I posted it".
    tour.send(browser, f"{path}/posted", {})
    tour.open(browser, path)
    # Delete asks first; then a deleted letter's page.
    tour.open(browser, f"{path}/delete")
    tour.send(browser, f"{path}/delete", {})
    tour.open(browser, path, 410)


def _classroom_pages(app: Flask, tour: Tour, teacher, classroom, case) -> None:
    browser = _logged_in(app, teacher)
    tour.open(browser, "/classrooms/")
    tour.open(browser, "/classrooms/new")
    tour.open(browser, "/classrooms/new", 422, "POST", data={"name": ""})
    base = f"/classrooms/{classroom.id}"
    tour.open(browser, f"{base}/join-sheet")
    # The lesson plan, for each age band; anyone may read it (issue 16, item 8).
    tour.open(browser, "/classrooms/lesson-plan")
    for band in ("under-11", "11-13", "14-18"):
        tour.open(app.test_client(), f"/classrooms/lesson-plan/{band}")

    student = app.test_client()
    tour.open(student, "/join")
    tour.open(student, "/join", 422, "POST", data={"code": "NOPE"})
    tour.open(student, f"/join?code={format_join_code(classroom.join_code)}")
    joined = {"code": format_join_code(classroom.join_code), "display_name": "Amira"}
    tour.send(student, "/join", joined)
    tour.open(student, "/class/")
    tour.open(student, f"/class/cases/{case.slug}")
    compose = f"/class/cases/{case.slug}/write/appeal"
    tour.open(student, compose)
    tour.open(student, f"/class/cases/{case.slug}/write/card")
    tour.open(student, compose, 422, "POST", data={"language": "en", "body": ""})
    start = composer(case, LetterKind.APPEAL, "en")
    text = {"language": "en", "body": f"{start.body}\n\n{OWN_WORDS}", "action": "submit"}
    tour.send(student, compose, text)
    letter = _db.session.scalars(
        _db.select(Letter).where(Letter.classroom_id == classroom.id)
    ).one()

    tour.open(browser, base)
    # A resume code for Amira, and the join page with its resume form filled in or refused.
    resume = tour.open(browser, f"{base}/students/{letter.student_id}/resume-code", 200, "POST")
    resume_code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", resume.split("join-code")[1]).group()
    tour.open(app.test_client(), f"/join?resume={resume_code}")
    tour.open(app.test_client(), "/join/resume", 422, "POST", data={"resume_code": "NOPE"})
    review = f"{base}/letters/{letter.id}"
    tour.open(browser, review)
    tour.send(browser, f"{review}/return", {"comment": "Please add where you write from."})
    tour.open(student, f"/class/letters/{letter.id}")
    tour.open(student, f"/class/letters/{letter.id}", 422, "POST", data={"body": ""})
    tour.send(student, f"/class/letters/{letter.id}", text)
    tour.send(browser, f"{base}/approve", {"letter": [letter.id]})
    tally = f"tally_{case.id}_appeal"
    tour.open(browser, f"{base}/tally", 422, "POST", data={tally: "-3"})
    tour.open(browser, f"{base}/tally", 422, "POST", data={tally: "many"})
    # The class PDF: waiting for the background (as a large class's does), then made at once.
    with _config(app, CLASS_PDF_INLINE_MAX=0):
        waiting = tour.send(browser, f"{base}/prints", {"pad_to_even": "y"})
    tour.open(browser, waiting.location)
    made = tour.send(browser, f"{base}/prints", {"pad_to_even": "y"})
    assert "/prints/" in made.location
    tour.open(browser, made.location)  # ready: the download, and "I posted them"
    tour.open(student, "/class/")
    tour.open(browser, f"{base}/close")
    tour.send(browser, f"{base}/close", {})
    tour.open(browser, base)


def _organiser_pages(app: Flask, tour: Tour, organiser, case, petition, target) -> None:
    browser = _logged_in(app, organiser)
    tour.open(browser, "/admin/")
    tour.open(browser, f"/admin/?petition={petition.slug}")
    tour.open(browser, "/admin/content/")
    tour.open(browser, "/admin/content/cases")
    tour.open(browser, "/admin/content/cases/new")
    tour.open(browser, "/admin/content/cases/new", 422, "POST", data={"slug": "Not a slug"})
    tour.open(browser, f"/admin/content/cases/{case.id}/edit")
    tour.open(browser, f"/admin/content/cases/{case.id}/edit", 422, "POST", data={"name": ""})
    tour.open(browser, f"/admin/content/cases/{case.id}/preview")
    # Translations (issue 20): the languages, one language's form beside the original
    # (refused, saved, then out of date after the original changed), the preview in it.
    tour.open(browser, f"/admin/content/cases/{case.id}/translations")
    tour.open(browser, f"/admin/content/cases/{case.id}/translations", 422, "POST", data={})
    tour.open(browser, f"/admin/content/cases/{case.id}/translations/fr")
    tour.open(
        browser,
        f"/admin/content/cases/{case.id}/translations/fr",
        422,
        "POST",
        data={"case__headline": "x" * 201},
    )
    tour.send(
        browser,
        f"/admin/content/cases/{case.id}/translations/fr",
        {"case__headline": "Emprisonnée pour un poème", "case__ask": "Libérez-la."},
    )
    case.headline = case.headline + " Still in prison."
    _db.session.commit()
    tour.open(browser, f"/admin/content/cases/{case.id}/translations/fr")
    tour.open(browser, f"/admin/content/cases/{case.id}/translations")
    tour.open(browser, f"/admin/content/cases/{case.id}/preview?lang=fr")
    tour.open(browser, f"/admin/content/cases/{case.id}/targets/new")
    tour.open(browser, f"/admin/content/cases/{case.id}/targets/new", 422, "POST", data={})
    tour.open(browser, f"/admin/content/targets/{target.id}/edit")
    tour.open(browser, f"/admin/content/targets/{target.id}/edit", 422, "POST", data={})
    tour.open(browser, f"/admin/content/cases/{case.id}/letters/new")
    tour.open(browser, f"/admin/content/cases/{case.id}/letters/new", 422, "POST", data={})
    template = _db.session.scalars(
        _db.select(LetterTemplate).where(LetterTemplate.case_id == case.id)
    ).first()
    tour.open(browser, f"/admin/content/letters/{template.id}/edit")
    tour.open(browser, f"/admin/content/letters/{template.id}/edit", 422, "POST", data={})
    tour.open(browser, "/admin/content/issue-areas")
    tour.open(browser, "/admin/content/issue-areas/new")
    tour.open(browser, "/admin/content/issue-areas/new", 422, "POST", data={})
    tour.open(browser, "/admin/content/issue-areas/new", 422, "POST", data={"position": "first"})
    area = case.issue_area_id
    tour.open(browser, f"/admin/content/issue-areas/{area}/edit")
    tour.open(browser, f"/admin/content/issue-areas/{area}/translations")
    tour.open(browser, f"/admin/content/issue-areas/{area}/translations/es")
    tour.open(browser, f"/admin/content/issue-areas/{area}/edit", 422, "POST", data={})
    tour.open(browser, "/admin/content/petitions")
    tour.open(browser, "/admin/content/petitions/new")
    tour.open(browser, "/admin/content/petitions/new", 422, "POST", data={})
    tour.open(browser, "/admin/content/petitions/new", 422, "POST", data={"goal": "lots"})
    tour.open(browser, f"/admin/content/petitions/{petition.id}/edit")
    tour.open(browser, f"/admin/content/petitions/{petition.id}/edit", 422, "POST", data={})

    # Case updates: a draft, its translation, the preview, publishing, then the public pages.
    tour.open(browser, "/admin/updates/")
    tour.open(browser, "/admin/updates/new")
    tour.open(browser, f"/admin/updates/new/{case.id}")
    tour.open(browser, f"/admin/updates/new/{case.id}", 422, "POST", data={"title": ""})
    good_news = {
        "kind": "released",
        "happened_on": "2026-11-30",
        "language": "en",
        "title": "Leyla is free",
        "body": "She walked out of prison **this morning**.",
    }
    draft = tour.send(browser, f"/admin/updates/new/{case.id}", good_news)
    tour.open(browser, draft.location)
    update_id = int(draft.location.rsplit("/", 2)[1])
    tour.open(browser, f"/admin/updates/{update_id}/texts/new")
    tour.open(browser, f"/admin/updates/{update_id}/texts/new", 422, "POST", data={})
    translation = {"language": "fa", "title": "لیلا آزاد است", "body": "امروز صبح آزاد شد."}
    tour.send(browser, f"/admin/updates/{update_id}/texts/new", translation)
    tour.open(browser, f"/admin/updates/{update_id}/texts/fa")
    tour.open(browser, f"/admin/updates/{update_id}/preview?language=fa")
    tour.send(browser, f"/admin/updates/{update_id}/publish", {})
    tour.open(browser, f"/admin/updates/{update_id}/edit")
    # Emailing it: refused with nobody chosen, counted, a test, sent; then unsubscribing.
    SignatureFactory(
        petition=petition, email="reader@example.org", opt_in=True, confirmed=True, language="fa"
    )
    _db.session.commit()
    mailing = f"/admin/updates/{update_id}/mailing"
    tour.open(browser, mailing, 422, "POST", data={})
    tour.send(browser, mailing, {"to_signers": "y"})
    tour.open(browser, f"/admin/updates/{update_id}/edit")
    tour.send(browser, f"{mailing}/test", {})
    tour.send(browser, f"{mailing}/send", {})
    send_due_mailings()
    tour.open(browser, f"/admin/updates/{update_id}/edit")
    unsubscribe = f"/unsubscribe/{unsubscribe_token('reader@example.org')}?case={case.id}"
    tour.open(reader := app.test_client(), unsubscribe)
    tour.open(reader, unsubscribe, 200, "POST", data={"scope": "case"})
    tour.open(reader, unsubscribe)
    tour.open(reader, "/updates")
    tour.open(reader, "/")
    tour.open(reader, f"/cases/{case.slug}")

    tour.open(browser, "/admin/moderation/")
    tour.open(browser, f"/admin/moderation/?petition={petition.slug}&name=Ada&name_match=contains")
    tour.open(browser, "/admin/moderation/?repeated=many&since=yesterday", 422)
    tour.open(browser, "/admin/exports/")
    tour.open(browser, "/admin/delivery/")
    # A delivery pack waiting for the background (as a long list's does), then one made at once.
    with _config(app, DELIVERY_INLINE_MAX=0):
        waiting = tour.send(
            browser, f"/admin/delivery/petitions/{petition.id}", {"include_names": "y"}
        )
    tour.open(browser, waiting.location)
    made = tour.send(browser, f"/admin/delivery/petitions/{petition.id}", {"include_names": "y"})
    tour.open(browser, made.location)
    # Recording the delivery: refused, then recorded with its draft update.
    delivered = f"/admin/delivery/petitions/{petition.id}/delivered"
    tour.open(browser, delivered)
    tour.open(browser, delivered, 422, "POST", data={"on": "soon", "to": ""})
    tour.send(
        browser,
        delivered,
        {"on": date.today().isoformat(), "to": "The Minister", "draft_update": "y"},
    )
    tour.open(reader, f"/cases/{case.slug}")
    tour.open(browser, "/admin/delivery/")
    tour.open(browser, "/admin/users", 403)  # for admins only


def _admin_pages(app: Flask, tour: Tour, admin) -> None:
    browser = _logged_in(app, admin)
    tour.open(browser, "/admin/users")
    tour.open(browser, "/admin/users/invite", 422, "POST", data={"email": "x", "role": "x"})
    invite = {"email": "new.person@org.example", "role": "organiser"}
    tour.send(browser, "/admin/users/invite", invite)
    tour.open(browser, "/admin/users")
    tour.open(browser, "/admin/audit")

    newcomer = app.test_client()
    invitation = _latest_link("new.person@org.example", "/account/invitation/")
    tour.open(newcomer, invitation)
    tour.open(newcomer, invitation, 422, "POST", data={"name": "Nia", "password": "short"})


def _error_pages(app: Flask, tour: Tour) -> None:
    browser = app.test_client()
    tour.open(browser, "/no/such/page", 404)
    tour.open(browser, "/", 405, "DELETE")
    tour.open(browser, "/?q=%00", 400)
    tour.open(browser, "/my-data", 413, "POST", data={"email": "x" * (2 * 1024 * 1024)})
    # Errors no request of the tour can cause, through the same handlers.
    for error in (Conflict(), TooManyRequests(), InternalServerError(), ServiceUnavailable()):
        with app.test_request_context("/"):
            response = app.make_response(app.handle_user_exception(error))
        assert response.status_code == error.code
        tour.keep(f"error {error.code}", response.get_data(as_text=True))


# The checks ---------------------------------------------------------------------------


def test_every_get_route_is_checked_or_is_not_a_page(app, tour):
    rules = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.endpoint.startswith("_")
    }
    unchecked = sorted(rules - tour.endpoints - set(NOT_PAGES))
    assert unchecked == [], "GET routes that no tour page opens; add them to the tour"
    assert sorted(set(NOT_PAGES) - rules) == [], "NOT_PAGES names routes that are gone"
    assert sorted(set(NOT_PAGES) & tour.endpoints) == [], "NOT_PAGES names HTML pages"


def test_every_page_template_is_rendered_by_the_tour(app, tour):
    folder = Path(app.root_path, app.template_folder)
    templates = {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*.html")
        if not PARTIAL.search(path.relative_to(folder).as_posix())
    }
    assert sorted(templates - tour.templates) == []


class _Resources(HTMLParser):
    """Every URL in a page that a browser would fetch or send to by itself, with where
    it stands. Links in <a> are not among them: following one is the reader's choice."""

    ATTRIBUTES = {"src", "poster", "data", "action", "formaction", "background", "ping"}
    ATTRIBUTES |= {"manifest", "xlink:href"}
    # <link> (stylesheets, icons, fonts), <base>, and SVG's images and uses.
    HREF_TAGS = {"link", "script", "base", "image", "use", "feimage"}
    CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.I)

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name in self.ATTRIBUTES or (name == "href" and tag in self.HREF_TAGS):
                self.urls.append((f"<{tag} {name}>", value))
            elif name in ("srcset", "imagesrcset"):
                for candidate in value.split(","):
                    if candidate.strip():
                        self.urls.append((f"<{tag} {name}>", candidate.split()[0]))
            elif name == "style":
                self._css(f"<{tag} style>", value)
            elif tag == "meta" and name == "content" and "url=" in value.lower():
                self.urls.append(("<meta refresh>", value.split("=", 1)[1]))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self._css("<style>", data)

    def _css(self, where: str, css: str) -> None:
        for match in self.CSS_URL.finditer(css):
            self.urls.append((where, match.group(1) or match.group(2)))


def off_site_resources(html: str) -> list[str]:
    """What in this HTML would be fetched from, or sent to, another site."""
    parser = _Resources()
    parser.feed(html)
    parser.close()
    return [f"{where} {url}" for where, url in parser.urls if _off_site(url)]


def _off_site(url: str) -> bool:
    parts = urlsplit(url.strip())
    if parts.scheme == "data":
        return False  # inside the page itself
    if parts.scheme in ("", "http", "https"):
        # Relative, or this site: the test client's host, and BASE_URL's in testing.
        return parts.netloc not in ("", "localhost")
    return True


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ('<script src="https://cdn.example.com/x.js"></script>', True),
        ('<link rel="stylesheet" href="//fonts.example.com/css">', True),
        ('<img src="/static/a.png" srcset="/b.png 1x, https://img.example.com/c.png 2x">', True),
        ("<div style=\"background: url('https://x.example.com/y.png')\"></div>", True),
        ("<style>@import 'https://x.example.com/a.css';</style>", True),
        ('<iframe src="https://video.example.com/embed/1"></iframe>', True),
        ('<form action="https://forms.example.com/post"></form>', True),
        ('<meta http-equiv="refresh" content="5; url=https://x.example.com/">', True),
        ('<a href="https://www.amnesty.org/">A link to follow</a>', False),
        ('<img src="/static/img/candle.svg" alt="">', False),
        ('<img src="data:image/png;base64,iVBORw0KGgo=" alt="">', False),
        ('<form action="http://localhost/confirm/x"></form>', False),
        ('<meta http-equiv="refresh" content="5">', False),
    ],
)
def test_the_resource_check_tells_off_site_from_own(html, found):
    assert bool(off_site_resources(html)) is found


def test_no_page_loads_anything_from_another_site(tour):
    found = [f"{page.label}: {url}" for page in tour.pages for url in off_site_resources(page.html)]
    assert found == []


# A page the checker must fault: proof that it read the folder at all.
CANARY = "<!doctype html><html lang=en><title>Canary</title><p><div></div></p></html>"


def test_every_page_is_valid_html(tour, tmp_path):
    java = shutil.which("java")
    assert java, "the Nu HTML Checker needs Java: make system-deps installs it"
    assert VNU_JAR.is_file(), "the Nu HTML Checker is missing: make node-deps installs it"
    labels = {"canary.html": "canary"}
    (tmp_path / "canary.html").write_text(CANARY, encoding="utf-8")
    for number, page in enumerate(tour.pages):
        name = f"page-{number:03d}.html"
        (tmp_path / name).write_text(page.html, encoding="utf-8")
        labels[name] = page.label
    result = subprocess.run(
        [java, *JAVA_OPTIONS, "-jar", str(VNU_JAR), "--format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    try:
        messages = json.loads(result.stderr)["messages"]
    except ValueError:
        pytest.fail(f"The checker did not finish:\n{result.stdout}\n{result.stderr}")
    # Errors fail (and the checker's own failures to read a page); warnings do not.
    problems = [
        (labels.get(Path(urlsplit(m.get("url", "")).path).name, m.get("url")), m)
        for m in messages
        if m["type"] != "info"
    ]
    assert [m for label, m in problems if label == "canary"], "the checker found nothing wrong"
    report = [
        f"{label}, line {m.get('lastLine')}: {m['message']}\n    {m.get('extract', '').strip()}"
        for label, m in problems
        if label != "canary"
    ]
    assert report == [], "\n".join(report)
