"""Delivery pack options."""

from __future__ import annotations

from datetime import date

from wtforms import BooleanField
from wtforms.validators import InputRequired

from webapp.models import Petition
from webapp.web.forms import DayField, Form, text_field
from webapp.web.i18n import lazy_gettext as _l


class PackForm(Form):
    """Whether the pack lists the signers."""

    include_names = BooleanField(
        _l("List the signers' names and countries (never their email addresses)"), default=False
    )


class DeliveredForm(Form):
    """When and to whom a petition was handed over (issue 18, item 6)."""

    on = DayField(
        _l("Delivered on"),
        validators=[InputRequired(_l("Please give the day it was delivered."))],
    )
    to = text_field(
        _l("Delivered to"),
        200,
        _l("Please say to whom the petition was delivered."),
        description=_l("As supporters should read it, e.g. the Ministry of Justice, Tehran."),
    )
    draft_update = BooleanField(
        _l("Write a draft update saying so, to check, publish and email to signers"),
        default=True,
    )

    @classmethod
    def data_of(cls, petition: Petition) -> dict:
        """The form's starting values: what was recorded, else today."""
        return {"on": petition.delivered_on or date.today(), "to": petition.delivered_to}
