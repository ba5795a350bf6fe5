"""Views for signing up, confirming an email, logging in and out, and resetting a password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from webapp.accounts import services
from webapp.accounts.forms import (
    AcceptInvitationForm,
    EmailForm,
    LoginForm,
    NewPasswordForm,
    SignupForm,
)
from webapp.extensions import limiter
from webapp.models import UserRole
from webapp.web.auth import current_user, login_user, logout_user, safe_next
from webapp.web.forms import ButtonForm
from webapp.web.limits import (
    configured,
    count_failure,
    failure_counted,
    known_device,
    remember_device,
    submitted_email,
    submitted_email_and_client,
)
from webapp.web.transaction import errors_to_form

bp = Blueprint("accounts", __name__)

# This browser knows the password of the account waiting for confirmation (it signed up
# or logged in with it): confirming from here keeps that password (services.signup_proof).
_SIGNUP_PROOF = "signup_proof"


def _link_failed(error: services.AccountError):
    """The page for an emailed link that no longer works, with ways to get a new one."""
    return render_template("accounts/link_failed.html", message=str(error), form=EmailForm()), 400


def _home_for_user() -> str:
    """Where a user lands after logging in: teachers on their classrooms, organisers and
    admins on the dashboard."""
    user = current_user()
    if user is not None and user.role in (UserRole.ORGANISER, UserRole.ADMIN):
        return url_for("admin.dashboard")
    return url_for("classrooms.index")


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(configured("SIGNUP_RATE_LIMIT"), methods=["POST"])
def signup():
    """A teacher opens an account."""
    form = SignupForm()
    if form.validate_on_submit():
        with errors_to_form(form, field="password"):
            pending = services.register_teacher(
                name=form.name.data, email=form.email.data, password=form.password.data
            )
            if pending is not None:
                session[_SIGNUP_PROOF] = services.signup_proof(pending)
            return redirect(url_for("accounts.check_email"), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/signup.html", form=form), status


@bp.get("/check-email")
def check_email():
    """After sign-up: the link is in the mailbox."""
    return render_template("accounts/check_email.html", form=EmailForm())


@bp.get("/verify/<token>")
def verify(token: str):
    """The link in the email opens a page with a button, so link scanners cannot use it;
    unless this browser set the account's password, the page asks its owner to choose it."""
    try:
        user = services.user_for_verification(token)
    except services.AccountError as error:
        return _link_failed(error)
    if services.verification_needs_password(user, session.get(_SIGNUP_PROOF)):
        return render_template(
            "accounts/verify.html", form=NewPasswordForm(), token=token, user=user
        )
    return render_template("accounts/verify.html", form=ButtonForm(), token=token)


@bp.post("/verify/<token>")
def verify_submit(token: str):
    """Confirm the email address (and set the password, when the page asked for one)."""
    try:
        user = services.user_for_verification(token)
    except services.AccountError as error:
        return _link_failed(error)
    if services.verification_needs_password(user, session.get(_SIGNUP_PROOF)):
        form = NewPasswordForm()
        if form.validate_on_submit():
            with errors_to_form(form, field="password"):
                user = services.verify_email(token, password=form.password.data)
                session.pop(_SIGNUP_PROOF, None)
                login_user(user)
                flash(_("Your new password is set, and you are logged in."), "success")
                return redirect(_home_for_user(), code=303)
        return render_template("accounts/verify.html", form=form, token=token, user=user), 422
    try:
        user = services.verify_email(token, proof=session.pop(_SIGNUP_PROOF, None))
    except services.AccountError as error:
        return _link_failed(error)
    flash(_("Thank you: your email address is confirmed. You can log in now."), "success")
    return redirect(url_for("accounts.login", email=user.email), code=303)


@bp.post("/verify-again")
@limiter.limit(configured("PASSWORD_RESET_RATE_LIMIT"))
def verify_again():
    """Send the verification link again."""
    form = EmailForm()
    if form.validate_on_submit():
        services.resend_verification(form.email.data)
    flash(
        _("If that address has an account waiting for confirmation, a new link is on its way."),
        "success",
    )
    return redirect(url_for("accounts.check_email"), code=303)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(configured("LOGIN_RATE_LIMIT"), methods=["POST"])
@limiter.limit(
    configured("LOGIN_FAILURE_LIMIT"),
    key_func=submitted_email_and_client,
    methods=["POST"],
    deduct_when=failure_counted,
    scope="login-account-client",
)
@limiter.limit(
    configured("LOGIN_ACCOUNT_FAILURE_LIMIT"),
    key_func=submitted_email,
    methods=["POST"],
    deduct_when=failure_counted,
    exempt_when=known_device,  # the owner's own browsers are never locked out by others
    scope="login-account",
)
def login():
    """Log in with email and password."""
    if current_user() is not None:
        return redirect(_home_for_user())
    form = LoginForm()
    if request.method == "GET" and request.args.get("email"):
        form.email.data = request.args["email"]
    not_verified = False
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except services.NotVerifiedError as error:
            form.form_errors.append(str(error))
            not_verified = True
            session[_SIGNUP_PROOF] = error.proof
        except services.LoginError as error:
            count_failure()
            form.form_errors.append(str(error))
        else:
            login_user(user)
            remember_device(user.email)
            return redirect(safe_next(request.args.get("next")) or _home_for_user(), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "accounts/login.html", form=form, not_verified=not_verified, resend_form=EmailForm()
    ), status


@bp.post("/logout")
def logout():
    """Log out (a POST with the CSRF token, so no other site can log anyone out)."""
    logout_user()
    flash(_("You are logged out."), "success")
    return redirect(url_for("campaigns.home"), code=303)


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(configured("PASSWORD_RESET_RATE_LIMIT"), methods=["POST"])
def forgot_password():
    """Ask for a reset link."""
    form = EmailForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        return render_template("accounts/reset_sent.html", email=form.email.data)
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/forgot_password.html", form=form), status


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(configured("PASSWORD_RESET_RATE_LIMIT"), methods=["POST"])
def reset_password(token: str):
    """Choose a new password through the emailed link."""
    try:
        user = services.user_for_reset_token(token)
    except services.AccountError as error:
        return _link_failed(error)
    form = NewPasswordForm()
    if form.validate_on_submit():
        with errors_to_form(form, field="password"):
            user = services.reset_password(token, form.password.data)
            login_user(user)
            remember_device(user.email)  # the mailbox's owner: never locked out here again
            flash(_("Your new password is set, and you are logged in."), "success")
            return redirect(_home_for_user(), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/reset_password.html", form=form, user=user), status


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(configured("PASSWORD_RESET_RATE_LIMIT"), methods=["POST"])
def accept_invitation(token: str):
    """An invited organiser or admin opens their account."""
    try:
        invitation = services.invitation_for_token(token)
    except services.AccountError as error:
        return _link_failed(error)
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        with errors_to_form(form, field="password"):
            user = services.accept_invitation(
                token, name=form.name.data, password=form.password.data
            )
            login_user(user)
            flash(_("Welcome: your account is open."), "success")
            return redirect(_home_for_user(), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "accounts/accept_invitation.html", form=form, invitation=invitation
    ), status
