"""Delivery pack options."""

from __future__ import annotations

from wtforms import BooleanField

from webapp.web.forms import Form
from webapp.web.i18n import lazy_gettext as _l


class PackForm(Form):
    """Whether the pack lists the signers."""

    include_names = BooleanField(
        _l("List the signers' names and countries (never their email addresses)"), default=False
    )
