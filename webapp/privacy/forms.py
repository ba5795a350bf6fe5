"""Forms of the privacy pages."""

from __future__ import annotations

from webapp.web.forms import Form, email_field
from webapp.web.human_check import HumanCheckForm
from webapp.web.i18n import lazy_gettext as _l


class MyDataRequestForm(HumanCheckForm):
    """The address to send the link to; nothing is shown until its owner opens it."""

    email = email_field(description=_l("We email a link to this address. It works for a day."))


class MyDataActionForm(Form):
    """The Download and Erase buttons: POSTs, so a mail scanner opening the link
    changes nothing and downloads nothing."""
