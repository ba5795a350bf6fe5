"""Every public form, fuzzed with hypothesis: no input gives a 500. What a form takes is
stored exactly as sent (after its documented filters, such as stripping); what it refuses
is refused with words that say why, and nothing is written.

The issue's acceptance: right-to-left marks, zero-width characters, emoji and NUL bytes
are stored faithfully or refused with a clear message. NUL is always refused: PostgreSQL
text cannot hold it (run with TEST_DATABASE_URL to check there too).

A form is one entry in FORMS: where it is sent, its valid values, what to try in each
field, and where a success is stored.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.factories import (
    APPEAL_TEXT,
    PASSWORD,
    ClassroomFactory,
    LetterFactory,
    LetterTemplateFactory,
    PetitionFactory,
    SignatureFactory,
    UserFactory,
    leyla_ahmadi_case,
)
from webapp.accounts.services import (
    hash_password,
    invitation_token,
    normalise_email,
    reset_token,
    verification_token,
)
from webapp.classrooms.services import format_join_code
from webapp.extensions import db as _db
from webapp.extensions import limiter
from webapp.models import Base, Invitation, Letter, Signature, Student, User, UserRole
from webapp.petitions.links import confirmation_token
from webapp.privacy import consent
from webapp.web.forms import strip

# Deterministic for CI, and no example database written into the working tree.
FUZZ = settings(
    max_examples=15,
    deadline=None,
    database=None,
    derandomize=True,
    # Each example undoes its own writes (see _undone): the function-scoped fixtures
    # start every example from the same scene.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

TEMPLATE_TEXT = APPEAL_TEXT.replace("{{ person }}", "Leyla Ahmadi")
OWN_SENTENCE = "I am writing from Lyon because her courage matters to me and my family."
VALID_BODY = f"{TEMPLATE_TEXT}\n\n{OWN_SENTENCE}"
NEW_PASSWORD = "a longer passphrase of my own"

# What the issue names, and neighbours of it that a keyboard or a paste can bring.
NASTY = (
    "\x00",  # NUL
    "\u200f",  # right-to-left mark
    "\u200e",  # left-to-right mark
    "\u202e",  # right-to-left override
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\ufeff",  # zero-width no-break space (a byte order mark)
    "\U0001f44d\U0001f3ff",  # thumbs up, dark skin tone
    "\U0001f469\U0001f3fd\u200d\U0001f52c",  # woman scientist, medium skin tone (ZWJ)
    "\U0001f3f3\ufe0f\u200d\U0001f308",  # rainbow flag (variation selector and ZWJ)
    "\t",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\u00a0",
    "\u3000",
    "\u2028",
    "\u0085",
    "\x1f",
    "\x7f",
    "لیلا احمدی",  # right-to-left script
    "<b>&amp;",
    "{{ person }}",
    "%00",
    "\\",
    "'\"",
)
# Lone surrogates cannot travel in UTF-8 form data, so they are not tried.
_characters = st.characters(exclude_categories=["Cs"])
# NUL more often than the others: PostgreSQL cannot store it, so it must never get there.
nasty = st.one_of(st.sampled_from(NASTY), st.just("\x00"))
nasty_text = st.lists(st.one_of(nasty, st.text(_characters, max_size=10)), max_size=6).map("".join)
# Just under and just over the forms' limits, and far over.
long_text = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["x", "é", "\U0001f44d\U0001f3ff", "\u200d", "ل "]),
    st.sampled_from([30, 31, 100, 101, 200, 201, 254, 255, 3000, 3001, 20_000]),
)
blank = st.sampled_from(["", " ", "\t", "\n", "\u3000", " \u00a0 "])
wrong_type = st.sampled_from(
    ["0", "-1", "1e309", "true", "null", "[]", "{}", "NaN", "99999999999999999999"]
)
text = st.one_of(nasty_text, long_text, blank, wrong_type)
# Inside a name, where it may well be taken. None: the field is left out. A list: the
# field is sent twice.
value = st.one_of(
    text,
    text.map(lambda words: f"Ada {words} Lovelace"),
    st.none(),
    st.lists(text, min_size=2, max_size=2),
)
email = st.one_of(
    value,
    st.emails(),
    nasty_text.map(lambda local: f"{local}@example.org"),
    nasty_text.map(lambda domain: f"ada@{domain}.org"),
)
letter_body = st.one_of(value, text.map(lambda words: f"{VALID_BODY} {words} {OWN_SENTENCE}"))


def spliced(valid: str) -> st.SearchStrategy:
    """The valid value with one of NASTY put in, or in place of one of its characters."""
    return st.builds(
        lambda piece, at, drop: valid[:at] + piece + valid[at + drop :],
        nasty,
        st.integers(0, len(valid)),
        st.integers(0, 1),
    )


def choice(*choices: str) -> st.SearchStrategy:
    """A select: one of its choices, or anything else."""
    return st.one_of(st.sampled_from(choices), value)


# Filters a form documents: what is stored for what was sent.


def first(sent: str | list[str] | None) -> str:
    """The value a form reads from a field: the first sent, or nothing."""
    if sent is None:
        return ""
    return sent[0] if isinstance(sent, list) else sent


def letter_text(body: str) -> str:
    """A letter's text as stored (letters.services.fill_letter): one kind of line break."""
    return body.replace("\r\n", "\n").strip()


def one_line(name: str) -> str:
    """A student's name as stored (classrooms.services.join_classroom): spaces collapsed."""
    return " ".join(name.split())


def as_sent(sent: str) -> str:
    return sent


def through(**filters: Callable[[str], str]) -> Callable[[Mapping], dict]:
    """What a success must store: each field's value as sent, through its filter."""
    return lambda sent: {name: keep(first(sent.get(name))) for name, keep in filters.items()}


class Hashed:
    """A stored argon2 hash: equal to the one password it was made from."""

    __hash__ = None

    def __init__(self, password_hash: str) -> None:
        self.password_hash = password_hash

    def __eq__(self, password: object) -> bool:
        try:
            return PasswordHasher().verify(self.password_hash, password)
        except VerificationError:
            return False

    def __repr__(self) -> str:
        return "<the hash of another password>"


# The scene: what the forms need, as plain values (each example rolls the session back).


@dataclass(frozen=True)
class Scene:
    case_slug: str
    target_id: int
    petition_slug: str
    petition_id: int
    letter_token: str
    join_code: str
    classroom_id: int
    student_id: int
    student_cookie: str
    student_letter_id: int
    last_user_id: int
    teacher_email: str
    teacher_hash: str
    reset_token: str
    invitation_token: str
    invitation_email: str
    confirm_token: str
    signature_id: int
    verify_token: str
    unverified_id: int
    everything: dict = field(repr=False)


@pytest.fixture
def scene(app, db) -> Scene:
    """A case taking letters, its petition, a letter, a class with a student and their
    letter, and a link of each kind: committed, so views' rollbacks keep them."""
    case = leyla_ahmadi_case()
    LetterTemplateFactory(case=case)
    LetterTemplateFactory(case=case, card=True)
    target = case.targets[0]
    petition = PetitionFactory(case=case)
    pending = SignatureFactory(petition=PetitionFactory(case=case))
    letter = LetterFactory(case=case, target=target)
    teacher = UserFactory(email="tess@school.example", password_hash=hash_password(PASSWORD))
    unverified = UserFactory(unverified=True)
    admin = UserFactory(admin=True)
    invitation = Invitation(
        email="new.organiser@org.example", role=UserRole.ORGANISER, invited_by_id=admin.id
    )
    db.session.add(invitation)
    classroom = ClassroomFactory(teacher=teacher)
    db.session.commit()

    student_browser = app.test_client()
    joined = student_browser.post(
        "/join", data={"code": format_join_code(classroom.join_code), "display_name": "Amira"}
    )
    assert joined.status_code == 303
    drafted = student_browser.post(
        f"/class/cases/{case.slug}/write/appeal",
        data={"language": "en", "body": VALID_BODY, "action": "draft"},
    )
    assert drafted.status_code == 303
    student = db.session.scalars(select(Student)).one()
    return Scene(
        case_slug=case.slug,
        target_id=target.id,
        petition_slug=petition.slug,
        petition_id=petition.id,
        letter_token=letter.token,
        join_code=format_join_code(classroom.join_code),
        classroom_id=classroom.id,
        student_id=student.id,
        student_cookie=student_browser.get_cookie("session").value,
        student_letter_id=int(drafted.headers["Location"].rsplit("/", 1)[1]),
        last_user_id=db.session.scalar(select(db.func.max(User.id))),
        teacher_email=teacher.email,
        teacher_hash=teacher.password_hash,
        reset_token=reset_token(teacher),
        invitation_token=invitation_token(invitation),
        invitation_email=invitation.email,
        confirm_token=confirmation_token(pending),
        signature_id=pending.id,
        verify_token=verification_token(unverified),
        unverified_id=unverified.id,
        everything=_everything(db),
    )


def _everything(db) -> dict[str, list]:
    """Every row of every table: a refused form must leave them all as they were."""
    return {
        table.name: db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
        for table in Base.metadata.sorted_tables
    }


# Where each form stores a success.


def _signature(scene: Scene, response) -> dict:
    signature = _db.session.scalars(
        select(Signature).where(Signature.petition_id == scene.petition_id)
    ).one()
    return {
        "full_name": signature.full_name,
        "email": signature.email,
        "country": signature.country,
    }


def _letter_fields(letter: Letter) -> dict:
    return {
        "writer_name": letter.writer_name,
        "writer_town": letter.writer_town,
        "writer_country": letter.writer_country,
        "body": letter.body,
    }


def _new_letter(scene: Scene, response) -> dict:
    token = response.headers["Location"].rsplit("/", 1)[1]
    return _letter_fields(_db.session.scalars(select(Letter).where(Letter.token == token)).one())


def _changed_letter(scene: Scene, response) -> dict:
    letter = _db.session.scalars(select(Letter).where(Letter.token == scene.letter_token)).one()
    return _letter_fields(letter)


def _student_letter(scene: Scene, response) -> dict:
    letter_id = int(response.headers["Location"].rsplit("/", 1)[1])
    return {"body": _db.session.get(Letter, letter_id).body}


def _new_student(scene: Scene, response) -> dict:
    student = _db.session.scalars(
        select(Student).where(
            Student.classroom_id == scene.classroom_id, Student.id != scene.student_id
        )
    ).one()
    return {"display_name": student.display_name}


def _new_user(scene: Scene, response) -> dict:
    user = _db.session.scalars(select(User).where(User.id > scene.last_user_id)).one()
    return {"name": user.name, "email": user.email, "password": Hashed(user.password_hash)}


def _logged_in(scene: Scene, response) -> dict:
    # Only the teacher's own email and password may let anyone in.
    return {"email": scene.teacher_email, "password": Hashed(scene.teacher_hash)}


def _teacher_password(scene: Scene, response) -> dict:
    user = _db.session.scalars(select(User).where(User.email == scene.teacher_email)).one()
    return {"password": Hashed(user.password_hash)}


def _invited_user(scene: Scene, response) -> dict:
    user = _db.session.scalars(select(User).where(User.email == scene.invitation_email)).one()
    return {"name": user.name, "password": Hashed(user.password_hash)}


def _confirmed(scene: Scene, response) -> dict:
    signature = _db.session.get(Signature, scene.signature_id)
    return {"status": signature.status.value}


def _verified(scene: Scene, response) -> dict:
    return {"verified": _db.session.get(User, scene.unverified_id).is_verified}


@dataclass(frozen=True)
class PublicForm:
    """A form anyone (or a student) can send: where, with what, and where it stores it."""

    name: str
    url: Callable[[Scene, Mapping], str]
    valid: Callable[[Scene], dict[str, str]]
    # Per field, the values to try besides the valid one.
    fuzzed: Mapping[str, st.SearchStrategy]
    # What a success stored, and what it must equal given what was sent.
    stored: Callable[[Scene, object], dict] | None
    expected: Callable[[Mapping], dict] | None
    success: int = 303
    # Sent from the browser of the student who joined the class.
    student: bool = False
    # Fields that travel in the address, not in the form.
    in_path: tuple[str, ...] = ()

    def values(self, scene: Scene, only: str | None = None) -> st.SearchStrategy:
        """Values to send: the valid ones, with a try in one field (only), or in a few."""
        valid = self.valid(scene)
        tries = {
            name: st.one_of(strategy, spliced(valid[name])) if name in valid else strategy
            for name, strategy in self.fuzzed.items()
        }
        names = st.just({only}) if only else st.sets(st.sampled_from(sorted(tries)))
        tried = names.flatmap(
            lambda names: st.fixed_dictionaries({name: tries[name] for name in names})
        )
        return tried.map(lambda sent: valid | sent)


def _letter_values(scene: Scene) -> dict[str, str]:
    return {
        "language": "en",
        "writer_name": "Ana Pérez",
        "writer_town": "Lyon",
        "writer_country": "FR",
        "paper": "",
        "target": str(scene.target_id),
        "body": VALID_BODY,
    }


_LETTER_FIELDS = {
    "language": value,
    "writer_name": value,
    "writer_town": value,
    "writer_country": choice("FR", "GB", "IR"),
    "paper": choice("", "a4", "letter"),
    "target": choice("", "0", "abc"),
    "body": letter_body,
}
_LETTER_STORED = through(
    writer_name=strip, writer_town=strip, writer_country=as_sent, body=letter_text
)


def _student_values(scene: Scene) -> dict[str, str]:
    return {
        "language": "en",
        "target": str(scene.target_id),
        "body": VALID_BODY,
        "action": "submit",
    }


_STUDENT_FIELDS = {
    "target": choice("", "0", "abc"),
    "body": letter_body,
    "action": choice("submit", "draft"),
}


FORMS = [
    PublicForm(
        "sign a petition",
        url=lambda scene, sent: f"/petitions/{scene.petition_slug}/sign",
        valid=lambda scene: {
            "full_name": "Ada Lovelace",
            "email": "ada@example.org",
            "country": "GB",
            "opt_in": "y",
            "consent_version": consent.CURRENT.version,
        },
        fuzzed={
            "full_name": value,
            "email": email,
            "country": choice("GB", "FR", "IR"),
            "opt_in": choice("", "y"),
            "consent_version": choice(consent.CURRENT.version, "2019-01"),
        },
        stored=_signature,
        expected=through(full_name=strip, email=strip, country=as_sent),
    ),
    PublicForm(
        "write a letter",
        url=lambda scene, sent: f"/cases/{scene.case_slug}/write/appeal",
        valid=_letter_values,
        fuzzed=_LETTER_FIELDS,
        stored=_new_letter,
        expected=_LETTER_STORED,
    ),
    PublicForm(
        "change a letter",
        url=lambda scene, sent: f"/letters/{scene.letter_token}/edit",
        valid=_letter_values,
        fuzzed=_LETTER_FIELDS,
        stored=_changed_letter,
        expected=_LETTER_STORED,
    ),
    PublicForm(
        "join a class",
        url=lambda scene, sent: "/join",
        valid=lambda scene: {"code": scene.join_code, "display_name": "Leyla"},
        fuzzed={"code": value, "display_name": value, "name_confirmed": choice("", "y")},
        stored=_new_student,
        expected=through(display_name=one_line),
    ),
    PublicForm(
        "a student writes a letter",
        url=lambda scene, sent: f"/class/cases/{scene.case_slug}/write/appeal",
        valid=_student_values,
        fuzzed=_STUDENT_FIELDS,
        stored=_student_letter,
        expected=through(body=letter_text),
        student=True,
    ),
    PublicForm(
        "a student changes their letter",
        url=lambda scene, sent: f"/class/letters/{scene.student_letter_id}",
        valid=_student_values,
        fuzzed=_STUDENT_FIELDS,
        stored=_student_letter,
        expected=through(body=letter_text),
        student=True,
    ),
    PublicForm(
        "sign up",
        url=lambda scene, sent: "/account/signup",
        valid=lambda scene: {
            "name": "Tess Teacher",
            "email": "new.teacher@school.example",
            "password": NEW_PASSWORD,
        },
        fuzzed={"name": value, "email": email, "password": value},
        stored=_new_user,
        expected=through(name=strip, email=normalise_email, password=as_sent),
    ),
    PublicForm(
        "log in",
        url=lambda scene, sent: "/account/login",
        valid=lambda scene: {"email": scene.teacher_email, "password": PASSWORD},
        fuzzed={
            "email": st.one_of(email, st.just(" TESS@School.Example ")),
            "password": value,
        },
        stored=_logged_in,
        expected=through(email=normalise_email, password=as_sent),
    ),
    PublicForm(
        "ask for a new password",
        url=lambda scene, sent: "/account/forgot-password",
        valid=lambda scene: {"email": scene.teacher_email},
        fuzzed={"email": email},
        # The page is the same for every address, so nothing tells what was stored.
        stored=None,
        expected=None,
        success=200,
    ),
    PublicForm(
        "ask for a link to one's data",
        url=lambda scene, sent: "/my-data",
        valid=lambda scene: {"email": "someone@example.org"},
        fuzzed={"email": email},
        # The page is the same for every address, so nothing tells what was stored.
        stored=None,
        expected=None,
    ),
    PublicForm(
        "choose a new password",
        url=lambda scene, sent: f"/account/reset-password/{scene.reset_token}",
        valid=lambda scene: {"password": NEW_PASSWORD},
        fuzzed={"password": value},
        stored=_teacher_password,
        expected=through(password=as_sent),
    ),
    PublicForm(
        "accept an invitation",
        url=lambda scene, sent: f"/account/invitation/{scene.invitation_token}",
        valid=lambda scene: {"name": "Olu Organiser", "password": NEW_PASSWORD},
        fuzzed={"name": value, "password": value},
        stored=_invited_user,
        expected=through(name=strip, password=as_sent),
    ),
    PublicForm(
        "confirm a signature",
        url=lambda scene, sent: f"/confirm/{quote(sent['token'], safe='')}",
        valid=lambda scene: {"token": scene.confirm_token},
        fuzzed={"token": text},
        stored=_confirmed,
        expected=lambda sent: {"status": "confirmed"},
        in_path=("token",),
    ),
    PublicForm(
        "confirm an email address",
        url=lambda scene, sent: f"/account/verify/{quote(sent['token'], safe='')}",
        # Opened in another browser than the sign-up's: the owner chooses the password.
        valid=lambda scene: {"token": scene.verify_token, "password": "a long enough passphrase"},
        fuzzed={"token": text},
        stored=_verified,
        expected=lambda sent: {"verified": True},
        in_path=("token",),
    ),
]
FORM = {form.name: form for form in FORMS}


@contextmanager
def _undone(db):
    """One example inside a savepoint of the test's transaction, rolled back afterwards
    (views' commits end savepoints within it): every example starts from the scene."""
    db.session.remove()
    savepoint = db.engines[None].begin_nested()
    try:
        yield
    finally:
        db.session.remove()
        savepoint.rollback()


def _browser(app, scene: Scene, form: PublicForm):
    """A new browser for each sending, so no login or message carries over; a student's
    carries their session."""
    browser = app.test_client()
    if form.student:
        browser.set_cookie("session", scene.student_cookie)
    return browser


def _send(app, scene: Scene, form: PublicForm, sent: Mapping, **how):
    limiter.reset()  # the rate limits are tested elsewhere (tests/web/test_limits.py)
    data = {
        name: value
        for name, value in sent.items()
        if value is not None and name not in form.in_path
    }
    return _browser(app, scene, form).post(form.url(scene, sent), data=data, **how)


def _reason(response) -> str:
    """The words a refusal shows: its form's error summary, or its page's message."""
    html = response.get_data(as_text=True)
    found = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    if found is None and response.status_code != 422:
        found = re.search(r'<div class="panel[^"]*">.*?</div>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(0)).split()) if found else ""


def _assert_refused_clearly(db, scene: Scene, response) -> None:
    assert 400 <= response.status_code < 500, response.status_code
    # A sentence in words, not a code or a stack trace.
    reason = _reason(response)
    assert re.search(r"\w+ \w+ \w+[^.!?]*[.!?]", reason), reason or response.get_data(as_text=True)
    assert _everything(db) == scene.everything, "a refused form wrote something"


def _check(app, scene: Scene, form: PublicForm, sent: Mapping) -> None:
    """No 500; a success stored what was sent; a refusal says why and wrote nothing."""
    # The scene's db fixture holds the test's transaction; _db is its session.
    with _undone(_db):
        response = _send(app, scene, form, sent)
        event(f"status {response.status_code}")  # see --hypothesis-show-statistics
        assert response.status_code < 500
        if response.status_code == form.success:
            if form.stored is not None:
                assert form.stored(scene, response) == form.expected(sent)
        else:
            _assert_refused_clearly(_db, scene, response)


@pytest.mark.parametrize(
    ("form", "name"),
    [(form, name) for form in FORMS for name in form.fuzzed],
    ids=lambda param: getattr(param, "name", param),
)
@FUZZ
@given(data=st.data())
def test_no_value_of_one_field_breaks_a_form(app, scene, form, name, data):
    _check(app, scene, form, data.draw(form.values(scene, only=name), label="sent"))


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.name)
@FUZZ
@given(data=st.data())
def test_no_values_of_several_fields_break_a_form(app, scene, form, data):
    _check(app, scene, form, data.draw(form.values(scene), label="sent"))


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.name)
@pytest.mark.parametrize(
    "how",
    [
        pytest.param(lambda fields: {"json": fields}, id="json"),
        pytest.param(lambda fields: {"json": dict.fromkeys(fields, 1)}, id="json-numbers"),
        pytest.param(
            lambda fields: {"json": dict.fromkeys(fields, {"a": [None]})}, id="json-objects"
        ),
        pytest.param(lambda fields: {"json": "text"}, id="json-text"),
        pytest.param(lambda fields: {"json": [1, 2]}, id="json-list"),
        pytest.param(
            lambda fields: {"data": {name: (io.BytesIO(b"\x00\xff"), "a.txt") for name in fields}},
            id="files",
        ),
    ],
)
def test_a_form_sent_as_json_or_files_is_refused_clearly(app, db, scene, form, how):
    """Flask-WTF reads JSON bodies and files into text fields, where a number or a file
    broke the validators (a 500): the forms read only what a browser's form sends."""
    valid = form.valid(scene)
    fields = {name: value for name, value in valid.items() if name not in form.in_path}
    response = _browser(app, scene, form).post(form.url(scene, valid), **how(fields))
    if fields:
        _assert_refused_clearly(db, scene, response)
    else:  # a button and its address: nothing in the form to get wrong
        assert response.status_code == form.success


# The characters, one by one, in a name and in a letter.

UNUSUAL = {
    "right-to-left mark": "\u200f",
    "zero-width joiner": "\u200d",
    "emoji": "\U0001f469\U0001f3fd\u200d\U0001f52c",
    "NUL byte": "\x00",
}
SPECIAL_CHARACTERS = "Please remove the special characters from this field."
# Text that is printed (a letter, a signer's or student's name) refuses what no shipped
# font has, such as an emoji, naming it (webapp.printing.fonts, issue 17).
NOT_PRINTABLE = "cannot be printed on paper"
PRINTED_NAMES = {"sign a petition", "write a letter", "join a class"}


@pytest.mark.parametrize("character", UNUSUAL.values(), ids=UNUSUAL.keys())
@pytest.mark.parametrize(
    ("form_name", "name_field"),
    [
        ("sign a petition", "full_name"),
        ("write a letter", "writer_name"),
        ("join a class", "display_name"),
        ("sign up", "name"),
        ("accept an invitation", "name"),
    ],
)
def test_a_name_is_stored_as_written_or_refused_clearly(
    app, db, scene, form_name, name_field, character
):
    form = FORM[form_name]
    name = f"Le{character}yla"
    response = _send(app, scene, form, form.valid(scene) | {name_field: name})

    if character == "\x00":
        assert response.status_code == 422
        assert SPECIAL_CHARACTERS in _reason(response)
        assert _everything(db) == scene.everything
    elif character == UNUSUAL["emoji"] and form_name in PRINTED_NAMES:
        assert response.status_code == 422
        assert NOT_PRINTABLE in _reason(response)
        assert _everything(db) == scene.everything
    else:
        assert response.status_code == 303, _reason(response)
        assert form.stored(scene, response)[name_field] == name


@pytest.mark.parametrize("character", UNUSUAL.values(), ids=UNUSUAL.keys())
@pytest.mark.parametrize("form_name", ["write a letter", "a student writes a letter"])
def test_a_letter_is_stored_as_written_or_refused_clearly(app, db, scene, form_name, character):
    form = FORM[form_name]
    sentence = f"My class{character} in Leeds thinks of you {character}every day."
    body = f"{TEMPLATE_TEXT}\n\n{sentence}"
    response = _send(app, scene, form, form.valid(scene) | {"body": body})

    if character == "\x00":
        assert response.status_code == 422
        assert SPECIAL_CHARACTERS in _reason(response)
        assert _everything(db) == scene.everything
    elif character == UNUSUAL["emoji"]:
        assert response.status_code == 422
        assert NOT_PRINTABLE in _reason(response)
        assert _everything(db) == scene.everything
    else:
        assert response.status_code == 303, _reason(response)
        assert form.stored(scene, response)["body"] == body
        # The letter's page (a supporter's renders its PDF too) shows it as written.
        shown = _browser(app, scene, form).get(response.headers["Location"])
        assert shown.status_code == 200
        assert sentence in shown.get_data(as_text=True)


# Pins for what the fuzzing found.


def test_a_join_code_with_a_nul_byte_is_refused_clearly(app, db, scene):
    """It was looked up as typed, and PostgreSQL refused the query (a 500)."""
    code = scene.join_code.replace("-", "")[:7] + "\x00"
    response = _send(app, scene, FORM["join a class"], {"code": code, "display_name": "Leyla"})
    assert response.status_code == 422
    assert SPECIAL_CHARACTERS in _reason(response)


@pytest.mark.parametrize("form_name", ["write a letter", "change a letter"])
def test_a_letter_sent_without_the_town_field_has_no_town(app, db, scene, form_name):
    """A field left out (not sent empty) was None, and the letter's .strip() of it a 500."""
    form = FORM[form_name]
    response = _send(app, scene, form, form.valid(scene) | {"writer_town": None})
    assert response.status_code == 303
    assert form.stored(scene, response)["writer_town"] == ""


@pytest.mark.parametrize("form_name", ["write a letter", "a student writes a letter"])
@pytest.mark.parametrize("target", ["abc", "99999"])
def test_a_target_not_in_the_list_is_refused_in_words(app, db, scene, form_name, target):
    """Not a number, it was refused in WTForms' words: "Invalid Choice: could not coerce"."""
    form = FORM[form_name]
    response = _send(app, scene, form, form.valid(scene) | {"target": target})
    assert response.status_code == 422
    assert "Write to: Please choose who to write to from the list." in _reason(response)


@pytest.mark.parametrize(
    "path",
    [
        "/petitions/free%00them",
        "/cases/leyla%00ahmadi",
        "/issues/%00",
        "/letters/%00/edit",
        "/confirm/%00",
        "/account/reset-password/%00",
    ],
)
def test_an_address_with_a_nul_byte_is_not_found(client, db, path):
    """Slugs and tokens were looked up as sent, and PostgreSQL refused the query (a 500)."""
    response = client.get(path)
    assert response.status_code == 404
    assert "We could not find that page." in _reason(response)


def test_a_query_with_a_nul_byte_is_refused(client, db):
    response = client.get("/account/login?email=%00")
    assert response.status_code == 400
    assert "Please go back and try again." in _reason(response)


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff\u200b ", "\u2060"])
def test_a_name_of_only_invisible_characters_is_no_name(client, db, scene, invisible):
    data = {"full_name": invisible, "email": "ada@example.org", "country": "GB"}
    response = client.post(f"/petitions/{scene.petition_slug}/sign", data=data)
    assert response.status_code == 422
    assert "Please enter your name." in response.get_data(as_text=True)


@pytest.mark.parametrize("control", ["\x7f", "\x85", "\x9b", "\u2028", "\u2029"])
def test_delete_c1_controls_and_line_separators_are_refused_in_a_name(client, db, scene, control):
    data = {"full_name": f"Ada{control}Lovelace", "email": "ada@example.org", "country": "GB"}
    response = client.post(f"/petitions/{scene.petition_slug}/sign", data=data)
    assert response.status_code == 422
    assert "Please remove the special characters" in response.get_data(as_text=True)
    assert db.session.scalars(select(Signature).where(Signature.email == data["email"])).all() == []
