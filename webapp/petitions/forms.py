"""Forms of the petition pages: they check shape; services check meaning."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, StringField
from wtforms.validators import DataRequired, Email, Length

from webapp.forms import CountryField, no_control_characters, strip


class SignatureForm(FlaskForm):
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
    email = EmailField(
        "Email address",
        description="We send you a link to confirm your signature.",
        validators=[
            DataRequired("Please enter your email address."),
            Length(max=254, message="That email address is too long."),
            Email(
                "Please enter a valid email address, like name@example.org.", granular_message=False
            ),
        ],
        filters=[strip],
    )
    country = CountryField("Country", validators=[DataRequired("Please choose your country.")])
    opt_in = BooleanField("Email me updates about this and other cases", default=False)


class ConfirmForm(FlaskForm):
    """The Confirm button: a POST, so link scanners that only fetch cannot confirm."""
