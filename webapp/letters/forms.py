"""The letter composer's form: it checks shape; services check meaning."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms import BooleanField, HiddenField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from webapp.letters.services import BODY_MAX_CHARS
from webapp.models import Case, LetterKind
from webapp.printing.fonts import printable_on_paper
from webapp.web.forms import (
    CountryField,
    Form,
    ListField,
    email_field,
    multiline_text,
    no_control_characters,
    strip,
)
from webapp.web.human_check import HumanCheckForm
from webapp.web.i18n import LocalNumber
from webapp.web.i18n import lazy_gettext as _l


class LetterTextForm(Form):
    """The text of a letter and whom it is to: what students fill in."""

    language = HiddenField()
    target = ListField(
        _l("Write to"),
        coerce=int,
        validators=[Optional()],
        choices=[],
        not_listed=_l("Please choose who to write to from the list."),
    )
    body = TextAreaField(
        _l("Your letter"),
        validators=[
            DataRequired(_l("Please write your letter.")),
            Length(
                max=BODY_MAX_CHARS,
                message=_l(
                    "Please shorten your letter to %(max)s characters or fewer.",
                    max=LocalNumber(BODY_MAX_CHARS),
                ),
            ),
            multiline_text,
            printable_on_paper,
        ],
    )

    def offer_targets(self, case: Case, kind: LetterKind) -> None:
        """List the case's targets to write to: an appeal goes to one of them, a card
        to the person at risk (so it lists none)."""
        if kind is LetterKind.APPEAL:
            self.target.choices = [SelectChoice(t.id, f"{t.name}, {t.title}") for t in case.targets]

    def preselect_target(self, target_id: int | None) -> None:
        """Start with this target chosen, when it is one offered (never a foreign one)."""
        if any(choice.value == target_id for choice in self.target.choices or ()):
            self.target.data = target_id


class LetterForm(LetterTextForm, HumanCheckForm):
    """A supporter's letter: who writes it, from where, on which paper, and the text."""

    writer_name = StringField(
        _l("Your name"),
        description=_l("Printed under your signature."),
        validators=[
            DataRequired(_l("Please enter your name, as you will sign the letter.")),
            Length(max=100, message=_l("Please shorten your name to 100 characters or fewer.")),
            no_control_characters,
            printable_on_paper,
        ],
        filters=[strip],
    )
    writer_town = StringField(
        _l("Your town or city"),
        description=_l("Readers take heart from knowing where support comes from."),
        validators=[
            Length(max=100, message=_l("Please shorten the town to 100 characters or fewer.")),
            no_control_characters,
            printable_on_paper,
        ],
        filters=[strip],
        # Optional, so it may be left out of the form entirely: then it is empty, not None.
        default="",
    )
    writer_country = CountryField(
        _l("Your country"), validators=[DataRequired(_l("Please choose your country."))]
    )
    paper = ListField(
        _l("Paper size"),
        not_listed=_l("Please choose A4, US Letter or the usual size in your country."),
        choices=[
            SelectChoice("", _l("The usual size in my country")),
            SelectChoice("a4", "A4"),
            SelectChoice("letter", _l("US Letter")),
        ],
    )

    def ask_for_signature(self, case: Case, kind: LetterKind) -> None:
        """Ask for the name the letter is signed with: on a card for a case that asks for
        it, a first name only (webapp.letters.services.signed_name keeps no more)."""
        if kind is LetterKind.CARD and case.card_first_name_only:
            self.writer_name.label.text = _("Your first name")
            self.writer_name.description = _(
                "Only your first name is printed on the card, for %(name)s's safety.",
                name=case.name,
            )


class LetterLinkForm(Form):
    """ "Email me this link" on a letter's page: an address, and an unticked opt-in to
    hear what happens to the person (issue 15, item 7)."""

    email = email_field(
        _l("Your email address"),
        description=_l(
            "We use the address for this letter only, and keep it only as long as the letter."
        ),
    )
    wants_updates = BooleanField(_l("Tell me what happens next"), default=False)
    # Ticked: the writer is asking for their link so as to come back and say it is posted;
    # one reminder serves that. Unticking it is a no the reminder job respects.
    wants_reminder = BooleanField(_l("Remind me once if I have not said I posted it"), default=True)

    def about(self, case: Case) -> None:
        """Name the person in the opt-in's label."""
        self.wants_updates.label.text = _("Tell me what happens to %(name)s", name=case.name)
        self.wants_reminder.label.text = ngettext(
            "Remind me once, in %(num)d day, if I have not said I posted it",
            "Remind me once, in %(num)d days, if I have not said I posted it",
            current_app.config["LETTER_REMINDER_DAYS"],
        )
