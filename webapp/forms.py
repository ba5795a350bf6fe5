"""Form pieces every feature uses: countries, stripped text, no control characters."""

from __future__ import annotations

from wtforms import SelectChoice, SelectField
from wtforms.validators import ValidationError

from webapp.countries import country_choices


def strip(value):
    """Filter: surrounding spaces are never meant."""
    return value.strip() if isinstance(value, str) else value


def no_control_characters(form, field) -> None:
    """Validator: refuse characters no keyboard types (tabs and newlines of pasted text too)."""
    if field.data and any(ord(ch) < 32 for ch in field.data):
        raise ValidationError("Please remove the special characters from this field.")


class CountryField(SelectField):
    """A select of ISO 3166 countries that says plainly when the value is not one."""

    def __init__(self, label=None, validators=None, **kwargs):
        choices = [SelectChoice("", "Choose your country")] + [
            SelectChoice(code, name) for code, name in country_choices()
        ]
        super().__init__(label, validators, choices=choices, **kwargs)

    def pre_validate(self, form) -> None:
        if self.data and self.data not in dict(country_choices()):
            raise ValidationError("Please choose a country from the list.")
