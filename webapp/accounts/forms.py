"""Account forms: they check shape; services check meaning."""

from __future__ import annotations

from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from webapp.accounts.services import PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS
from webapp.forms import Form, email_field, no_control_characters, strip

_PASSWORD_HINT = (
    f"At least {PASSWORD_MIN_CHARS} characters. A few words strung together are easy to "
    "remember and hard to guess."
)


def _new_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        description=_PASSWORD_HINT,
        validators=[
            DataRequired("Please choose a password."),
            Length(
                max=PASSWORD_MAX_CHARS,
                message=f"Please choose a password of at most {PASSWORD_MAX_CHARS} characters.",
            ),
        ],
    )


def _name_field(description: str) -> StringField:
    return StringField(
        "Your name",
        description=description,
        validators=[
            DataRequired("Please enter your name."),
            Length(max=100, message="Please shorten your name to 100 characters or fewer."),
            no_control_characters,
        ],
        filters=[strip],
    )


class SignupForm(Form):
    """A teacher's new account."""

    name = _name_field("How we greet you in emails. Students never see it.")
    email = email_field(description="We send a link to confirm it before you can log in.")
    password = _new_password_field("Choose a password")


class AcceptInvitationForm(Form):
    """An invited organiser or admin names themselves and chooses a password."""

    name = _name_field("Shown to your colleagues in the audit log.")
    password = _new_password_field("Choose a password")


class LoginForm(Form):
    """Email and password."""

    email = email_field()
    password = PasswordField(
        "Password",
        validators=[
            DataRequired("Please enter your password."),
            Length(max=PASSWORD_MAX_CHARS, message="That password is too long."),
        ],
    )


class EmailForm(Form):
    """Only an email address: for a reset link or a new verification link."""

    email = email_field()


class NewPasswordForm(Form):
    """A new password, set through a reset link."""

    password = _new_password_field("New password")


class ButtonForm(Form):
    """A form that is just a button (and its CSRF token)."""
