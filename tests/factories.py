"""factory_boy factories for the models; rows are flushed, never committed."""

from __future__ import annotations

from datetime import date

import factory

from webapp.accounts.services import hash_password
from webapp.classrooms.services import new_join_code
from webapp.extensions import db
from webapp.models import (
    AgeBand,
    Case,
    CaseStatus,
    CaseUpdate,
    Classroom,
    IssueArea,
    Letter,
    LetterKind,
    LetterTemplate,
    PaperSize,
    Petition,
    PetitionStatus,
    Signature,
    SignatureStatus,
    Student,
    Target,
    UpdateKind,
    User,
    UserRole,
    utcnow,
)
from webapp.utils.addresses import canonical_email


class _Factory(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class IssueAreaFactory(_Factory):
    class Meta:
        model = IssueArea

    slug = factory.Sequence(lambda n: f"area-{n}")
    name = factory.Sequence(lambda n: f"Issue area {n}")
    summary = "Why this matters, in two sentences."
    facts = factory.LazyFunction(lambda: ["A fact with a figure: 42."])
    position = factory.Sequence(int)


class CaseFactory(_Factory):
    class Meta:
        model = Case

    slug = factory.Sequence(lambda n: f"case-{n}")
    name = factory.Sequence(lambda n: f"Person {n}")
    country = "MX"
    issue_area = factory.SubFactory(IssueAreaFactory)
    headline = "Jailed for speaking out"
    story = "First paragraph.\n\nSecond paragraph."
    ask = "Release them now."
    status = CaseStatus.PUBLISHED
    featured = True

    class Params:
        draft = factory.Trait(status=CaseStatus.DRAFT)
        # Takes solidarity cards, without the sender's address.
        takes_cards = factory.Trait(
            solidarity_safe=True,
            sender_address_allowed=False,
            card_address="c/o Card Service\nPO Box 7\nLondon WC1X 0DW",
            card_country="GB",
            safety_notes="Write about hope, not about the trial.",
        )


class TargetFactory(_Factory):
    class Meta:
        model = Target

    case = factory.SubFactory(CaseFactory)
    name = "Minister Ana Ruiz"
    title = "Minister of the Interior"
    salutation = "Dear Minister,"
    # Five lines with the name, title and country line: what a #10 window shows.
    address = "Avenida Central 1\n06000 Ciudad de México"
    country = "MX"
    language = "es"


class PetitionFactory(_Factory):
    class Meta:
        model = Petition

    slug = factory.Sequence(lambda n: f"petition-{n}")
    case = factory.SubFactory(CaseFactory)
    title = factory.Sequence(lambda n: f"Free person {n}")
    body = "We, the undersigned, ask you to act."
    goal = 1000
    status = PetitionStatus.OPEN

    class Params:
        closed = factory.Trait(status=PetitionStatus.CLOSED)
        draft = factory.Trait(status=PetitionStatus.DRAFT)


class SignatureFactory(_Factory):
    class Meta:
        model = Signature

    petition = factory.SubFactory(PetitionFactory)
    full_name = factory.Sequence(lambda n: f"Signer {n}")
    email = factory.Sequence(lambda n: f"signer{n}@example.org")
    email_canonical = factory.LazyAttribute(lambda o: canonical_email(o.email))
    country = "GB"
    token_nonce = factory.Sequence(lambda n: f"nonce-{n}")
    status = SignatureStatus.PENDING

    class Params:
        confirmed = factory.Trait(status=SignatureStatus.CONFIRMED)


APPEAL_TEXT = (
    "I am writing to ask you to release {{ person }} now.\n\n"
    "They are held only for speaking peacefully, which is their right."
)


class LetterTemplateFactory(_Factory):
    class Meta:
        model = LetterTemplate

    case = factory.SubFactory(CaseFactory)
    kind = LetterKind.APPEAL
    language = "en"
    salutation = ""
    closing = "Yours sincerely,"
    body = APPEAL_TEXT
    key_points = factory.LazyFunction(lambda: ["Release them now", "Let their family visit"])
    tips = factory.LazyFunction(lambda: ["Be polite", "Say where you write from"])

    class Params:
        card = factory.Trait(
            kind=LetterKind.CARD,
            salutation="Dear friend,",
            closing="With love,",
            body="We are thinking of you every day.\n\nYou are not alone.",
        )


class LetterFactory(_Factory):
    class Meta:
        model = Letter

    case = factory.SubFactory(CaseFactory)
    target = factory.SubFactory(TargetFactory, case=factory.SelfAttribute("..case"))
    kind = LetterKind.APPEAL
    language = "en"
    writer_name = "Ana Pérez"
    writer_town = "Lyon"
    writer_country = "FR"
    paper = PaperSize.A4
    salutation = "Dear Minister,"
    closing = "Yours sincerely,"
    body = "I write from Lyon to ask you to release them.\n\nPlease act now."


class CaseUpdateFactory(_Factory):
    """Published good news, in English."""

    class Meta:
        model = CaseUpdate

    case = factory.SubFactory(CaseFactory)
    kind = UpdateKind.RELEASED
    happened_on = date(2026, 12, 1)
    language = "en"
    title = "Leyla is free"
    body = "She walked out **this morning**."
    published_at = factory.LazyFunction(utcnow)


PASSWORD = "correct horse battery staple"


class UserFactory(_Factory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"teacher{n}@school.example.org")
    name = factory.Sequence(lambda n: f"Teacher {n}")
    # At the testing configuration's argon2 costs (webapp/config.py): about a millisecond.
    password_hash = factory.LazyFunction(lambda: hash_password(PASSWORD))
    role = UserRole.TEACHER
    email_verified_at = factory.LazyFunction(utcnow)

    class Params:
        unverified = factory.Trait(email_verified_at=None)
        organiser = factory.Trait(role=UserRole.ORGANISER)
        admin = factory.Trait(role=UserRole.ADMIN)


class ClassroomFactory(_Factory):
    class Meta:
        model = Classroom

    teacher = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Class {n}")
    school = "Riverside School"
    town = "Leeds"
    country = "GB"
    age_band = AgeBand.FROM_11
    join_code = factory.LazyFunction(new_join_code)


class StudentFactory(_Factory):
    class Meta:
        model = Student

    classroom = factory.SubFactory(ClassroomFactory)
    display_name = factory.Sequence(lambda n: f"Kid{n}")


def leyla_ahmadi_case() -> Case:
    """A published case in Iran that takes cards (without the sender's address), with the
    Head of the Judiciary to write to. The caller adds its letter texts."""
    case = CaseFactory(name="Leyla Ahmadi", country="IR", takes_cards=True)
    TargetFactory(
        case=case,
        name="Dr. Hossein Karimi",
        title="Head of the Judiciary",
        salutation="Dear Head of the Judiciary,",
        address="No. 27, Nastaran Alley\nTehran 1143815611",
        country="IR",
        language="fa",
    )
    return case
