"""Uploaded and user-written content never runs: every field that is echoed back is
escaped for where it lands. One set of hostile values goes in through the real forms (an
organiser's content, a supporter's signature and letter, a teacher's class and a student's
letter) and is read back from every output it reaches: pages, emails and their headers,
PDFs, CSV and JSON exports, and the public API."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from PIL import Image
from pypdf import PdfReader

from tests.letters.reading import pdf_text
from webapp.classrooms.services import format_join_code
from webapp.letters.services import composer
from webapp.models import (
    Case,
    ClassPrintJob,
    Classroom,
    DeliveryPack,
    IssueArea,
    Letter,
    LetterKind,
    LetterTemplate,
    Petition,
    Signature,
    Target,
)
from webapp.outbox.services import deliver_due
from webapp.printing import pdf

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
TEMPLATE = "{{ 7*7 }}"
FORMULA = '=HYPERLINK("http://x")'
LINK = "<link rel=stylesheet href=file:///etc/passwd>"
HOSTILE = (SCRIPT, BREAKOUT, JS_URL, TEMPLATE, FORMULA, LINK)
# What a header injection would smuggle in, if a line break got through to a header.
INJECTED = "Bcc: victim@example.org"

CASE_NAME = f"Amina {SCRIPT}"
PETITION_TITLE = f"Free Amina {SCRIPT}"
TARGET_NAME = f"Minister {SCRIPT}"
SIGNER = f"{FORMULA} {SCRIPT}"
STORY = "\n\n".join(
    [
        f"Amina [wrote]({JS_URL}) and [more](data:text/html,{SCRIPT}).",
        f"![her photo](file:///etc/passwd) {SCRIPT}",
        f"<a href='{JS_URL}'>click</a> {BREAKOUT} {LINK}",
        f"{TEMPLATE} {FORMULA}",
    ]
)
OWN_WORDS = "I am a nurse in Lyon and I think of Amina every single day."


# Reading back ---------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data):
        self.texts.append(data)


def read_html(html: str) -> str:
    """The text a browser shows of this HTML (and its attribute values), after checking
    that no element or attribute in it came from a hostile value: no script but the
    site's own, no event handler, no link, image or form to a script or a local file."""
    page = _Page()
    page.feed(html)
    page.close()
    for tag, attrs in page.elements:
        assert tag not in ("iframe", "frame", "object", "embed", "base", "style"), (tag, attrs)
        if tag == "meta" and "http-equiv" in attrs:
            assert attrs.get("content", "").isdigit(), attrs  # a refresh, never a redirect
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action", "formaction", "xlink:href"):
            value = re.sub(r"[\s\x00-\x1f]", "", attrs.get(name, "")).lower()
            assert not value.startswith(("javascript:", "data:", "file:", "vbscript:")), attrs
        if tag in ("script", "img", "link"):
            address = attrs.get("src") or attrs.get("href") or ""
            # The canonical address and the language alternates are absolute, and from
            # BASE_URL: never a typed value.
            absolute = attrs.get("rel") in ("canonical", "alternate") and "hreflang" in attrs
            own = ("http://localhost/",) if absolute or attrs.get("rel") == "canonical" else ("/",)
            assert address.startswith(own) and not address.startswith("//"), (tag, attrs)
    values = [value for _, attrs in page.elements for value in attrs.values()]
    return "".join(page.texts) + "\n" + "\n".join(values)


def page(browser, path: str, status: int = 200) -> str:
    response = browser.get(path)
    assert response.status_code == status, (path, response.status_code)
    return read_html(response.get_data(as_text=True))


def unspaced(text: str) -> str:
    """Text without any whitespace: PDF lines wrap long values anywhere."""
    return "".join(text.split())


def assert_printed(values, content: bytes) -> None:
    """Each value is in the PDF's text as typed, and no local file is."""
    text = pdf_text(content)
    for value in values:
        assert unspaced(value) in unspaced(text), value
    assert "root:x:0:0" not in text


@pytest.fixture
def fetched(monkeypatch):
    """Every URL WeasyPrint asks the letters' fetcher for during the test."""
    urls: list[str] = []
    fetch = pdf.LetterAssetFetcher.fetch

    def recording(self, url, headers=None):
        urls.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(pdf.LetterAssetFetcher, "fetch", recording)
    return urls


def only_letter_assets(urls: list[str]) -> bool:
    return all(url.startswith(pdf.ASSET_BASE) for url in urls)


# Content entered through the organisers' forms -------------------------------------------


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "teal").save(out, "PNG")
    return out.getvalue()


def _created(response, model, db, **where):
    assert response.status_code == 303, response.get_data(as_text=True)
    db.session.expire_all()
    return db.session.scalars(db.select(model).filter_by(**where)).one()


@pytest.fixture
def organiser(people, browser_for):
    return browser_for(people["organiser"])


@pytest.fixture
def campaign(db, organiser):
    """A published case with a photo, a target, appeal and card texts and an open petition,
    every text of it hostile, written by an organiser through /admin/content."""
    area = _created(
        organiser.post(
            "/admin/content/issue-areas/new",
            data={
                "slug": "hostile",
                "name": f"Rights {SCRIPT}",
                "summary": f"{BREAKOUT}\n\n{LINK}",
                "facts": "\n".join([TEMPLATE, JS_URL, FORMULA]),
                "position": "0",
            },
        ),
        IssueArea,
        db,
        slug="hostile",
    )
    case = _created(
        organiser.post(
            "/admin/content/cases/new",
            data={
                "slug": "amina",
                "name": CASE_NAME,
                "country": "IR",
                "issue_area_id": str(area.id),
                "headline": BREAKOUT,
                "story": STORY,
                "ask": f"{LINK} {TEMPLATE}",
                "status": "published",
                "featured": "y",
                "solidarity_safe": "y",
                "safety_notes": f"{SCRIPT} {BREAKOUT}",
                # Short enough to show whole through a window envelope (issue 17).
                "card_address": f"{BREAKOUT}\n{SCRIPT}",
                "card_country": "GB",
                "classroom_min_age": "0",
            },
        ),
        Case,
        db,
        slug="amina",
    )
    photo = organiser.post(
        f"/admin/content/cases/{case.id}/photo",
        data={"photo": (io.BytesIO(_png()), "photo.png"), "alt": BREAKOUT},
        content_type="multipart/form-data",
    )
    assert photo.status_code == 303, photo.get_data(as_text=True)
    target = _created(
        organiser.post(
            f"/admin/content/cases/{case.id}/targets/new",
            data={
                "name": TARGET_NAME,
                "title": BREAKOUT,
                "salutation": f"Dear {LINK},",
                "address": f"{BREAKOUT}\n{FORMULA}",
                "country": "IR",
                "language": "en",
            },
        ),
        Target,
        db,
        case_id=case.id,
    )
    for kind, salutation in (("appeal", ""), ("card", f"Dear {SCRIPT},")):
        _created(
            organiser.post(
                f"/admin/content/cases/{case.id}/letters/new",
                data={
                    "kind": kind,
                    "language": "en",
                    "salutation": salutation,
                    "closing": f"{SCRIPT},",
                    "body": f"I write for {{{{ person }}}}. {LINK}\n\n{BREAKOUT} {FORMULA}",
                    "key_points": f"{SCRIPT}\n{JS_URL}",
                    "tips": f"{BREAKOUT}\n{LINK}",
                },
            ),
            LetterTemplate,
            db,
            case_id=case.id,
            kind=LetterKind(kind),
        )
    petition = _created(
        organiser.post(
            "/admin/content/petitions/new",
            data={
                "slug": "free-amina",
                "title": PETITION_TITLE,
                "body": f"{BREAKOUT}\n\n{LINK} {TEMPLATE}\n{FORMULA}",
                "case_id": str(case.id),
                "target_id": str(target.id),
                "goal": "100",
                "opens_at": "",
                "closes_at": "",
                "status": "open",
            },
        ),
        Petition,
        db,
        slug="free-amina",
    )
    db.session.refresh(case)
    return case, target, petition


def test_organisers_content_reads_as_text_on_every_page_that_shows_it(
    db, campaign, client, organiser
):
    case, target, petition = campaign
    public = {
        "/": [CASE_NAME, BREAKOUT],
        "/issues/hostile": [f"Rights {SCRIPT}", BREAKOUT, LINK, TEMPLATE, JS_URL, FORMULA],
        "/cases/amina": [CASE_NAME, TARGET_NAME, PETITION_TITLE, *HOSTILE],
        "/cases/amina/write/appeal": [CASE_NAME, LINK, BREAKOUT, SCRIPT, JS_URL],
        "/cases/amina/write/card": [f"Dear {SCRIPT},", LINK, BREAKOUT],
    }
    for path, values in public.items():
        shown = page(client, path)
        for value in values:
            assert value in shown, (path, value)
    story = page(client, "/cases/amina")
    assert "[wrote](javascript:alert(1))" in story  # not a link: shown as typed

    admin = {
        "/admin/content/": [CASE_NAME],
        "/admin/content/issue-areas": [f"Rights {SCRIPT}"],
        f"/admin/content/issue-areas/{case.issue_area_id}/edit": [BREAKOUT, LINK, TEMPLATE],
        "/admin/content/cases": [CASE_NAME],
        f"/admin/content/cases/{case.id}/edit": [CASE_NAME, BREAKOUT, STORY, TARGET_NAME],
        f"/admin/content/cases/{case.id}/preview": [CASE_NAME, SCRIPT, LINK],
        f"/admin/content/targets/{target.id}/edit": [TARGET_NAME, BREAKOUT, f"Dear {LINK},"],
        "/admin/content/petitions": [PETITION_TITLE],
        f"/admin/content/petitions/{petition.id}/edit": [PETITION_TITLE, FORMULA],
        "/admin/": [PETITION_TITLE, CASE_NAME],
        "/admin/?petition=free-amina": [PETITION_TITLE],
        "/admin/exports/": [PETITION_TITLE],
        "/admin/delivery/": [PETITION_TITLE],
    }
    for template_id in db.session.scalars(db.select(LetterTemplate.id)):
        admin[f"/admin/content/letters/{template_id}/edit"] = [SCRIPT, BREAKOUT, JS_URL]
    for path, values in admin.items():
        shown = page(organiser, path)
        for value in values:
            assert value in shown, (path, value)


def test_a_letter_text_that_is_a_template_is_refused_and_echoed_as_text(campaign, organiser):
    case, _, _ = campaign
    response = organiser.post(
        f"/admin/content/cases/{case.id}/letters/new",
        data={
            "kind": "appeal",
            "language": "es",
            "closing": "Atentamente,",
            "body": f"{TEMPLATE} {SCRIPT} {{{{ person }}}}",
        },
    )
    assert response.status_code == 422
    shown = read_html(response.get_data(as_text=True))
    assert "Only placeholders such as {{ person }} may stand between double braces" in shown
    assert f"{TEMPLATE} {SCRIPT}" in shown  # the text kept in its box, as typed


def test_reflected_values_in_addresses_and_filters_read_as_text(
    campaign, organiser, client, people, browser_for
):
    _, _, petition = campaign
    admin = browser_for(people["admin"])
    shown = page(admin, "/admin/audit")
    assert PETITION_TITLE in shown and CASE_NAME in shown
    query = f"petition={petition.slug}&name={SCRIPT}&name_match=contains&source={BREAKOUT[:40]}"
    shown = page(organiser, f"/admin/moderation/?{query}")
    assert SCRIPT in shown and BREAKOUT[:40] in shown
    shown = page(admin, "/admin/audit?action=" + BREAKOUT)
    assert BREAKOUT in shown
    assert BREAKOUT[:20] in page(client, "/join?code=" + BREAKOUT)
    assert BREAKOUT in page(client, "/account/login?email=" + BREAKOUT)
    page(client, "/cases/amina/write/appeal?language=" + BREAKOUT)
    page(client, "/cases/" + SCRIPT, status=404)


# A supporter signs --------------------------------------------------------------------


def _sign(client, petition, **fields):
    data = {"full_name": SIGNER, "email": "ada@example.org", "country": "GB"} | fields
    return client.post(f"/petitions/{petition.slug}/sign", data=data)


def _confirm(client, message) -> None:
    path = re.search(r"http://localhost(/confirm/\S+)", message.body_text).group(1)
    assert client.post(path).status_code == 303


def test_the_title_reads_as_text_in_the_emails_and_the_signers_name_is_left_out(
    campaign, client, outbox
):
    _, _, petition = campaign
    assert _sign(client, petition).status_code == 303
    [message] = outbox()
    assert message.recipient == "ada@example.org"
    assert message.subject == f"Please confirm your signature on “{PETITION_TITLE}”"
    # A name anyone can type never reaches the organisation's emails (issue 21).
    assert SIGNER not in message.body_text
    assert PETITION_TITLE in message.body_text
    html = read_html(message.body_html)
    assert SIGNER not in html and PETITION_TITLE in html
    assert "&lt;script&gt;" in message.body_html

    # Signing again sends the other email: escaped the same way.
    assert _sign(client, petition, email="ADA@example.org").status_code == 303
    assert SIGNER not in read_html(outbox()[-1].body_html)
    assert PETITION_TITLE in read_html(outbox()[-1].body_html)
    _confirm(client, message)
    assert _sign(client, petition).status_code == 303
    assert PETITION_TITLE in read_html(outbox()[-1].body_html)

    # Delivered to the development mailbox (no MAIL_SERVER), and read there.
    assert deliver_due().sent == 3
    assert PETITION_TITLE in page(client, "/dev/mail/")
    newest = re.search(r'href="(/dev/mail/[^"]+)"', client.get("/dev/mail/").get_data(as_text=True))
    shown = page(client, newest.group(1))
    assert PETITION_TITLE in shown


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("full_name", f"Ada\r\n{INJECTED}"),
        ("full_name", f"Ada\n{INJECTED}"),
        ("full_name", f"Ada\r{INJECTED}"),
        ("email", f"ada@example.org\r\n{INJECTED}"),
        ("email", f"ada@example.org\n{INJECTED}"),
        ("email", "ada@example.org, victim@example.org"),
        ("email", f'"Ada\r\n{INJECTED}" <ada@example.org>'),
    ],
)
def test_a_line_break_never_reaches_a_mail_header(db, campaign, client, outbox, field, value):
    _, _, petition = campaign
    response = _sign(client, petition, **{field: value})
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count(Signature.id))) == 0
    assert outbox() == []


def test_an_organiser_cannot_put_a_line_break_in_a_subject(db, campaign, organiser):
    _, _, petition = campaign
    for title in (f"Free Amina\r\n{INJECTED}", f"Free Amina\n{INJECTED}"):
        response = organiser.post(
            f"/admin/content/petitions/{petition.id}/edit",
            data={
                "slug": petition.slug,
                "title": title,
                "body": "Text.",
                "goal": "100",
                "status": "open",
            },
        )
        assert response.status_code == 422
        assert "Please remove the special characters" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Petition, petition.id).title == PETITION_TITLE


def test_mail_through_a_real_server_has_one_recipient_and_no_injected_header(
    campaign, client, outbox, smtp_server
):
    _, _, petition = campaign
    assert _sign(client, petition).status_code == 303
    assert deliver_due().sent == 1
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["ada@example.org"]
    assert message["To"] == "ada@example.org"
    assert message["Subject"] == f"Please confirm your signature on “{PETITION_TITLE}”"
    [row] = outbox()
    assert message["Message-ID"].startswith(f"<outbox.{row.id}.")  # the outbox row's own id
    names = Counter(name.lower() for name in message.keys())
    assert [name for name, count in names.items() if count > 1] == []  # each header once
    assert not {"bcc", "cc", "reply-to"} & set(names)
    html = message.get_body(preferencelist=("html",)).get_content()
    assert SIGNER not in read_html(html) and PETITION_TITLE in read_html(html)
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert SIGNER not in text and text.startswith("Hello,")


# Line separators that are not C0 controls: a form refuses them, and a title stored by
# any other way (an older row, a script) still makes a one-line subject.
@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_other_line_separators_never_reach_a_subject_line(
    campaign, client, db, organiser, smtp_server, separator
):
    _, _, petition = campaign
    response = organiser.post(
        f"/admin/content/petitions/{petition.id}/edit",
        data={
            "slug": petition.slug,
            "title": f"Free Amina{separator}{INJECTED}",
            "body": "Text.",
            "goal": "100",
            "status": "open",
        },
    )
    assert response.status_code == 422
    assert "Please remove the special characters" in response.get_data(as_text=True)

    db.session.get(Petition, petition.id).title = f"Free Amina{separator}{INJECTED}"
    db.session.commit()
    assert _sign(client, petition).status_code == 303
    assert deliver_due().sent == 1
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["ada@example.org"]
    assert message["Subject"] == f"Please confirm your signature on “Free Amina {INJECTED}”"
    assert message["Bcc"] is None


def test_signers_and_titles_in_exports_cannot_run_as_formulas(campaign, client, organiser, outbox):
    _, _, petition = campaign
    _sign(client, petition)
    _confirm(client, outbox()[0])
    response = organiser.get(f"/admin/exports/petitions/{petition.id}/signatures.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))
    assert rows[0] == ["name", "country", "confirmed_at"]
    [row] = rows[1:]
    assert row[0] == "'" + SIGNER  # shown as text by spreadsheets, never run
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
    for kind in ("daily", "countries"):
        for scope in ("", f"petitions/{petition.id}/"):
            export = organiser.get(f"/admin/exports/{scope}counts/{kind}.json")
            assert export.mimetype == "application/json"
            [item] = json.loads(export.data)
            assert item["petition_slug"] == "free-amina"
            counts = organiser.get(f"/admin/exports/{scope}counts/{kind}.csv")
            for cells in list(csv.reader(io.StringIO(counts.get_data(as_text=True))))[1:]:
                assert all(not cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_the_moderation_sample_shows_names_as_text(campaign, client, organiser):
    _, _, petition = campaign
    _sign(client, petition)
    query = f"petition={petition.slug}&name=HYPERLINK&name_match=contains"
    shown = page(organiser, f"/admin/moderation/?{query}")
    assert SIGNER in shown and PETITION_TITLE in shown


def test_the_api_returns_hostile_text_as_json_data(campaign, client):
    _, _, petition = campaign
    for path in ("/api/v1/petitions/free-amina", "/api/v1/petitions"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.mimetype == "application/json"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    document = client.get("/api/v1/petitions/free-amina").get_json()
    assert document["title"] == PETITION_TITLE
    assert document["body"] == petition.body
    assert document["target"] == {"name": TARGET_NAME, "title": BREAKOUT}
    assert client.get("/api/v1/petitions").get_json()["data"] == [document]
    error = client.get("/api/v1/petitions/" + SCRIPT)
    assert error.status_code == 404 and error.mimetype == "application/json"


def test_the_delivery_pack_prints_every_value_as_text_and_fetches_nothing(
    db, campaign, client, organiser, outbox, fetched
):
    _, _, petition = campaign
    _sign(client, petition)
    _confirm(client, outbox()[0])
    response = organiser.post(
        f"/admin/delivery/petitions/{petition.id}", data={"include_names": "y"}
    )
    assert response.status_code == 303
    assert PETITION_TITLE in page(organiser, response.location)
    pack = db.session.scalars(db.select(DeliveryPack)).one()
    content = organiser.get(f"/admin/delivery/packs/{pack.id}/pack.pdf").data
    assert only_letter_assets(fetched)
    assert_printed(
        [PETITION_TITLE, BREAKOUT, f"{LINK} {TEMPLATE}", FORMULA, TARGET_NAME, SIGNER], content
    )
    assert PdfReader(io.BytesIO(content)).metadata.title == (
        f"Delivery of the petition “{PETITION_TITLE}”"
    )


# A supporter writes -------------------------------------------------------------------


def _write(db, client, case, kind: str, extra: str) -> Letter:
    start = composer(case, LetterKind(kind), "en")
    data = {
        "language": "en",
        "writer_name": SIGNER,
        "writer_town": BREAKOUT,
        "writer_country": "FR",
        "paper": "",
        "body": "\n\n".join(
            [start.body, OWN_WORDS, f"{SCRIPT} {LINK}", f"{TEMPLATE} {FORMULA}", extra]
        ),
    }
    response = client.post(f"/cases/{case.slug}/write/{kind}", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    token = response.headers["Location"].rsplit("/", 1)[1]
    return db.session.scalars(db.select(Letter).where(Letter.token == token)).one()


@pytest.mark.parametrize("kind", ["appeal", "card"])
def test_a_supporters_letter_reads_and_prints_as_text_and_fetches_nothing(
    db, campaign, client, fetched, outside_host, kind
):
    case, _, _ = campaign
    outside = f"http://127.0.0.1:{outside_host.server_port}"
    hostile_body = f'<img src="{outside}/x.png"> <style>@import url({outside}/y.css)</style>'
    letter = _write(db, client, case, kind, extra=hostile_body)

    for path in (f"/letters/{letter.token}", f"/letters/{letter.token}/edit"):
        shown = page(client, path)
        for value in (SIGNER, SCRIPT, LINK, TEMPLATE, FORMULA):
            assert value in shown, (path, value)
    content = client.get(f"/letters/{letter.token}/letter.pdf").data
    assert only_letter_assets(fetched)
    assert outside_host.requests == []
    expected = [SIGNER, f"{SCRIPT} {LINK}", f"{TEMPLATE} {FORMULA}", f"{SCRIPT},", hostile_body]
    if kind == "appeal":
        expected += [TARGET_NAME, BREAKOUT, f"Dear {LINK},", FORMULA]
    else:
        expected += [f"Dear {SCRIPT},", CASE_NAME, LINK, f"{SCRIPT} {BREAKOUT}"]
    assert_printed(expected, content)
    metadata = PdfReader(io.BytesIO(content)).metadata
    assert metadata.title.endswith(f"for {CASE_NAME}")
    assert metadata.author == SIGNER


def test_even_raw_markup_in_a_pdf_fetches_no_file_and_no_outside_host(app, fetched, outside_host):
    """The fetcher is the second line: were a value ever not escaped, WeasyPrint would
    still get nothing but the letters' own files."""
    outside = f"http://127.0.0.1:{outside_host.server_port}"
    html = (
        f'<html><head><link rel="stylesheet" href="{outside}/a.css">'
        f"<link rel=stylesheet href=file:///etc/passwd>"
        f"<style>@import url({outside}/b.css); body {{ background: url(file:///etc/hosts) }}"
        f"</style></head><body><p>Hello</p><img src=file:///etc/passwd>"
        f'<img src="{outside}/c.png"><object data="file:///etc/passwd"></object>'
        f'<img src="data:image/svg+xml,&lt;svg/&gt;"></body></html>'
    )
    with app.test_request_context():
        content = pdf.render_pdf(html).content
    assert "Hello" in pdf_text(content) and "root:x:0:0" not in pdf_text(content)
    assert outside_host.requests == []
    outside_urls = [url for url in fetched if not url.startswith(pdf.ASSET_BASE)]
    assert {url.split(":", 1)[0] for url in outside_urls} >= {"file", "http", "data"}
    for url in outside_urls:
        with pytest.raises(ValueError):
            pdf.LetterAssetFetcher().fetch(url)


# A teacher's class and a student's letter ------------------------------------------------


# Its digit makes the join form ask whether it is just a nickname: the student says yes.
STUDENT = SCRIPT


def test_a_class_and_a_students_letter_read_and_print_as_text(
    db, campaign, people, browser_for, app, fetched
):
    case, _, _ = campaign
    teacher = browser_for(people["teacher"])
    response = teacher.post(
        "/classrooms/new",
        data={
            "name": f"Year 8 {SCRIPT}",
            "school": BREAKOUT,
            "town": f"Leeds {LINK}",
            "country": "GB",
            "age_band": "11-13",
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    classroom_path = response.location
    shown = page(teacher, classroom_path)
    assert f"Year 8 {SCRIPT}" in shown and BREAKOUT in shown
    shown = page(teacher, f"{classroom_path}/join-sheet")
    assert f"Year 8 {SCRIPT}" in shown
    classroom = db.session.scalars(db.select(Classroom)).one()

    student = app.test_client()
    joined = student.post(
        "/join",
        data={
            "code": format_join_code(classroom.join_code),
            "display_name": STUDENT,
            "name_confirmed": "y",
        },
    )
    assert joined.status_code == 303, joined.get_data(as_text=True)
    assert STUDENT in page(student, "/class/")
    shown = page(student, "/class/cases/amina/write/appeal")
    assert CASE_NAME in shown and STUDENT in shown
    start = composer(case, LetterKind.APPEAL, "en")
    body = "\n\n".join([start.body, OWN_WORDS, f"{SCRIPT} {BREAKOUT}", f"{LINK} {TEMPLATE}"])
    written = student.post(
        "/class/cases/amina/write/appeal", data={"language": "en", "body": body, "action": "submit"}
    )
    assert written.status_code == 303, written.get_data(as_text=True)
    letter = db.session.scalars(db.select(Letter).where(Letter.classroom_id == classroom.id)).one()

    review = f"{classroom_path}/letters/{letter.id}"
    shown = page(teacher, review)
    assert STUDENT in shown and f"{SCRIPT} {BREAKOUT}" in shown
    returned = teacher.post(f"{review}/return", data={"comment": f"Please {BREAKOUT} {SCRIPT}"})
    assert returned.status_code == 303
    assert f"Please {BREAKOUT} {SCRIPT}" in page(student, f"/class/letters/{letter.id}")
    resent = student.post(
        f"/class/letters/{letter.id}", data={"language": "en", "body": body, "action": "submit"}
    )
    assert resent.status_code == 303, resent.get_data(as_text=True)
    assert STUDENT in page(teacher, classroom_path)
    approved = teacher.post(f"{classroom_path}/approve", data={"letter": [letter.id]})
    assert approved.status_code == 303

    printed = teacher.post(f"{classroom_path}/prints", data={"pad_to_even": "y"})
    assert printed.status_code == 303
    content = teacher.get(printed.location + "/letters.pdf").data  # the made PDF's file
    assert only_letter_assets(fetched)
    assert content.startswith(b"%PDF")
    assert_printed(
        [
            f"Letters from Year 8 {SCRIPT}",
            BREAKOUT,
            f"Leeds {LINK}",
            CASE_NAME,
            TARGET_NAME,
            STUDENT,
            f"{SCRIPT} {BREAKOUT}",
            f"{LINK} {TEMPLATE}",
        ],
        content,
    )
    assert db.session.scalars(db.select(ClassPrintJob)).one().status.value == "done"
