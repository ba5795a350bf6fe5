"""Content forms: they check shape (lengths, slugs, numbers, dates); services check meaning."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectChoice,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from webapp.campaigns.services import CaseValues, IssueAreaValues, TargetValues
from webapp.classrooms.forms import AGE_BAND_LABELS
from webapp.editing import SLUG_MAX_CHARS, SLUG_PATTERN
from webapp.letters.services import LetterTextValues
from webapp.models import (
    AgeBand,
    Case,
    CaseStatus,
    IssueArea,
    LetterKind,
    LetterTemplate,
    Petition,
    PetitionStatus,
    Target,
)
from webapp.petitions.services import PetitionValues
from webapp.printing import envelopes
from webapp.printing.fonts import printable_on_paper
from webapp.printing.pdf import MAX_FIELD_CHARS
from webapp.utils.countries import country_choices
from webapp.web import locales
from webapp.web.forms import (
    DayField,
    Form,
    ListField,
    bounded_text,
    multiline_text,
    strip,
    text_field,
)
from webapp.web.i18n import LocalNumber
from webapp.web.i18n import lazy_gettext as _l

STORY_MAX_CHARS = 20_000
# A student's story is short: a few paragraphs read aloud in a lesson.
STUDENT_STORY_MAX_CHARS = 4_000
TEXT_MAX_CHARS = 5_000
LETTER_BODY_MAX_CHARS = 5_000
NEXT_STEPS_MAX_CHARS = 1_000
LANGUAGE_PATTERN = r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*"

CASE_STATUS_LABELS = {
    CaseStatus.DRAFT: _l("Draft: only organisers see it"),
    CaseStatus.PUBLISHED: _l("Published: public, taking signatures and letters"),
    CaseStatus.CLOSED: _l("Closed: the page stays up, no new letters"),
    CaseStatus.GOOD_NEWS: _l("Good news: the page stays up with the good news"),
}
PETITION_STATUS_LABELS = {
    PetitionStatus.DRAFT: _l("Draft: only organisers see it"),
    PetitionStatus.OPEN: _l("Open: taking signatures (between the dates below, if set)"),
    PetitionStatus.CLOSED: _l("Closed: the count stays up, no new signatures"),
}
KIND_LABELS = {
    LetterKind.APPEAL: _l("Appeal to the authorities"),
    LetterKind.CARD: _l("Solidarity card to the person"),
}


def normalise_newlines(value):
    """Filter: one kind of line break, whatever the browser sends, and no trailing spaces."""
    return (
        value.replace("\r\n", "\n").replace("\r", "\n").strip() if isinstance(value, str) else value
    )


def lines(text: str) -> list[str]:
    """The non-empty lines of a text box: one fact, key point or tip a line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class DateTimeField(DateTimeLocalField):
    """A date and time in UTC (the browser's date-time picker), as an aware datetime."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"], **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(
                _("Please enter a date and time, such as 2026-12-10 09:00.")
            ) from error

    def aware(self) -> datetime | None:
        """The value in UTC, or None when left empty."""
        return self.data.replace(tzinfo=UTC) if self.data else None


def _textarea(
    label: str,
    max_chars: int,
    required: str | None = None,
    description: str = "",
    *,
    checks: Sequence = (),
):
    validators = [*bounded_text(max_chars, required, multiline_text), *checks]
    return TextAreaField(
        label, validators=validators, filters=[normalise_newlines], description=description
    )


def _slug(description: str):
    return StringField(
        _l("Address (slug)"),
        description=description,
        validators=[
            DataRequired(_l("Please choose the address, such as leyla-ahmadi.")),
            Length(
                max=SLUG_MAX_CHARS,
                message=_l(
                    "Please keep it to %(max)s characters.", max=LocalNumber(SLUG_MAX_CHARS)
                ),
            ),
            Regexp(
                f"^{SLUG_PATTERN.pattern}$",
                message=_l(
                    "Please use only lowercase letters, digits and single hyphens between them, "
                    "such as leyla-ahmadi."
                ),
            ),
        ],
        filters=[strip],
    )


def _language():
    return StringField(
        _l("Language"),
        description=_l("Its code: en, es, fa, pt-BR…"),
        validators=[
            DataRequired(_l("Please give the language's code, such as en or es.")),
            Length(max=10, message=_l("A language code has at most 10 characters, such as pt-BR.")),
            Regexp(
                f"^{LANGUAGE_PATTERN}$",
                message=_l("Please give a language code such as en, es, fa or pt-BR."),
            ),
        ],
        filters=[strip],
    )


def _countries(first: str) -> list[SelectChoice]:
    return [SelectChoice("", first)] + [
        SelectChoice(code, name) for code, name in country_choices(locales.current())
    ]


class CountrySelect(ListField):
    """A country, for the organisation's forms ("Choose a country", not "your country")."""

    def __init__(
        self, label=None, validators=None, *, first: str = _l("Choose a country"), **kwargs
    ):
        kwargs.setdefault("not_listed", _l("Please choose a country from the list."))
        super().__init__(label, validators, choices=_countries(first), **kwargs)


class IssueAreaForm(Form):
    name = text_field(_l("Name"), 200, _l("Please give the issue area's name."))
    slug = _slug(_l("Its page is /issues/<address>."))
    summary = _textarea(_l("Summary"), TEXT_MAX_CHARS, _l("Please write a short summary."))
    facts = _textarea(
        _l("Things to know"), TEXT_MAX_CHARS, description=_l("One fact a line, with its figure.")
    )
    position = IntegerField(
        _l("Order on the home page"),
        description=_l("Lower numbers come first."),
        default=0,
        invalid_value_message=_l("Please enter a whole number, such as 3."),
        validators=[
            Optional(),
            NumberRange(min=0, max=10_000, message=_l("Please enter 0 to 10,000.")),
        ],
    )

    @classmethod
    def data_of(cls, area: IssueArea) -> dict:
        return {
            "slug": area.slug,
            "name": area.name,
            "summary": area.summary,
            "facts": "\n".join(area.facts),
            "position": area.position,
        }

    def values(self) -> IssueAreaValues:
        return IssueAreaValues(
            slug=self.slug.data,
            name=self.name.data,
            summary=self.summary.data,
            facts=lines(self.facts.data or ""),
            position=self.position.data or 0,
        )


def _age_choices(current: int | None = None) -> list[SelectChoice]:
    ages = {0: _l("Every class")}
    for band in list(AgeBand)[1:]:
        ages[band.min_age] = _l("Classes of %(age)s and over", age=band.min_age)
    if current is not None and current not in ages:
        ages[current] = _l("Classes of %(age)s and over", age=current)
    return [SelectChoice(str(age), label) for age, label in sorted(ages.items())]


class CaseForm(Form):
    name = text_field(_l("Name"), 200, _l("Please give the person's (or group's) name."))
    slug = _slug(_l("Its page is /cases/<address>. Changing it breaks links already shared."))
    country = CountrySelect(_l("Country"), [DataRequired(_l("Please choose the country."))])
    issue_area_id = ListField(
        _l("Issue area"), not_listed=_l("Please choose an issue area from the list."), choices=[]
    )
    headline = text_field(
        _l("Headline"),
        200,
        _l("Please write the headline."),
        _l("One line, on cards and the page."),
    )
    story = _textarea(
        _l("Story"),
        STORY_MAX_CHARS,
        _l("Please write their story."),
        _l(
            "Markdown: a blank line between paragraphs, *italics*, **bold**, [a link](https://…), "
            "“- ” for a list, “## ” for a heading. HTML is shown as text."
        ),
    )
    ask = _textarea(
        _l("What we ask"), TEXT_MAX_CHARS, _l("Please write what we ask the authorities.")
    )
    story_under_11 = _textarea(
        _l("Story for classes under 11"),
        STUDENT_STORY_MAX_CHARS,
        description=_l(
            "Short, plain and kind, with no frightening detail. Empty: these classes see "
            "the headline and what we ask, never the story above."
        ),
    )
    story_11_13 = _textarea(
        _l("Story for classes of 11 to 13"),
        STUDENT_STORY_MAX_CHARS,
        description=_l(
            "Plain words, no graphic detail. Empty: these classes see the headline and "
            "what we ask, never the story above."
        ),
    )
    story_14_18 = _textarea(
        _l("Story for classes of 14 to 18"),
        STUDENT_STORY_MAX_CHARS,
        description=_l("Empty: these classes read the story above."),
    )
    status = ListField(
        _l("Status"),
        [DataRequired(_l("Please choose a status."))],
        not_listed=_l("Please choose a status from the list."),
        choices=[SelectChoice(s.value, label) for s, label in CASE_STATUS_LABELS.items()],
        default=CaseStatus.DRAFT.value,
    )
    featured = BooleanField(_l("Feature it on the home page"))
    solidarity_safe = BooleanField(_l("Solidarity cards to the person are safe"))
    sender_address_allowed = BooleanField(_l("Card writers may give their own address"))
    card_first_name_only = BooleanField(
        _l("Cards carry the writer's first name only"),
        description=_l(
            "For people whom a writer's family name could put at risk: the card form asks "
            "for a first name, and only the first name is printed."
        ),
    )
    safety_notes = _textarea(
        _l("Safety notes for card writers"),
        # Printed on every card: the renderer's bound (issue 21, item 12).
        MAX_FIELD_CHARS,
        description=_l("What to write and not write; printed with every card."),
    )
    card_address = _textarea(
        _l("Card address"),
        1000,
        description=_l(
            "Where cards go, one line a line, without the country: at most %(count)s lines, "
            "so that with the person's name and the country it shows through the window of "
            "an envelope. No address, no cards.",
            count=envelopes.ADDRESS_LINES - 2,
        ),
    )
    card_country = CountrySelect(_l("Country of the card address"), first=_l("No card address"))
    classroom_min_age = ListField(
        _l("Classrooms"),
        [DataRequired(_l("Please choose the youngest classes to offer it to."))],
        description=_l("Some stories are for older students only."),
        not_listed=_l("Please choose an age from the list."),
        choices=_age_choices(),
        default="0",
    )

    def __init__(self, *args, issue_areas: list[IssueArea], min_age: int | None = None, **kw):
        super().__init__(*args, **kw)
        self.issue_area_id.choices = [SelectChoice("", _("None"))] + [
            SelectChoice(str(area.id), area.name) for area in issue_areas
        ]
        self.classroom_min_age.choices = _age_choices(min_age)

    @classmethod
    def data_of(cls, case: Case) -> dict:
        return {
            "slug": case.slug,
            "name": case.name,
            "country": case.country,
            "issue_area_id": str(case.issue_area_id) if case.issue_area_id else "",
            "headline": case.headline,
            "story": case.story,
            "ask": case.ask,
            "story_under_11": case.story_under_11,
            "story_11_13": case.story_11_13,
            "story_14_18": case.story_14_18,
            "status": case.status.value,
            "featured": case.featured,
            "solidarity_safe": case.solidarity_safe,
            "sender_address_allowed": case.sender_address_allowed,
            "card_first_name_only": case.card_first_name_only,
            "safety_notes": case.safety_notes,
            "card_address": case.card_address,
            "card_country": case.card_country,
            "classroom_min_age": str(case.classroom_min_age),
        }

    def values(self) -> CaseValues:
        return CaseValues(
            slug=self.slug.data,
            name=self.name.data,
            country=self.country.data,
            issue_area_id=int(self.issue_area_id.data) if self.issue_area_id.data else None,
            headline=self.headline.data,
            story=self.story.data,
            ask=self.ask.data,
            featured=self.featured.data,
            solidarity_safe=self.solidarity_safe.data,
            sender_address_allowed=self.sender_address_allowed.data,
            card_first_name_only=self.card_first_name_only.data,
            safety_notes=self.safety_notes.data or "",
            card_address=self.card_address.data or "",
            card_country=self.card_country.data or "",
            classroom_min_age=int(self.classroom_min_age.data or 0),
            story_under_11=self.story_under_11.data or "",
            story_11_13=self.story_11_13.data or "",
            story_14_18=self.story_14_18.data or "",
        )

    def status_value(self) -> CaseStatus:
        return CaseStatus(self.status.data)


class PhotoForm(FlaskForm):
    photo = FileField(
        _l("Photo"),
        description=_l(
            "A JPEG, PNG or WebP image. It is resized and every hidden detail "
            "(place, camera, date) is removed before it is shown."
        ),
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
        # Not "photo": that is the id of the page's photo section, which links point to.
        id="photo-file",
    )
    alt = text_field(
        _l("Description of the photo"),
        300,
        _l("Please describe the photo for people who cannot see it."),
        _l("For people who cannot see it, such as “Leyla, smiling, in a green headscarf”."),
    )


class TargetForm(Form):
    # Everything here is printed on letters: each field refuses what no font prints.
    name = text_field(
        _l("Name"),
        200,
        _l("Please give the person's or office's name."),
        checks=[printable_on_paper],
    )
    title = text_field(
        _l("Title"),
        200,
        _l("Please give their title, such as Minister of Justice."),
        checks=[printable_on_paper],
    )
    salutation = text_field(
        _l("Salutation"),
        200,
        _l("Please give the salutation, such as Dear Minister,."),
        checks=[printable_on_paper],
    )
    address = _textarea(
        _l("Postal address"),
        1000,
        _l("Please give the postal address."),
        _l(
            "One line a line, without the country: at most %(count)s lines, so that with the "
            "name, the title and the country it shows through the window of an envelope.",
            count=envelopes.ADDRESS_LINES - 3,
        ),
        checks=[printable_on_paper],
    )
    country = CountrySelect(_l("Country"), [DataRequired(_l("Please choose the country."))])
    language = _language()

    @classmethod
    def data_of(cls, target: Target) -> dict:
        return {
            "name": target.name,
            "title": target.title,
            "salutation": target.salutation,
            "address": target.address,
            "country": target.country,
            "language": target.language,
        }

    def values(self) -> TargetValues:
        return TargetValues(
            name=self.name.data,
            title=self.title.data,
            salutation=self.salutation.data,
            address=self.address.data,
            country=self.country.data,
            language=self.language.data,
        )


class PetitionForm(Form):
    title = text_field(_l("Title"), 200, _l("Please give the petition a title."))
    slug = _slug(_l("Its page is /petitions/<address>."))
    body = _textarea(_l("Text"), TEXT_MAX_CHARS, _l("Please write the petition's text."))
    case_id = ListField(
        _l("Case"), not_listed=_l("Please choose a case from the list."), choices=[]
    )
    target_id = ListField(
        _l("Addressed to"),
        not_listed=_l("Please choose whom the petition is addressed to from the list."),
        choices=[],
    )
    goal = IntegerField(
        _l("Goal"),
        description=_l("The number of signatures the progress bar counts toward."),
        default=1000,
        invalid_value_message=_l("Please enter a whole number of signatures, such as 5000."),
        validators=[
            # Not DataRequired: it would hide the "whole number" message behind its own.
            InputRequired(_l("Please give a goal.")),
            NumberRange(min=1, max=100_000_000, message=_l("Please enter 1 to 100,000,000.")),
        ],
    )
    opens_at = DateTimeField(
        _l("Opens (UTC)"), [Optional()], description=_l("Empty: as soon as it is open.")
    )
    closes_at = DateTimeField(
        _l("Closes (UTC)"), [Optional()], description=_l("Empty: when you close it.")
    )
    next_steps = _textarea(
        _l("What happens next"),
        NEXT_STEPS_MAX_CHARS,
        description=_l(
            "Shown to each signer after they confirm: how, when and to whom the petition "
            "will be handed over. Empty: a sentence made from the delivery day and the "
            "person it is addressed to."
        ),
    )
    delivery_planned_on = DayField(
        _l("Delivery planned on"),
        [Optional()],
        description=_l("The day you plan to hand the petition over, if you know it."),
    )
    status = ListField(
        _l("Status"),
        [DataRequired(_l("Please choose a status."))],
        not_listed=_l("Please choose a status from the list."),
        choices=[SelectChoice(s.value, label) for s, label in PETITION_STATUS_LABELS.items()],
        default=PetitionStatus.DRAFT.value,
    )

    def __init__(self, *args, cases: list[Case], targets: list[tuple[Target, Case]], **kw):
        super().__init__(*args, **kw)
        self.case_id.choices = [SelectChoice("", _("None: a petition of its own"))] + [
            SelectChoice(str(case.id), case.name) for case in cases
        ]
        self.target_id.choices = [SelectChoice("", _("No one in particular"))] + [
            SelectChoice(str(target.id), f"{target.name}, {target.title} ({case.name})")
            for target, case in targets
        ]

    @classmethod
    def data_of(cls, petition: Petition) -> dict:
        return {
            "slug": petition.slug,
            "title": petition.title,
            "body": petition.body,
            "case_id": str(petition.case_id) if petition.case_id else "",
            "target_id": str(petition.target_id) if petition.target_id else "",
            "goal": petition.goal,
            "opens_at": petition.opens_at.replace(tzinfo=None) if petition.opens_at else None,
            "closes_at": petition.closes_at.replace(tzinfo=None) if petition.closes_at else None,
            "next_steps": petition.next_steps,
            "delivery_planned_on": petition.delivery_planned_on,
            "status": petition.status.value,
        }

    def values(self) -> PetitionValues:
        return PetitionValues(
            slug=self.slug.data,
            title=self.title.data,
            body=self.body.data,
            case_id=int(self.case_id.data) if self.case_id.data else None,
            target_id=int(self.target_id.data) if self.target_id.data else None,
            goal=self.goal.data,
            opens_at=self.opens_at.aware(),
            closes_at=self.closes_at.aware(),
            next_steps=self.next_steps.data or "",
            delivery_planned_on=self.delivery_planned_on.data,
        )

    def status_value(self) -> PetitionStatus:
        return PetitionStatus(self.status.data)


class LetterTextForm(Form):
    kind = ListField(
        _l("Kind"),
        [DataRequired(_l("Please choose the kind of letter."))],
        not_listed=_l("Please choose a kind of letter from the list."),
        choices=[SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()],
        default=LetterKind.APPEAL.value,
    )
    language = _language()
    age_band = ListField(
        _l("For whom"),
        description=_l(
            "A text for one age of classes is what their students start from; classes "
            "with none of their own read the text for every age (under-11 classes never "
            "read an appeal for every age: they get the 11 to 13 text, or sentence starters)."
        ),
        not_listed=_l("Please choose who the text is for from the list."),
        choices=[SelectChoice("", _l("Every age: supporters and classes"))]
        + [
            SelectChoice(band.value, _l("Classes: %(age)s", age=label))
            for band, label in AGE_BAND_LABELS.items()
        ],
        default="",
    )
    salutation = text_field(
        _l("Greeting"),
        200,
        description=_l(
            "Appeals: leave empty to use each target's own salutation. Cards: such "
            "as “Dear Leyla,”."
        ),
        checks=[printable_on_paper],
    )
    closing = text_field(
        _l("Closing"),
        200,
        _l("Please give the closing, such as Yours sincerely,."),
        checks=[printable_on_paper],
    )
    body = _textarea(
        _l("Suggested text"),
        LETTER_BODY_MAX_CHARS,
        _l("Please write the suggested text."),
        _l("{{ person }} is replaced by the case's name. Writers must add words of their own."),
        checks=[printable_on_paper],
    )
    key_points = _textarea(_l("Key points"), TEXT_MAX_CHARS, description=_l("One a line."))
    tips = _textarea(_l("Tips"), TEXT_MAX_CHARS, description=_l("One a line."))

    @classmethod
    def data_of(cls, template: LetterTemplate) -> dict:
        return {
            "kind": template.kind.value,
            "language": template.language,
            "age_band": template.age_band.value if template.age_band else "",
            "salutation": template.salutation,
            "closing": template.closing,
            "body": template.body,
            "key_points": "\n".join(template.key_points),
            "tips": "\n".join(template.tips),
        }

    def values(self) -> LetterTextValues:
        return LetterTextValues(
            kind=LetterKind(self.kind.data),
            language=self.language.data,
            age_band=AgeBand(self.age_band.data) if self.age_band.data else None,
            salutation=self.salutation.data or "",
            closing=self.closing.data,
            body=self.body.data,
            key_points=lines(self.key_points.data or ""),
            tips=lines(self.tips.data or ""),
        )


# Translations (issue 20): each translatable field with the label and limits of the
# original's own field. Optional: an empty field shows readers the original.
_TRANSLATION_FIELDS = {
    (Case, "name"): lambda: text_field(_l("Name"), 200, checks=[printable_on_paper]),
    (Case, "headline"): lambda: text_field(_l("Headline"), 200),
    (Case, "story"): lambda: _textarea(_l("Story"), STORY_MAX_CHARS),
    (Case, "ask"): lambda: _textarea(_l("What we ask"), TEXT_MAX_CHARS),
    (Case, "photo_alt"): lambda: text_field(_l("Description of the photo"), 300),
    (IssueArea, "name"): lambda: text_field(_l("Name"), 200),
    (IssueArea, "summary"): lambda: _textarea(_l("Summary"), TEXT_MAX_CHARS),
    (IssueArea, "facts"): lambda: _textarea(_l("Things to know"), TEXT_MAX_CHARS),
    (Petition, "title"): lambda: text_field(_l("Title"), 200),
    (Petition, "body"): lambda: _textarea(_l("Text"), TEXT_MAX_CHARS),
    (Petition, "next_steps"): lambda: _textarea(_l("What happens next"), NEXT_STEPS_MAX_CHARS),
    (Target, "title"): lambda: text_field(_l("Title"), 200, checks=[printable_on_paper]),
    (Target, "salutation"): lambda: text_field(_l("Salutation"), 200, checks=[printable_on_paper]),
}


def field_key(prefix: str, field: str) -> str:
    """A translation field's form name: "case__headline", "target_3__title"."""
    return f"{prefix}__{field}"


def translation_form(subjects: Sequence[tuple[str, object]], **kwargs) -> Form:
    """A form with a field for each translatable text of each (prefix, subject): the
    case, its petitions and targets, or an issue area. Fields whose original is empty
    are left out (nothing to translate)."""

    class TranslationForm(Form):
        pass

    for prefix, subject in subjects:
        for field in type(subject).TRANSLATED:
            value = getattr(subject, field)
            if value and (not isinstance(value, str) or value.strip()):
                setattr(
                    TranslationForm,
                    field_key(prefix, field),
                    _TRANSLATION_FIELDS[(type(subject), field)](),
                )
    return TranslationForm(**kwargs)


class TranslationLanguageForm(Form):
    """Which language to translate into: a code, for the languages the interface does not
    speak (a name's form for letters in Russian, a title in Persian)."""

    language = _language()
