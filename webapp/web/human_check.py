"""A public form's defences against simple bots, with no third party: a honeypot field,
a least time between showing the form and sending it, and a proof of work."""

from __future__ import annotations

import logging
import time
from functools import cached_property

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from wtforms import HiddenField, StringField

from webapp.web import proof_of_work
from webapp.web.forms import Form
from webapp.web.i18n import lazy_gettext as _l

log = logging.getLogger(__name__)


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
