"""A public form's defences against simple bots, with no third party: a honeypot field,
a least time between showing the form and sending it, and a proof of work."""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import secrets
import time
from functools import cached_property

from flask import current_app, session
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from itsdangerous import BadSignature, URLSafeTimedSerializer
from wtforms import HiddenField, StringField

from webapp.extensions import limiter
from webapp.keys import keyed
from webapp.web import proof_of_work
from webapp.web.forms import Form
from webapp.web.i18n import lazy_gettext as _l

log = logging.getLogger(__name__)


class HumanCheckForm(Form):
    """A public form's defences against simple bots, with no third party: a field people
    never see (bots fill in every field), a least time between showing the form and
    sending it (bots send at once), and a proof of work the browser solves meanwhile
    (webapp/proof_of_work.py). The honeypot and the proof are rendered by
    macros/forms.html human_check(); the time travels signed in a hidden field, bound
    to the visitor's session and to the form, and good for one send (see _check_stamp).

    A form sent without a proof (a browser without JavaScript) is still taken, with
    `proven` False, once the least time has passed; a proof that is sent must be good,
    and a good one lifts the least time (fill_time_ok)."""

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
            self.shown_at.data = new_shown_stamp(self.stamp_name())

    @classmethod
    def stamp_name(cls) -> str:
        """The form a "shown at" stamp is good for."""
        return cls.__name__

    @cached_property
    def proof_challenge(self) -> dict | None:
        """The challenge for the page this form is shown on (first or again); made only
        when a page asks, so a send that succeeds costs none."""
        if not current_app.config["PROOF_OF_WORK"]:
            return None
        return proof_of_work.new_challenge()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # The proof first: a send that carries a good one is never refused for speed.
        if current_app.config["PROOF_OF_WORK"] and self.proof.data:
            try:
                proof_of_work.verify(self.proof.data)
            except proof_of_work.InvalidProof as error:
                log.info("proof of work refused: %s", error)
                self.form_errors.append(self.NOT_PROVEN)
                return False
            self.proven = True
        if current_app.config["HUMAN_CHECKS"]:
            if self.website.data:
                self.form_errors.append(_("Please try again."))
                return False
            shown = _check_stamp(self.shown_at.data, self.stamp_name())
            if shown is None or not fill_time_ok(shown, proven=self.proven):
                self.form_errors.append(self.TOO_FAST)
                # The page shown again starts the clock.
                self.shown_at.data = new_shown_stamp(self.stamp_name())
                return False
            # The stamp is spent; if the page is shown again (another field refused), its
            # next send needs a new one, which keeps the time the form was first shown.
            self.shown_at.data = new_shown_stamp(self.stamp_name(), shown=shown)
        return valid


def fill_time_ok(shown: float, *, proven: bool) -> bool:
    """The one rule of the least fill time: a send that carries a solved proof of work
    passes at once (a returning supporter's browser fills the form in and they press
    Sign within a second: the proof already showed the browser did work, issue 15 item
    8); a send without one must come FORM_MIN_FILL_SECONDS after the form was shown."""
    if proven:
        return True
    return time.time() - shown >= current_app.config["FORM_MIN_FILL_SECONDS"]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="form-shown-at")


def _session_tag() -> str:
    """This visitor's session, as a stamp names it: a keyed hash of the session's CSRF
    secret (made now if the session has none yet)."""
    generate_csrf()
    raw = session.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), "")
    return keyed(f"shown-at-session:{raw}").hexdigest()[:16]


def new_shown_stamp(form_name: str, *, shown: float | None = None) -> str:
    """A signed "shown at" stamp for this form and this visitor's session: now, or the
    time given (for a form shown again after a send that was refused)."""
    payload = {"f": form_name, "s": _session_tag(), "n": secrets.token_urlsafe(9)}
    if shown is not None:
        payload["t"] = shown
    return _serializer().dumps(payload)


def _check_stamp(stamp: str | None, form_name: str) -> float | None:
    """When the form was shown, for a good stamp, spent now; None for a missing, forged
    or stale stamp, one made for another session or form, or one used before."""
    if not stamp:
        return None
    window = current_app.config["WTF_CSRF_TIME_LIMIT"]
    try:
        payload, signed = _serializer().loads(stamp, max_age=window, return_timestamp=True)
    except BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    shown = payload.get("t", signed.timestamp())
    if not isinstance(shown, int | float) or time.time() - shown > window:
        return None
    if payload.get("f") != form_name or not hmac.compare_digest(
        str(payload.get("s", "")), _session_tag()
    ):
        return None
    if not _spend(stamp, ttl=window - (time.time() - shown)):
        return None
    return shown


def _spend(stamp: str, ttl: float) -> bool:
    """Record the stamp as used, until it would have expired anyway; False if it was
    used before. Kept where the rate limits are (memory, or Redis shared by every web
    process); like them, fails open when that storage is unreachable, and logs it."""
    key = "shown-at:" + hashlib.sha256(stamp.encode()).hexdigest()[:32]
    try:
        uses = limiter.storage.incr(key, max(1, math.ceil(ttl)) + 60)
    except Exception as error:  # noqa: BLE001 - any storage failure: fail open, as the limits do
        log.warning("form stamp: replay check skipped, limiter storage unreachable: %s", error)
        return True
    return uses <= 1
