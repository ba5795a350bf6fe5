"""Form pieces every feature uses: countries, stripped text, no control characters."""

from __future__ import annotations

import logging
import time
from functools import cache, cached_property

from babel import support
from flask import current_app, request
from flask_babel import format_number, get_locale, gettext
from flask_babel import gettext as _
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeTimedSerializer
from markupsafe import Markup, escape
from wtforms import EmailField, HiddenField, SelectChoice, SelectField, StringField
from wtforms.i18n import messages_path
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import Select, html_params

from webapp import locales, proof_of_work
from webapp.countries import country_choices

log = logging.getLogger(__name__)


class LazyText(LazyString):
    """A translation made when it is shown, not at import (form labels, messages, choices),
    and escaped in HTML like any other text. flask_babel's own lazy string passes as
    markup, so "Its page is /cases/<address>." would lose its <address> to the browser."""

    def __html__(self) -> str:
        return str(escape(str(self)))


def lazy_gettext(string: str, **variables) -> LazyText:
    """flask_babel's lazy_gettext, escaped in HTML: import it as _l."""
    return LazyText(gettext, string, **variables)


_l = lazy_gettext


class LocalNumber:
    """A number in a lazy message, written the reader's way (1,000, 1 000, 1.000) when the
    message is shown: a form's messages are made once, at import, before any reader."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __str__(self) -> str:
        # Outside a request and an app there is no locale: English grouping, as before.
        return format_number(self.value) if get_locale() is not None else f"{self.value:,}"


class Form(FlaskForm):
    """A form of text fields, as a browser sends it: only the form's fields are read.
    Flask-WTF would also read a JSON body, and files into any field, handing a text field
    a number or a file that its validators cannot take (a 500, found by fuzzing). Forms
    with a file field stay FlaskForms."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return _wtforms_translations(locales.current())

    def __init__(self, *args, **kwargs) -> None:
        if not args and "formdata" not in kwargs and self.is_submitted():
            kwargs["formdata"] = request.form
        super().__init__(*args, **kwargs)


@cache
def _wtforms_translations(locale: str) -> support.Translations:
    """WTForms' own messages ("Not a valid choice") in one language. Flask-WTF reads their
    catalogue from disk for every form it builds; it never changes while we run."""
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


# Invisible characters that mean nothing at the ends of a field (inside one, a zero-width
# joiner builds an emoji or joins letters, so it stays): a name of only these is empty.
_INVISIBLE_EDGES = "\u200b\u200c\u200d\u2060\ufeff"


def strip(value):
    """Filter: surrounding spaces, and invisible characters around them, are never meant."""
    if not isinstance(value, str):
        return value
    stripped = value.strip()
    while stripped and (stripped[0] in _INVISIBLE_EDGES or stripped[-1] in _INVISIBLE_EDGES):
        stripped = stripped.strip(_INVISIBLE_EDGES).strip()
    return stripped


def _is_control(ch: str) -> bool:
    # C0 and C1 controls and DEL; the line and paragraph separators break a line as well.
    return ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F or ch in "\u2028\u2029"


def no_control_characters(form, field) -> None:
    """Validator: refuse characters no keyboard types (tabs and newlines of pasted text too)."""
    if field.data and any(_is_control(ch) for ch in field.data):
        raise ValidationError(_("Please remove the special characters from this field."))


def multiline_text(form, field) -> None:
    """Validator: like no_control_characters, but line breaks (and tabs) are welcome. NUL
    above all must go: PostgreSQL text cannot hold it."""
    if field.data and any(_is_control(ch) and ch not in "\r\n\t" for ch in field.data):
        raise ValidationError(_("Please remove the special characters from this field."))


class ListField(SelectField):
    """A select that says in plain words when the value sent is none of its choices."""

    def __init__(self, label=None, validators=None, *, not_listed: str, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.not_listed = not_listed

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:  # not even of the choices' type ("Could not coerce")
            raise ValueError(self.not_listed) from error

    def pre_validate(self, form) -> None:
        if self.data and self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(self.not_listed)

    def __call__(self, **kwargs) -> Markup:
        # HTML allows "required" on a one-line select only when its first option is an
        # empty placeholder: without one the browser always has a value to send, so the
        # attribute would say nothing. The form still refuses an empty or unlisted value.
        first = next(iter(self.choices or ()), None)
        if first is not None and getattr(first, "value", "") != "":
            kwargs.setdefault("required", False)
        return super().__call__(**kwargs)


COUNTRY_PROMPT = _l("Choose your country")


@cache
def _country_options(prompt: str, language: str) -> str:
    """The ~250 <option>s of a country select, escaped once per process and language."""
    options = [("", prompt), *country_choices(language)]
    return "".join(
        f'<option value="{escape(code)}">{escape(name)}</option>' for code, name in options
    )


@cache
def _country_select_choices() -> tuple[SelectChoice, ...]:
    """Built once per process: a form is made on every request that signs."""
    return (SelectChoice("", COUNTRY_PROMPT),) + tuple(
        SelectChoice(code, name) for code, name in country_choices()
    )


class CountrySelect(Select):
    """A country select rendered from one cached string: building each option with
    WTForms' html_params was most of the time of a case page (the busiest page on a
    campaign day)."""

    def __call__(self, field, **kwargs) -> Markup:
        kwargs.setdefault("id", field.id)
        options = _country_options(str(COUNTRY_PROMPT), locales.current())
        if field.data:
            chosen = f'<option value="{escape(field.data)}">'
            options = options.replace(chosen, chosen.replace("<option ", "<option selected "), 1)
        # Every part is escaped: html_params escapes the attributes, _country_options the options.
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")  # noqa: S704


class CountryField(ListField):
    """A select of ISO 3166 countries."""

    widget = CountrySelect()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("not_listed", _l("Please choose a country from the list."))
        super().__init__(label, validators, choices=_country_select_choices(), **kwargs)


def email_field(label: str = _l("Email address"), description: str = "") -> EmailField:
    """An email address: required, of a sane length, and shaped like one."""
    return EmailField(
        label,
        description=description,
        validators=[
            DataRequired(_l("Please enter your email address.")),
            Length(max=254, message=_l("That email address is too long.")),
            Email(
                _l("Please enter a valid email address, like name@example.org."),
                granular_message=False,
            ),
        ],
        filters=[strip],
    )


class HumanCheckForm(Form):
    """A public form's defences against simple bots, with no third party: a field people
    never see (bots fill in every field), a least time between showing the form and
    sending it (bots send at once), and a proof of work the browser solves meanwhile
    (webapp/proof_of_work.py). The honeypot and the proof are rendered by
    macros/forms.html human_check(); the time travels signed in a hidden field.

    A form sent without a proof (a browser without JavaScript) is still taken, with
    `proven` False; a proof that is sent must be good."""

    website = StringField(_l("Leave this field empty"))
    shown_at = HiddenField()
    # Not a HiddenField: hidden_tag() would render it with the proof sent, which is spent.
    # human_check() renders it, always empty, with a fresh challenge.
    proof = StringField()

    TOO_FAST = _l(
        "That was quicker than we expected. Please check your details and press the button again."
    )
    NOT_PROVEN = _l(
        "We could not check this form. Please check your details and press the button again."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.proven = False
        if not self.is_submitted():
            self.shown_at.data = new_shown_stamp()

    @cached_property
    def proof_challenge(self) -> dict | None:
        """The challenge for the page this form is shown on (first or again); made only
        when a page asks, so a send that succeeds costs none."""
        if not current_app.config["PROOF_OF_WORK"]:
            return None
        return proof_of_work.new_challenge()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if current_app.config["HUMAN_CHECKS"]:
            if self.website.data:
                self.form_errors.append(_("Please try again."))
                return False
            age = _seconds_since(self.shown_at.data)
            if age is None or age < current_app.config["FORM_MIN_FILL_SECONDS"]:
                self.form_errors.append(self.TOO_FAST)
                self.shown_at.data = new_shown_stamp()  # the page shown again starts the clock
                return False
        if current_app.config["PROOF_OF_WORK"] and self.proof.data:
            try:
                proof_of_work.verify(self.proof.data)
            except proof_of_work.InvalidProof as error:
                log.info("proof of work refused: %s", error)
                self.form_errors.append(self.NOT_PROVEN)
                return False
            self.proven = True
        return valid


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="form-shown-at")


def new_shown_stamp() -> str:
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
        Length(
            max=max_chars,
            message=_l(
                "Please shorten this to %(max)s characters or fewer.", max=LocalNumber(max_chars)
            ),
        ),
        no_control_characters,
    ]
    return StringField(label, validators=validators, filters=[strip], description=description)
