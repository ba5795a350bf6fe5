"""Joining a class: codes that read aloud well, names that are only names, limits on guessing."""

from __future__ import annotations

import re

import pytest

from tests.factories import ClassroomFactory
from webapp.classrooms import services
from webapp.models import Student


def test_join_codes_are_eight_unambiguous_symbols_shown_in_two_groups():
    codes = {services.new_join_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert re.fullmatch(r"[34679ACEFHJKMNPRTWXY]{8}", code)
    # No symbol a child could misread as another: O/0, I/1/L, S/5, Z/2, B/8, G, U/V.
    assert not set("".join(codes)) & set("0O1IL5S2Z8BGUVDQ")
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", services.format_join_code("7KMA3RXT"))


@pytest.mark.parametrize("typed", ["7kma-3rxt", " 7KMA 3RXT ", "7KMA3RXT", "7kma–3rxt"])
def test_a_code_typed_in_any_case_with_spaces_or_dashes_finds_the_class(db, typed):
    classroom = ClassroomFactory(join_code="7KMA3RXT")
    assert services.open_classroom_for_code(typed) == classroom


def test_a_student_joins_with_the_code_and_a_first_name_only(client, db, classroom):
    page = client.get(f"/join?code={services.format_join_code(classroom.join_code)}")
    html = page.get_data(as_text=True)
    assert services.format_join_code(classroom.join_code) in html  # filled in from the QR code
    form = html[html.index('<form method="post" action="/join"') :]
    form = form[: form.index("</form>")]
    # The code and a name: nothing else is asked (besides the unseen checks against bots).
    asked = set(re.findall(r'name="([^"]+)"', form)) - {"website", "shown_at"}
    assert asked == {"code", "display_name"}
    assert '<div class="human-check" aria-hidden="true">' in form
    response = client.post(
        "/join", data={"code": classroom.join_code.lower(), "display_name": "  Amira  "}
    )
    assert response.status_code == 303
    assert response.location == "/class/"
    # The name is isolated (<bdi>): a right-to-left name cannot reorder the greeting.
    assert "Hello, <bdi>Amira</bdi>" in client.get("/class/").get_data(as_text=True)
    student = db.session.scalars(db.select(Student)).one()
    assert student.display_name == "Amira"
    assert student.classroom == classroom


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("amira@example.org", "looks like an email address"),
        ("07700 900123", "looks like a phone number"),
        ("+44 7700 900 123", "looks like a phone number"),
    ],
)
def test_emails_and_phone_numbers_are_refused_kindly(client, db, classroom, name, message):
    response = client.post(
        "/join",
        data={"code": classroom.join_code, "display_name": name, "name_confirmed": "y"},
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.query(Student).count() == 0


def test_a_full_name_gets_a_gentle_warning_and_can_be_confirmed(client, db, classroom):
    response = client.post(
        "/join", data={"code": classroom.join_code, "display_name": "Amira Haddad"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "looks like a first name and a surname" in html
    assert "Yes, this is just my first name" in html
    assert db.session.query(Student).count() == 0
    # Some first names are two words: the student can say so.
    response = client.post(
        "/join",
        data={"code": classroom.join_code, "display_name": "Mary Ann", "name_confirmed": "y"},
    )
    assert response.status_code == 303


@pytest.mark.parametrize("name", ["Amira", "Jean-Luc", "Zoë", "ليلى", "小明", "Sam 2"])
def test_ordinary_first_names_and_nicknames_pass_without_a_warning(name):
    assert services.student_name_concern(name) is None


def test_a_wrong_code_says_so_and_adds_no_one(client, db, classroom):
    response = client.post("/join", data={"code": "XXXX-XXXX", "display_name": "Amira"})
    assert response.status_code == 422
    assert "does not match a class" in response.get_data(as_text=True)
    assert db.session.query(Student).count() == 0


def test_guessing_codes_is_rate_limited_per_client(app, client, db, classroom, monkeypatch):
    monkeypatch.setitem(app.config, "JOIN_FAILURE_LIMIT", "5 per 10 minutes")
    for guess in range(5):
        response = client.post("/join", data={"code": f"AAAA-AAA{guess}", "display_name": "X"})
        assert response.status_code == 422
    blocked = client.post("/join", data={"code": "AAAA-AAA9", "display_name": "X"})
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)
    # A right code is never refused (issue 21, item 4): a guesser would have to hit one
    # of 2.6e10 codes to tell a hit from the limit.
    right = client.post("/join", data={"code": classroom.join_code, "display_name": "Amira"})
    assert right.status_code == 303


def test_a_guesser_at_the_school_address_cannot_lock_the_class_out(app, db, classroom, monkeypatch):
    """Twenty wrong codes from a school's shared address: every student there still joins
    with the right code, typed in any way the form takes, while wrong ones wait."""
    monkeypatch.setitem(app.config, "JOIN_FAILURE_LIMIT", "20 per 10 minutes")
    guesser = app.test_client()
    for guess in range(20):
        response = guesser.post("/join", data={"code": f"AAAA-{guess:04d}", "display_name": "X"})
        assert response.status_code == 422
    assert guesser.post("/join", data={"code": "AAAA-9999", "display_name": "X"}).status_code == 429
    code = classroom.join_code
    for number, typed in enumerate([code, code.lower(), f" {code[:4]}-{code[4:]}\u200b"]):
        student = app.test_client()
        response = student.post("/join", data={"code": typed, "display_name": f"Student{number}"})
        assert response.status_code == 303
    assert db.session.query(Student).count() == 3
    # A right code with a name to confirm is not refused either, nor charged.
    warned = app.test_client().post("/join", data={"code": code, "display_name": "Amira Haddad"})
    assert warned.status_code == 422


def test_a_whole_class_joins_from_one_school_address(app, db, classroom, monkeypatch):
    """Successful joins do not count towards the limit: thirty students share one address."""
    monkeypatch.setitem(app.config, "JOIN_FAILURE_LIMIT", "5 per 10 minutes")
    for number in range(30):
        browser = app.test_client()
        response = browser.post(
            "/join", data={"code": classroom.join_code, "display_name": f"Student{number}"}
        )
        assert response.status_code == 303
    assert db.session.query(Student).count() == 30


def test_a_closed_classroom_takes_no_new_students(client, db, classroom):
    services.close_classroom(classroom)
    db.session.flush()
    response = client.post("/join", data={"code": classroom.join_code, "display_name": "Amira"})
    assert response.status_code == 422
    assert "This class is closed" in response.get_data(as_text=True)
    assert db.session.query(Student).count() == 0


def test_leaving_forgets_the_student_on_this_device(client, db, classroom):
    client.post("/join", data={"code": classroom.join_code, "display_name": "Amira"})
    client.post("/class/leave")
    assert client.get("/class/").location == "/join"


def test_only_wrong_codes_count_towards_the_limit(app, client, db, classroom, monkeypatch):
    """A right code with a name to confirm, or no name, is not a guess."""
    monkeypatch.setitem(app.config, "JOIN_FAILURE_LIMIT", "2 per 10 minutes")
    for _ in range(5):
        warned = client.post(
            "/join", data={"code": classroom.join_code, "display_name": "Amira Haddad"}
        )
        assert warned.status_code == 422
        empty = client.post("/join", data={"code": classroom.join_code, "display_name": ""})
        assert empty.status_code == 422
    response = client.post("/join", data={"code": classroom.join_code, "display_name": "Amira"})
    assert response.status_code == 303


def test_behind_a_proxy_each_student_address_has_its_own_limit(database_uri):
    from webapp import create_app
    from webapp.config import TestingConfig

    class BehindProxy(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_uri
        PROXY_FIX_HOPS = 1
        JOIN_FAILURE_LIMIT = "1 per 10 minutes"

    proxied_app = create_app(BehindProxy)
    proxied = proxied_app.test_client()

    def guess(address: str) -> int:
        return proxied.post(
            "/join",
            data={"code": "AAAA-AAAA", "display_name": "X"},
            headers={"X-Forwarded-For": address},
        ).status_code

    assert guess("203.0.113.7") == 422
    assert guess("203.0.113.7") == 429
    assert guess("198.51.100.23") == 422  # another school is not locked out
    with proxied_app.app_context():
        from webapp.extensions import db

        db.engine.dispose()


def test_students_in_one_class_each_have_their_own_writing_allowance(
    app, db, monkeypatch, classroom, join, write
):
    monkeypatch.setitem(app.config, "LETTER_RATE_LIMIT", "1 per minute")
    amira, leo = join(classroom, "Amira"), join(classroom, "Leo")  # one school address
    assert write(amira).status_code == 303
    assert write(leo).status_code == 303
    assert write(amira, "A second letter, too soon after the first.").status_code == 429
