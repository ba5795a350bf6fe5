"""Forms of the petition pages: they check shape; services check meaning."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from webapp.countries import country_choices


def _no_control_characters(form, field) -> None:
    if field.data and any(ord(ch) < 32 for ch in field.data):
        raise ValidationError("Please remove the special characters from this field.")


class CountryField(SelectField):
    """A select of ISO 3166 countries that says plainly when the value is not one."""

    def pre_validate(self, form) -> None:
        if self.data and self.data not in dict(country_choices()):
            raise ValidationError("Please choose a country from the list.")


class SignatureForm(FlaskForm):
    """A supporter's signature: name, email, country, and an unticked opt-in."""

    full_name = StringField(
        "Full name",
        validators=[
            DataRequired("Please enter your name."),
            Length(max=200, message="Please shorten your name to 200 characters or fewer."),
            _no_control_characters,
        ],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
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
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    country = CountryField(
        "Country",
        choices=[SelectChoice("", "Choose your country")]
        + [SelectChoice(code, name) for code, name in country_choices()],
        validators=[DataRequired("Please choose your country.")],
    )
    opt_in = BooleanField("Email me updates about this and other cases", default=False)


class ConfirmForm(FlaskForm):
    """The Confirm button: a POST, so link scanners that only fetch cannot confirm."""
