"""Form pieces every feature uses: the form base, stripped text, no control characters,
lists, email addresses and countries."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from babel import support
from flask import abort, current_app, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from flask_wtf.csrf import _FlaskFormCSRF
from markupsafe import Markup, escape
from wtforms import DateField, EmailField, HiddenField, SelectChoice, SelectField, StringField
from wtforms.csrf.core import CSRFTokenField
from wtforms.i18n import messages_path
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import Select, html_params

from webapp.utils.countries import country_choices
from webapp.web import locales
from webapp.web.i18n import LocalNumber
from webapp.web.i18n import lazy_gettext as _l


class _TokenWhenShown(CSRFTokenField):
    """The CSRF field, its token signed when the form is shown, not when it is built: a
    send that succeeds is answered with a redirect and never shows it (a tenth of the
    signing form's cost, issue 19). Checking the token sent is unchanged."""

    def process(self, *args, **kwargs) -> None:
        HiddenField.process(self, *args, **kwargs)

    def _value(self) -> str:
        if self.current_token is None:
            self.current_token = self.csrf_impl.generate_csrf_token(self)
        return self.current_token


class _CSRFWhenShown(_FlaskFormCSRF):
    # Flask-WTF's own CSRF (its secret, field name and time limit), with the field above.
    field_class = _TokenWhenShown


class Form(FlaskForm):
    """A form of text fields, as a browser sends it: only the form's fields are read.
    Flask-WTF would also read a JSON body, and files into any field, handing a text field
    a number or a file that its validators cannot take (a 500, found by fuzzing). Forms
    with a file field stay FlaskForms."""

    class Meta(FlaskForm.Meta):
        csrf_class = _CSRFWhenShown

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


class DayField(DateField):
    """A date, with a message in plain words for one that is not (the browser's picker
    sends 2026-12-04; without it, a person may type anything)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(_("Please enter a date such as 2026-12-04.")) from error


def strip(value):
    """Filter: surrounding spaces, and invisible characters around them, are never meant."""
    if not isinstance(value, str):
        return value
    stripped = value.strip()
    while stripped and (stripped[0] in _INVISIBLE_EDGES or stripped[-1] in _INVISIBLE_EDGES):
        stripped = stripped.strip(_INVISIBLE_EDGES).strip()
    return stripped


def account_email(value: str) -> str:
    """The account an email field names: the field's own filter, then trimmed and
    lower-cased as accounts are stored and looked up. The login limits key on this, so
    that no spelling of one address (invisible characters, capitals) is a fresh key."""
    return strip(value).strip().lower()


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


class ButtonForm(Form):
    """A form that is just a button (and its CSRF token)."""


def button_pressed_or_400() -> None:
    """For a view behind a one-button form: a POST without its valid CSRF token is a bad
    request, not a page."""
    if not ButtonForm().validate_on_submit():
        abort(400)


def form_page_status() -> int:
    """The status of a form page: answered to a POST, it is the form shown again with
    its errors (422); to a GET, the form (200)."""
    return 422 if request.method == "POST" else 200


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


@cache
def _country_codes() -> frozenset[str]:
    return frozenset(code for code, _name in country_choices())


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
        super().__init__(label, validators, **kwargs)
        # Set, not passed: WTForms checks choices passed to it one by one, 250 of them
        # on every signing.
        self.choices = _country_select_choices()

    def pre_validate(self, form) -> None:
        if self.data and self.data not in _country_codes():
            raise ValidationError(self.not_listed)


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


def bounded_text(max_chars: int, required: str | None, characters) -> list:
    """The validators of a text field: required (with this message) or optional, at most
    max_chars long, and its characters checked (no_control_characters, multiline_text)."""
    return [
        DataRequired(required) if required else Optional(),
        Length(
            max=max_chars,
            message=_l(
                "Please shorten this to %(max)s characters or fewer.", max=LocalNumber(max_chars)
            ),
        ),
        characters,
    ]


def text_field(
    label: str,
    max_chars: int,
    required: str | None = None,
    description: str = "",
    *,
    checks: Sequence = (),
) -> StringField:
    """A one-line text: required (with this message) or optional, bounded, stripped, and
    free of control characters; `checks` are further validators (printable_on_paper for
    what a letter prints)."""
    validators = [*bounded_text(max_chars, required, no_control_characters), *checks]
    return StringField(label, validators=validators, filters=[strip], description=description)
