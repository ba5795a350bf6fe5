"""Forms of the petition pages: they check shape; services check meaning."""

from __future__ import annotations

from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Length

from webapp.printing.fonts import printable_on_paper
from webapp.privacy import consent
from webapp.utils import email_typos
from webapp.web.forms import CountryField, Form, email_field, no_control_characters, strip
from webapp.web.human_check import HumanCheckForm
from webapp.web.i18n import lazy_gettext as _l


class SignatureForm(HumanCheckForm):
    """A supporter's signature: name, email, country, and an unticked opt-in."""

    full_name = StringField(
        _l("Full name"),
        validators=[
            DataRequired(_l("Please enter your name.")),
            Length(max=200, message=_l("Please shorten your name to 200 characters or fewer.")),
            no_control_characters,
            # Printed in the list of names handed over with the petition.
            printable_on_paper,
        ],
        filters=[strip],
    )
    email = email_field(description=_l("We send you a link to confirm your signature."))
    country = CountryField(
        _l("Country"), validators=[DataRequired(_l("Please choose your country."))]
    )
    opt_in = BooleanField(_l("Email me updates about this and other cases"), default=False)
    # The answer to "Did you mean …@gmail.com?": "suggested" or "typed" (the buttons of
    # the hint, issue 15 item 3); empty until a hint was shown.
    email_choice = StringField()
    # The consent text shown beside the button, by version: recorded with the signature.
    consent_version = HiddenField(default=consent.CURRENT.version)

    OUT_OF_DATE = _l(
        "Our privacy text changed while this page was open. Please read it again, beside "
        "the button, and sign."
    )

    email_suggestion: str | None = None

    def check_email_typo(self) -> bool:
        """Apply the answer to a typo hint, or find one to ask about: True when the page
        must ask "Did you mean …?" before anything is stored (no signature until the
        person chooses)."""
        suggested = email_typos.suggest(self.email.data or "")
        if suggested is None or self.email_choice.data == "typed":
            return False
        if self.email_choice.data == "suggested":
            self.email.data = suggested
            return False
        self.email_suggestion = suggested
        return True

    @property
    def consent(self) -> consent.ConsentText:
        """The text this form shows, and the signer agrees to by signing."""
        return consent.get(self.consent_version.data) or consent.CURRENT

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and consent.get(self.consent_version.data) is not consent.CURRENT:
            self.form_errors.append(self.OUT_OF_DATE)
            self.consent_version.data = consent.CURRENT.version
            return False
        return valid


class ConfirmForm(Form):
    """The Confirm button: a POST, so link scanners that only fetch cannot confirm."""


class SendAgainForm(Form):
    """ "Send it again" on the check-your-email page: a button (the address is the one
    this browser signed with, kept in its session, never in the page's address)."""
