"""The organiser's forms for case updates: they check shape; services check meaning."""

from __future__ import annotations

from datetime import date

from wtforms import BooleanField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Regexp

from webapp.content.forms import LANGUAGE_PATTERN, normalise_newlines
from webapp.models import CaseUpdate, UpdateKind
from webapp.updates.services import BODY_MAX_CHARS, KIND_LABELS, TITLE_MAX_CHARS, UpdateValues
from webapp.web.forms import (
    DayField,
    Form,
    ListField,
    bounded_text,
    multiline_text,
    strip,
    text_field,
)
from webapp.web.i18n import lazy_gettext as _l


def _language_field():
    return StringField(
        _l("Language"),
        description=_l("Its code: en, es, fa, pt-BR…"),
        validators=[
            DataRequired(_l("Please give the language's code, such as en or es.")),
            Regexp(
                f"^{LANGUAGE_PATTERN}$",
                message=_l("Please give a language code such as en, es, fa or pt-BR."),
            ),
        ],
        filters=[strip],
    )


def _body_field():
    return TextAreaField(
        _l("What happened"),
        description=_l("Markdown: **bold**, *italic*, [links](https://…), lists."),
        validators=bounded_text(BODY_MAX_CHARS, _l("Please write what happened."), multiline_text),
        filters=[normalise_newlines],
    )


class UpdateTextForm(Form):
    """An update's title and text in one language."""

    language = _language_field()
    title = text_field(_l("Title"), TITLE_MAX_CHARS, _l("Please give the update a title."))
    body = _body_field()


class UpdateForm(UpdateTextForm):
    """An update: what kind of news, when, and its text in its own language."""

    kind = ListField(
        _l("Kind"),
        [DataRequired(_l("Please choose the kind of update."))],
        not_listed=_l("Please choose a kind of update from the list."),
        choices=[SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()],
        default=UpdateKind.OTHER.value,
    )
    happened_on = DayField(
        _l("Date"),
        description=_l("When it happened."),
        # InputRequired, not DataRequired: that would replace the message for a bad date.
        validators=[InputRequired(_l("Please give the date, such as 2026-12-04."))],
        default=date.today,
    )

    @classmethod
    def data_of(cls, update: CaseUpdate) -> dict:
        return {
            "kind": update.kind.value,
            "happened_on": update.happened_on,
            "language": update.language,
            "title": update.title,
            "body": update.body,
        }

    def values(self) -> UpdateValues:
        return UpdateValues(
            kind=UpdateKind(self.kind.data),
            happened_on=self.happened_on.data,
            language=self.language.data,
            title=self.title.data,
            body=self.body.data,
        )


class PublishForm(Form):
    """Publishing an update, and with it, perhaps, the case's good news."""

    mark_good_news = BooleanField(_l("Mark the case as good news"))


class MailingForm(Form):
    """Whom to email an update to; pressing its button lists and counts them."""

    to_signers = BooleanField(
        _l("Signers of the case's petitions who asked for updates"),
        description=_l("Confirmed signatures with “Email me updates” ticked."),
    )
    to_letter_writers = BooleanField(
        _l("Letter writers who asked to hear what happens"),
        description=_l(
            "Writers who had their letter's link emailed and ticked “tell me what happens”."
        ),
    )
