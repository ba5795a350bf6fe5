"""Form pieces every feature uses: countries, stripped text, no control characters."""

from __future__ import annotations

import time

from flask import current_app
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeTimedSerializer
from wtforms import EmailField, HiddenField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

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


class HumanCheckForm(FlaskForm):
    """A public form's defences against simple bots, with no third party: a field people
    never see (bots fill in every field) and a least time between showing the form and
    sending it (bots send at once). The honeypot is rendered by macros/forms.html
    human_check(); the time travels signed in a hidden field."""

    website = StringField("Leave this field empty")
    shown_at = HiddenField()

    TOO_FAST = (
        "That was quicker than we expected. Please check your details and press the button again."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_submitted():
            self.shown_at.data = _shown_stamp()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not current_app.config["HUMAN_CHECKS"]:
            return valid
        if self.website.data:
            self.form_errors.append("Please try again.")
            return False
        age = _seconds_since(self.shown_at.data)
        if age is None or age < current_app.config["FORM_MIN_FILL_SECONDS"]:
            self.form_errors.append(self.TOO_FAST)
            self.shown_at.data = _shown_stamp()  # the page shown again starts the clock
            return False
        return valid


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="form-shown-at")


def _shown_stamp() -> str:
    return _serializer().dumps(0)


def _seconds_since(stamp: str | None) -> float | None:
    """How long ago the form was shown, or None for a missing, forged or stale stamp."""
    if not stamp:
        return None
    try:
        _, shown = _serializer().loads(
            stamp, max_age=current_app.config["WTF_CSRF_TIME_LIMIT"], return_timestamp=True
        )
    except BadSignature:
        return None
    return time.time() - shown.timestamp()


def text_field(
    label: str, max_chars: int, required: str | None = None, description: str = ""
) -> StringField:
    """A one-line text: required (with this message) or optional, bounded, stripped, and
    free of control characters."""
    validators = [DataRequired(required)] if required else [Optional()]
    validators += [
        Length(max=max_chars, message=f"Please shorten this to {max_chars:,} characters or fewer."),
        no_control_characters,
    ]
    return StringField(label, validators=validators, filters=[strip], description=description)
