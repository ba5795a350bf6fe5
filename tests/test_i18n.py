"""The interface in the visitor's language: how it is chosen, the picker that changes it,
pages kept for everyone, dates and numbers, and names set inside sentences."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from tests.factories import ClassroomFactory, PetitionFactory, UserFactory
from webapp.web import pagecache


def _lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def _picker(response) -> str:
    page = response.get_data(as_text=True)
    return re.search(r'<form class="language-picker".*?</form>', page, re.S).group(0)


# Choosing the language ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("es", "es"),
        ("fr-CA,fr;q=0.9,en;q=0.5", "fr"),
        ("es-MX", "es"),  # a regional variant gets its language
        ("de, fr;q=0.3", "fr"),  # the best one we have
        ("de", "en"),  # none we have: English
        ("", "en"),
    ],
)
def test_the_browsers_language_chooses_the_interface(client, accept_language, expected):
    response = client.get("/privacy", headers={"Accept-Language": accept_language})
    assert _lang(response) == expected


def test_a_chosen_language_overrides_the_browsers(client):
    client.set_cookie("locale", "fr")
    assert _lang(client.get("/privacy", headers={"Accept-Language": "es"})) == "fr"


def test_a_cookie_for_a_language_we_do_not_have_is_ignored(client):
    client.set_cookie("locale", "de")
    assert _lang(client.get("/privacy", headers={"Accept-Language": "es"})) == "es"
    client.set_cookie("locale", "../../etc")
    assert _lang(client.get("/privacy")) == "en"


def test_pages_say_they_vary_with_the_language(client):
    response = client.get("/privacy", headers={"Accept-Language": "es"})
    assert {"Accept-Language", "Cookie"} <= set(response.vary)


# The picker ----------------------------------------------------------------------------


def test_every_page_has_a_picker_that_works_without_javascript(client):
    response = client.get("/privacy?from=footer", headers={"Accept-Language": "fr"})
    picker = _picker(response)
    assert 'method="get" action="/language"' in picker
    assert '<input type="hidden" name="next" value="/privacy?from=footer">' in picker
    assert '<label for="language-picker">' in picker
    assert '<select id="language-picker" name="locale"' in picker
    # Each language named in itself, marked as that language; the current one chosen.
    assert '<option value="en" lang="en">English</option>' in picker
    assert '<option value="es" lang="es">Español</option>' in picker
    assert '<option value="fr" lang="fr" selected>Français</option>' in picker
    assert '<button type="submit"' in picker
    assert "<script" not in picker


def test_the_picker_remembers_the_choice_and_goes_back(client):
    response = client.get("/language?locale=es&next=/privacy%3Ffrom%3Dfooter")
    assert response.status_code == 303
    assert response.location == "/privacy?from=footer"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("locale=es;")
    assert "Max-Age=31536000" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http in tests
    assert response.headers["Cache-Control"] == "no-store"
    assert _lang(client.get("/privacy", headers={"Accept-Language": "fr"})) == "es"


def test_the_choice_is_a_secure_cookie_where_the_session_is(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    response = client.get("/language?locale=fr&next=/privacy")
    assert "Secure" in response.headers["Set-Cookie"]


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/privacy",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "/privacy\r\nLocation: https://evil.example",
        "privacy",
        "",
    ],
)
def test_the_picker_never_sends_anyone_to_another_site(client, target):
    response = client.get("/language", query_string={"locale": "fr", "next": target})
    assert response.status_code == 303
    assert response.location == "/"


def test_the_picker_ignores_a_language_we_do_not_have(client):
    response = client.get("/language?locale=de&next=/privacy")
    assert response.status_code == 303 and response.location == "/privacy"
    assert "Set-Cookie" not in response.headers
    assert _lang(client.get("/privacy")) == "en"


def test_after_a_form_sent_to_a_post_only_address_the_picker_goes_back_to_the_form(client, db):
    petition = PetitionFactory()
    db.session.commit()
    case_page = f"http://localhost/cases/{petition.case.slug}"
    response = client.post(
        f"/petitions/{petition.slug}/sign", data={"full_name": ""}, headers={"Referer": case_page}
    )
    assert response.status_code == 422
    assert f'name="next" value="/cases/{petition.case.slug}"' in _picker(response)


# Pages kept for everyone (webapp.web.pagecache) ---------------------------------------------


@pytest.fixture
def shared(app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 60)
    pagecache.clear()
    yield
    pagecache.clear()


def test_a_kept_case_page_is_never_served_in_another_language(app, db, shared):
    petition = PetitionFactory()
    db.session.commit()
    path = f"/cases/{petition.case.slug}"
    english = app.test_client().get(path, headers={"Accept-Language": "en"})
    spanish = app.test_client().get(path, headers={"Accept-Language": "es"})
    french = app.test_client()
    french.set_cookie("locale", "fr")
    assert (_lang(english), _lang(spanish), _lang(french.get(path))) == ("en", "es", "fr")
    assert '<option value="es" lang="es" selected>' in _picker(spanish)
    # And each is kept: a second visitor in each language gets that language's page.
    assert _lang(app.test_client().get(path, headers={"Accept-Language": "es"})) == "es"
    assert _lang(app.test_client().get(path, headers={"Accept-Language": "en"})) == "en"


def test_a_kept_page_holds_no_visitors_query_string(app, db, shared):
    petition = PetitionFactory()
    db.session.commit()
    path = f"/cases/{petition.case.slug}"
    first = app.test_client().get(f"{path}?ref=newsletter-ada%40example.org")
    second = app.test_client().get(path)
    for response in (first, second):
        assert f'name="next" value="{path}"' in _picker(response)
        assert "newsletter" not in response.get_data(as_text=True)


# Dates and numbers -----------------------------------------------------------------------

# Month names and number formats come from Babel's CLDR data, not from our catalogs:
# these hold even before anything is translated.
MOMENT = datetime(2025, 3, 1, 14, 5, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("locale", "date_long", "datetime_short", "number"),
    [
        ("en", "March 1, 2025", "Mar 1, 2025, 2:05\u202fPM", "12,345"),
        ("es", "1 de marzo de 2025", "1 mar 2025, 14:05", "12.345"),
        ("fr", "1 mars 2025", "1 mars 2025, 14:05", "12\u202f345"),
    ],
)
def test_dates_and_numbers_are_written_as_in_the_visitors_language(
    app, locale, date_long, datetime_short, number
):
    filters = app.jinja_env.filters
    with app.test_request_context(headers={"Accept-Language": locale}):
        assert filters["date_long"](MOMENT) == date_long
        assert filters["date_long"](date(2025, 3, 1)) == date_long
        assert filters["datetime_short"](MOMENT) == datetime_short
        assert filters["number"](12345) == number


def test_the_audit_log_shows_seconds_and_the_alert_window_a_time(app):
    filters = app.jinja_env.filters
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert filters["datetime_medium"](MOMENT) == "1 mars 2025, 14:05:09"
        assert filters["time_short"](MOMENT) == "14:05"
        assert filters["percent"](50) == "50\u00a0%"


def test_a_page_shows_its_dates_in_the_visitors_language(client):
    page = client.get("/privacy", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "26 novembre 2026" in page  # the consent text's version date
    page = client.get("/privacy", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "26 de noviembre de 2026" in page


def test_a_time_element_keeps_a_machine_readable_datetime(db, people, browser_for):
    from webapp.audit import record

    record(people["admin"], "test.event", summary="Something happened")
    db.session.commit()
    page = browser_for(people["admin"]).get("/admin/audit", headers={"Accept-Language": "fr"})
    html = page.get_data(as_text=True)
    when = re.search(r'<time datetime="([^"]+)">([^<]+)</time>', html)
    assert datetime.fromisoformat(when.group(1))  # ISO 8601 for machines
    assert re.fullmatch(r"\d{1,2} \w+\.? \d{4}, \d{2}:\d{2}:\d{2}", when.group(2))  # for people


def test_an_email_says_which_language_it_is_in(client, db, outbox):
    petition = PetitionFactory()
    db.session.commit()
    response = client.post(
        f"/petitions/{petition.slug}/sign",
        data={"full_name": "Ana", "email": "ana@example.org", "country": "ES"},
        headers={"Accept-Language": "es"},
    )
    assert response.status_code == 303
    [message] = outbox()
    assert '<html lang="es">' in message.body_html


# Names inside sentences ------------------------------------------------------------------

RTL_NAME = "ليلى"


def test_a_name_inside_a_sentence_is_isolated_from_it(app, db, login):
    teacher = UserFactory()
    classroom = ClassroomFactory(teacher=teacher, name=f"{RTL_NAME} </title><script>")
    db.session.commit()
    browser = app.test_client()
    assert login(browser, teacher).status_code == 303
    html = browser.get(f"/classrooms/{classroom.id}/close").get_data(as_text=True)
    escaped = f"{RTL_NAME} &lt;/title&gt;&lt;script&gt;"
    # In the heading, isolated (and escaped); in the tab's title, the text alone, escaped.
    assert f"<h1>Close <bdi>{escaped}</bdi>?</h1>" in html
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title == f"Close {escaped}? · Write for Rights"


def test_a_students_name_is_isolated_in_the_greeting(app, db):
    classroom = ClassroomFactory()
    db.session.commit()
    browser = app.test_client()
    response = browser.post("/join", data={"code": classroom.join_code, "display_name": RTL_NAME})
    assert response.status_code == 303
    assert f"Hello, <bdi>{RTL_NAME}</bdi>" in browser.get("/class/").get_data(as_text=True)


def test_countries_are_named_and_sorted_in_the_visitors_language(client, db):
    petition = PetitionFactory(case=None)
    db.session.commit()
    page = client.get(f"/petitions/{petition.slug}", headers={"Accept-Language": "fr"}).get_data(
        as_text=True
    )
    names = re.findall(r'<option value="[A-Z]{2}">([^<]+)</option>', page)
    assert "Royaume-Uni" in names and "United Kingdom" not in names
    # "Égypte" among the E's, not after "Zimbabwe".
    assert names.index("Équateur") < names.index("Érythrée") < names.index("Espagne")
    assert names.index("Égypte") < names.index("Zimbabwe")


def test_a_closed_case_and_a_closed_petition_agree_in_gender(db, people, browser_for):
    from webapp.models import CaseStatus

    petition = PetitionFactory(closed=True)
    petition.case.status = CaseStatus.CLOSED
    db.session.commit()
    organiser = browser_for(people["organiser"])
    french = {"Accept-Language": "fr"}
    case_page = organiser.get(f"/admin/content/cases/{petition.case.id}/edit", headers=french)
    tags = re.findall(r'class="status-tag status-tag--closed">([^<]+)<', case_page.text)
    assert tags == ["Clôturé", "Clôturée"]  # the case (le cas), then its petition (la pétition)


def test_a_visitor_who_follows_a_link_in_a_language_reads_on_in_it(app, db, outbox):
    """A French page's address (?lang=fr, as search engines and shared links give it)
    from an English browser: the signing that follows, its "check your email" page and
    its confirmation email are in French, though none of their addresses says so."""
    from tests.factories import CaseFactory

    case = CaseFactory(slug="leyla")
    petition = PetitionFactory(case=case)
    db.session.commit()
    browser = app.test_client()
    english = {"Accept-Language": "en"}
    page = browser.get("/cases/leyla?lang=fr", headers=english)
    assert "locale=fr" in page.headers["Set-Cookie"]
    signed = browser.post(
        f"/petitions/{petition.slug}/sign",
        data={"full_name": "Camille Martin", "email": "camille@example.org", "country": "FR"},
        headers=english,
    )
    assert signed.status_code == 303
    check = browser.get(signed.location, headers=english)
    assert _lang(check) == "fr"
    [message] = outbox("camille@example.org")
    assert message.subject.startswith("Veuillez confirmer votre signature")


def test_a_language_in_an_organisers_preview_or_the_api_is_not_their_choice(
    app, db, people, browser_for
):
    from tests.factories import CaseFactory

    case = CaseFactory(slug="leyla")
    db.session.commit()
    organiser = browser_for(people["organiser"])
    preview = organiser.get(f"/admin/content/cases/{case.id}/preview?lang=fr")
    assert preview.status_code == 200
    assert "Set-Cookie" not in preview.headers or "locale=" not in preview.headers["Set-Cookie"]
    api = app.test_client().get("/api/v1/cases/leyla?lang=fr")
    assert "locale=" not in api.headers.get("Set-Cookie", "")
