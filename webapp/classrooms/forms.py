"""Classroom forms: they check shape; services check meaning."""

from __future__ import annotations

from flask import current_app
from flask_babel import format_number
from flask_babel import gettext as _
from wtforms import BooleanField, IntegerField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from webapp.classrooms.services import STUDENT_NAME_MAX
from webapp.models import AgeBand, Case, LetterKind, TallyReview
from webapp.printing.fonts import printable_on_paper
from webapp.web.forms import (
    CountryField,
    Form,
    ListField,
    multiline_text,
    no_control_characters,
    strip,
    text_field,
)
from webapp.web.human_check import HumanCheckForm
from webapp.web.i18n import LocalNumber
from webapp.web.i18n import lazy_gettext as _l

AGE_BAND_LABELS = {
    AgeBand.UNDER_11: _l("Under 11"),
    AgeBand.FROM_11: _l("11 to 13"),
    AgeBand.FROM_14: _l("14 to 18"),
}


class ClassroomForm(Form):
    """A new classroom: what the teacher calls it, where it is, how old the students are."""

    name = text_field(
        _l("Name of the class"),
        100,
        _l("Please give the class a name."),
        _l("For you and your students, such as “Year 8 History”."),
    )
    school = text_field(
        _l("School"), 150, _l("Please enter the school's name."), checks=[printable_on_paper]
    )
    town = text_field(
        _l("Town or city"),
        100,
        _l("Please enter the town."),
        _l("Printed on the letters, so readers know where support comes from."),
        checks=[printable_on_paper],
    )
    country = CountryField(
        _l("Country"), validators=[DataRequired(_l("Please choose your country."))]
    )
    age_band = ListField(
        _l("Age of the students"),
        description=_l("We offer each class the cases suitable for its age."),
        not_listed=_l("Please choose an age from the list."),
        validators=[DataRequired(_l("Please choose the age of the students."))],
        choices=[SelectChoice("", _l("Choose an age"))]
        + [SelectChoice(band.value, label) for band, label in AGE_BAND_LABELS.items()],
    )


class ResumeForm(Form):
    """A student continues on another device with the one-time code their teacher gave.

    No human check: the code is good once, for minutes, and guesses are rate-limited; the
    join form's wait would only slow a class down."""

    resume_code = StringField(
        _l("Resume code"),
        description=_l(
            "Your teacher gives you this code to carry on here. It looks like 7KMA-3RXT."
        ),
        validators=[
            DataRequired(_l("Please enter the resume code your teacher gave you.")),
            Length(max=20, message=_l("That code is too long: it has eight letters and numbers.")),
            no_control_characters,
        ],
        filters=[strip],
    )


class JoinForm(HumanCheckForm):
    """A student joins: the class code and a first name. Nothing else, ever."""

    code = StringField(
        _l("Class code"),
        description=_l("Your teacher gives you this code. It looks like 7KMA-3RXT."),
        validators=[
            DataRequired(_l("Please enter the code your teacher gave you.")),
            Length(max=20, message=_l("That code is too long: it has eight letters and numbers.")),
            no_control_characters,
        ],
        filters=[strip],
    )
    display_name = StringField(
        _l("Your first name or a nickname"),
        description=_l("Only your first name. Never your surname, email or address."),
        validators=[
            DataRequired(_l("Please enter your first name or a nickname.")),
            Length(
                max=STUDENT_NAME_MAX,
                message=_l(
                    "Please use a shorter name: %(max)s characters at most.",
                    max=LocalNumber(STUDENT_NAME_MAX),
                ),
            ),
            no_control_characters,
            # Printed on the class's cover sheet and under the letter.
            printable_on_paper,
        ],
        filters=[strip],
    )
    name_confirmed = BooleanField(_l("Yes, this is just my first name or nickname"))


class ReturnForm(Form):
    """The teacher sends a letter back, saying what to change."""

    comment = TextAreaField(
        _l("What should the student change?"),
        validators=[
            DataRequired(_l("Please write a comment, so the student knows what to change.")),
            Length(max=1000, message=_l("Please shorten the comment to 1,000 characters.")),
            multiline_text,
        ],
        filters=[strip],
    )


class PrintForm(Form):
    """Options of the class PDF."""

    pad_to_even = BooleanField(
        _l("For double-sided printing: start each letter on a new sheet"), default=True
    )


def tally_form(
    rows: list[tuple[Case, LetterKind]], current: dict, reviews: dict | None = None
) -> Form:
    """A form with one number per case and kind: letters the class wrote by hand.

    `reviews` holds the review state of the numbers reported before: a number waiting
    for an organiser (or refused) says so under its field."""
    maximum = current_app.config["TALLY_MAX"]
    hints = {
        TallyReview.PENDING: _l(
            "Waiting for review: this number counts once an organiser approves it."
        ),
        TallyReview.REFUSED: _l("Not counted: an organiser did not approve this number."),
    }

    class TallyForm(Form):
        pass

    for case, kind in rows:
        label = (
            _("Cards to %(name)s", name=case.name)
            if kind is LetterKind.CARD
            else _("Letters for %(name)s", name=case.name)
        )
        setattr(
            TallyForm,
            tally_field_name(case.id, kind),
            IntegerField(
                label,
                default=current.get((case.id, kind), 0),
                description=hints.get((reviews or {}).get((case.id, kind)), ""),
                validators=[
                    Optional(),
                    NumberRange(
                        0,
                        maximum,
                        _(
                            "Please give a number between 0 and %(maximum)s.",
                            maximum=format_number(maximum),
                        ),
                    ),
                ],
            ),
        )
    return TallyForm()


def tally_field_name(case_id: int, kind: LetterKind) -> str:
    return f"tally_{case_id}_{kind.value}"
