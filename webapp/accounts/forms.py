"""Account forms: they check shape; services check meaning."""

from __future__ import annotations

from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from webapp.accounts.services import PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS
from webapp.web.forms import Form, email_field, no_control_characters, strip
from webapp.web.i18n import LocalNumber
from webapp.web.i18n import lazy_gettext as _l

_PASSWORD_HINT = _l(
    "At least %(min)s characters. A few words strung together are easy to remember and "
    "hard to guess.",
    min=LocalNumber(PASSWORD_MIN_CHARS),
)


def _new_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        description=_PASSWORD_HINT,
        validators=[
            DataRequired(_l("Please choose a password.")),
            Length(
                max=PASSWORD_MAX_CHARS,
                message=_l(
                    "Please choose a password of at most %(max)s characters.",
                    max=LocalNumber(PASSWORD_MAX_CHARS),
                ),
            ),
        ],
    )


def _name_field(description: str) -> StringField:
    return StringField(
        _l("Your name"),
        description=description,
        validators=[
            DataRequired(_l("Please enter your name.")),
            Length(max=100, message=_l("Please shorten your name to 100 characters or fewer.")),
            no_control_characters,
        ],
        filters=[strip],
    )


class SignupForm(Form):
    """A teacher's new account."""

    name = _name_field(_l("Shown to the organisation's admins. Students never see it."))
    email = email_field(description=_l("We send a link to confirm it before you can log in."))
    password = _new_password_field(_l("Choose a password"))


class AcceptInvitationForm(Form):
    """An invited organiser or admin names themselves and chooses a password."""

    name = _name_field(_l("Shown to your colleagues in the audit log."))
    password = _new_password_field(_l("Choose a password"))


class LoginForm(Form):
    """Email and password."""

    email = email_field()
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Please enter your password.")),
            Length(max=PASSWORD_MAX_CHARS, message=_l("That password is too long.")),
        ],
    )


class EmailForm(Form):
    """Only an email address: for a reset link or a new verification link."""

    email = email_field()


class NewPasswordForm(Form):
    """A new password, set through a reset link."""

    password = _new_password_field(_l("New password"))
