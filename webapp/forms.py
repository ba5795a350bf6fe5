"""Form pieces every feature uses: countries, stripped text, no control characters."""

from __future__ import annotations

from wtforms import EmailField, SelectChoice, SelectField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from webapp.countries import country_choices


def strip(value):
    """Filter: surrounding spaces are never meant."""
    return value.strip() if isinstance(value, str) else value


def no_control_characters(form, field) -> None:
    """Validator: refuse characters no keyboard types (tabs and newlines of pasted text too)."""
    if field.data and any(ord(ch) < 32 for ch in field.data):
        raise ValidationError("Please remove the special characters from this field.")


class ListField(SelectField):
    """A select that says in plain words when the value sent is none of its choices."""

    def __init__(self, label=None, validators=None, *, not_listed: str, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.not_listed = not_listed

    def pre_validate(self, form) -> None:
        if self.data and self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(self.not_listed)


class CountryField(ListField):
    """A select of ISO 3166 countries."""

    def __init__(self, label=None, validators=None, **kwargs):
        choices = [SelectChoice("", "Choose your country")] + [
            SelectChoice(code, name) for code, name in country_choices()
        ]
        kwargs.setdefault("not_listed", "Please choose a country from the list.")
        super().__init__(label, validators, choices=choices, **kwargs)


def email_field(label: str = "Email address", description: str = "") -> EmailField:
    """An email address: required, of a sane length, and shaped like one."""
    return EmailField(
        label,
        description=description,
        validators=[
            DataRequired("Please enter your email address."),
            Length(max=254, message="That email address is too long."),
            Email(
                "Please enter a valid email address, like name@example.org.", granular_message=False
            ),
        ],
        filters=[strip],
    )
