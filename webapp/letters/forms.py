"""The letter composer's form: it checks shape; services check meaning."""

from __future__ import annotations

from wtforms import HiddenField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from webapp.forms import (
    CountryField,
    Form,
    HumanCheckForm,
    ListField,
    multiline_text,
    no_control_characters,
    strip,
)
from webapp.letters.services import BODY_MAX_CHARS


class LetterTextForm(Form):
    """The text of a letter and whom it is to: what students fill in."""

    language = HiddenField()
    target = ListField(
        "Write to",
        coerce=int,
        validators=[Optional()],
        choices=[],
        not_listed="Please choose who to write to from the list.",
    )
    body = TextAreaField(
        "Your letter",
        validators=[
            DataRequired("Please write your letter."),
            Length(
                max=BODY_MAX_CHARS,
                message=f"Please shorten your letter to {BODY_MAX_CHARS:,} characters or fewer.",
            ),
            multiline_text,
        ],
    )


class LetterForm(LetterTextForm, HumanCheckForm):
    """A supporter's letter: who writes it, from where, on which paper, and the text."""

    writer_name = StringField(
        "Your name",
        description="Printed under your signature.",
        validators=[
            DataRequired("Please enter your name, as you will sign the letter."),
            Length(max=100, message="Please shorten your name to 100 characters or fewer."),
            no_control_characters,
        ],
        filters=[strip],
    )
    writer_town = StringField(
        "Your town or city",
        description="Readers take heart from knowing where support comes from.",
        validators=[
            Length(max=100, message="Please shorten the town to 100 characters or fewer."),
            no_control_characters,
        ],
        filters=[strip],
        # Optional, so it may be left out of the form entirely: then it is empty, not None.
        default="",
    )
    writer_country = CountryField(
        "Your country", validators=[DataRequired("Please choose your country.")]
    )
    paper = ListField(
        "Paper size",
        not_listed="Please choose A4, US Letter or the usual size in your country.",
        choices=[
            SelectChoice("", "The usual size in my country"),
            SelectChoice("a4", "A4"),
            SelectChoice("letter", "US Letter"),
        ],
    )
