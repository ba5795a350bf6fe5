"""Forms of the petition pages: they check shape; services check meaning."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length

from webapp.forms import (
    CountryField,
    HumanCheckForm,
    email_field,
    no_control_characters,
    strip,
)


class SignatureForm(HumanCheckForm):
    """A supporter's signature: name, email, country, and an unticked opt-in."""

    full_name = StringField(
        "Full name",
        validators=[
            DataRequired("Please enter your name."),
            Length(max=200, message="Please shorten your name to 200 characters or fewer."),
            no_control_characters,
        ],
        filters=[strip],
    )
    email = email_field(description="We send you a link to confirm your signature.")
    country = CountryField("Country", validators=[DataRequired("Please choose your country.")])
    opt_in = BooleanField("Email me updates about this and other cases", default=False)


class ConfirmForm(FlaskForm):
    """The Confirm button: a POST, so link scanners that only fetch cannot confirm."""
