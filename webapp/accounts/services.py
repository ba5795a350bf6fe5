"""Account rules: sign-up with a verified email, passwords (argon2), login, reset by email.

Confirming an address proves the mailbox, not the password: a stranger can sign up with
someone else's address and a password of their own. So the password chosen before the
address was confirmed is only kept when the browser that confirms it has shown it knows
that password (it signed up, or logged in with it, there: signup_proof); any other
confirmation ends with the owner choosing the password, and the one set before is gone.
"""

from __future__ import annotations

import hmac
import logging
from datetime import datetime
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import format_number
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp.domain import DomainError
from webapp.extensions import db
from webapp.keys import keyed, keyed_token
from webapp.models import Invitation, User, UserRole, utcnow
from webapp.outbox import emails
from webapp.web.auth import end_sessions

log = logging.getLogger(__name__)

PASSWORD_MIN_CHARS = 10
PASSWORD_MAX_CHARS = 200
VERIFY_MAX_AGE_SECONDS = 3 * 24 * 3600
RESET_MAX_AGE_SECONDS = 3600


@cache
def _hasher_with(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def _hasher() -> PasswordHasher:
    """argon2id with the configured costs: argon2-cffi's (RFC 9106's second
    recommendation) unless the testing configuration lowers them."""
    config = current_app.config
    return _hasher_with(
        config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_KIB"], config["ARGON2_PARALLELISM"]
    )


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    """Verified against when no account has the email, so a wrong email takes as long as
    a wrong password and login timing does not tell which emails have accounts."""
    return hasher.hash("no account has this password")


class AccountError(DomainError):
    """An account rule was broken; the message is fit to show the person."""


class LoginError(AccountError):
    """Wrong email or password (never which of the two)."""


class NotVerifiedError(AccountError):
    """The password was right but the email address is not confirmed yet; `proof` is the
    account's signup_proof, for the view to keep in this browser's session."""

    def __init__(self, message: str, proof: str) -> None:
        super().__init__(message)
        self.proof = proof


class PasswordNeededError(AccountError):
    """Confirming this address needs the owner to choose the password."""


def normalise_email(address: str) -> str:
    """The stored form of an email: trimmed and lower-cased (one account per mailbox)."""
    return address.strip().lower()


def check_password_rules(password: str, email: str) -> None:
    """Refuse passwords that are short, huge, or the email address itself."""
    if len(password) < PASSWORD_MIN_CHARS:
        raise AccountError(
            _(
                "Please choose a password of at least %(min)s characters. A few words strung "
                "together are easy to remember and hard to guess.",
                min=format_number(PASSWORD_MIN_CHARS),
            )
        )
    if len(password) > PASSWORD_MAX_CHARS:
        raise AccountError(
            _(
                "Please choose a password of at most %(max)s characters.",
                max=format_number(PASSWORD_MAX_CHARS),
            )
        )
    if password.strip().lower() == normalise_email(email) or password.lower() in email.lower():
        raise AccountError(_("Please choose a password that is not your email address."))


def hash_password(password: str) -> str:
    """The argon2id hash of a password, with a fresh salt."""
    return _hasher().hash(password)


def get_user_by_email(email: str) -> User | None:
    """The account with this email, in any case."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    *,
    email: str,
    name: str,
    password_hash: str,
    role: UserRole,
    verified_at: datetime | None = None,
) -> User:
    """Add an account and flush: the one place a User is made (sign-up, invitation, demo
    accounts, `flask create-admin`). The caller has checked the password rules and that
    the address is free (each says so in its own words)."""
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        password_hash=password_hash,
        role=role,
        email_verified_at=verified_at,
    )
    db.session.add(user)
    db.session.flush()
    return user


def register_teacher(*, name: str, email: str, password: str) -> User | None:
    """Create a teacher account and email a verification link; the account waiting for
    confirmation is returned (for the view to keep its signup_proof).

    When the email already has a confirmed account, that mailbox is told so instead (with
    a link to reset the password), and None is returned: the page shown is the same either
    way, so sign-up does not reveal who has an account. An account still waiting for
    confirmation is taken over by the new sign-up (its name and password replaced):
    nobody has proved the address yet, and whoever does will choose the password anyway.
    """
    check_password_rules(password, email)
    # Hashed whether or not it is used, so the reply takes as long for a known address.
    password_hash = hash_password(password)
    existing = get_user_by_email(email)
    if existing is not None:
        if existing.is_verified:
            emails.send_account_exists(existing)
            return None
        existing.name = name.strip()
        existing.password_hash = password_hash
        existing.password_changed_at = utcnow()
        emails.send_email_verification(existing, verification_token(existing))
        return existing
    user = create_user(email=email, name=name, password_hash=password_hash, role=UserRole.TEACHER)
    emails.send_email_verification(user, verification_token(user))
    log.info("teacher account %s created", user.id)
    return user


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"account-{purpose}")


def _digest(purpose: str, value: str) -> str:
    """A keyed digest of what a link must still match (the address, the time of the last
    password change): the link carries this, not the value, since a token's payload is
    only base64 and anyone holding the link could read it (issue 21, item 17)."""
    return keyed_token(f"account-{purpose}:{value}")


def _digest_matches(data: dict, purpose: str, value: str) -> bool:
    return hmac.compare_digest(str(data.get("h", "")), _digest(purpose, value))


def _load_token(purpose: str, token: str, *, max_age: int, expired: str) -> dict:
    """What a link token says, or an AccountError in words fit for the person."""
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise AccountError(expired) from error
    except BadSignature as error:
        raise AccountError(
            _("This link is not valid. Please copy the whole link from the email.")
        ) from error
    return data if isinstance(data, dict) else {}


def verification_token(user: User) -> str:
    """A link token that confirms this user owns this email address."""
    return _serializer("verify").dumps({"u": user.id, "h": _digest("verify", user.email)})


def signup_proof(user: User) -> str:
    """What a browser keeps once it has shown it knows this waiting account's password
    (by signing up or logging in with it): a keyed digest of the account and its
    password hash, so a new password (another sign-up) makes it worthless."""
    return keyed(f"signup-proof:{user.id}:{user.password_hash}").hexdigest()[:32]


def _proven(user: User, proof: str | None) -> bool:
    return isinstance(proof, str) and hmac.compare_digest(proof, signup_proof(user))


def user_for_verification(token: str) -> User:
    """The account a verification link is for, if the link is good."""
    data = _load_token(
        "verify",
        token,
        max_age=VERIFY_MAX_AGE_SECONDS,
        expired=_(
            "This link has expired. Log in or ask for a new link below and we will send one."
        ),
    )
    user = db.session.get(User, data.get("u"))
    if user is None or not _digest_matches(data, "verify", user.email):
        raise AccountError(_("This link is for an account that no longer exists."))
    return user


def verification_needs_password(user: User, proof: str | None) -> bool:
    """Whether confirming this account must end with choosing its password: unless the
    confirming browser has shown it knows the password set before (see the docstring)."""
    return not user.is_verified and not _proven(user, proof)


def verify_email(token: str, *, proof: str | None = None, password: str | None = None) -> User:
    """Mark the email address in the token as verified. The password set at sign-up is
    kept only with this browser's proof; else `password` replaces it, and without one
    PasswordNeededError is raised."""
    user = user_for_verification(token)
    if user.is_verified:
        return user
    if verification_needs_password(user, proof):
        if password is None:
            raise PasswordNeededError(_("Please choose a password."), field="password")
        check_password_rules(password, user.email)
        user.password_hash = hash_password(password)
        user.password_changed_at = utcnow()
        end_sessions(user)
        log.info("user %s chose their password on confirming their email", user.id)
    user.email_verified_at = utcnow()
    log.info("user %s verified their email", user.id)
    return user


def resend_verification(email: str) -> None:
    """Send the verification link again, if this email has an unverified account."""
    user = get_user_by_email(email)
    if user is not None and not user.is_verified:
        emails.send_email_verification(user, verification_token(user))


def authenticate(email: str, password: str) -> User:
    """The account for these credentials; LoginError if either is wrong."""
    user = get_user_by_email(email)
    try:
        hasher = _hasher()
        hasher.verify(user.password_hash if user else _dummy_hash(hasher), password)
    except (VerificationError, InvalidHashError) as error:
        raise LoginError(
            _("That email and password do not match an account. Please check both and try again.")
        ) from error
    if user is None:
        raise LoginError(
            _("That email and password do not match an account. Please check both and try again.")
        )
    if not user.is_active:
        raise LoginError(_("This account is switched off. Please ask an administrator."))
    if not user.is_verified:
        # The right password: this browser may keep it on confirming the address.
        raise NotVerifiedError(
            _(
                "Please confirm your email address first: open the link we sent you. "
                "You can ask for a new link below."
            ),
            proof=signup_proof(user),
        )
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    log.info("user %s logged in", user.id)
    return user


def request_password_reset(email: str) -> None:
    """Email a reset link if the address has an account (the page never says whether)."""
    user = get_user_by_email(email)
    if user is not None:
        emails.send_password_reset(user, reset_token(user))
        log.info("password reset requested for user %s", user.id)


def reset_token(user: User) -> str:
    """A reset link token, valid for an hour and spent once the password changes."""
    changed = user.password_changed_at.isoformat()
    return _serializer("reset").dumps({"u": user.id, "h": _digest("reset", changed)})


def user_for_reset_token(token: str) -> User:
    """The account a reset link is for, if the link is still good."""
    data = _load_token(
        "reset",
        token,
        max_age=RESET_MAX_AGE_SECONDS,
        expired=_("This link has expired: reset links last an hour. Please ask for a new one."),
    )
    user = db.session.get(User, data.get("u"))
    if user is None or not _digest_matches(data, "reset", user.password_changed_at.isoformat()):
        raise AccountError(
            _("This link was already used. Please ask for a new one if you need it.")
        )
    return user


def reset_password(token: str, password: str) -> User:
    """Set a new password through a reset link; other sessions end, the link is spent."""
    user = user_for_reset_token(token)
    check_password_rules(password, user.email)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    end_sessions(user)
    # Reading the link proves the mailbox is theirs.
    user.email_verified_at = user.email_verified_at or utcnow()
    log.info("user %s reset their password", user.id)
    return user


# Invitations (organisers and admins are invited, never self-registered) ----------------

INVITATION_MAX_AGE_SECONDS = 7 * 24 * 3600


def invite(admin: User, *, email: str, role: UserRole) -> Invitation:
    """Invite someone to be an organiser or admin; the email carries a link to accept."""
    if role is UserRole.TEACHER:
        raise AccountError(_("Teachers sign up themselves; invite organisers and admins here."))
    if get_user_by_email(email) is not None:
        raise AccountError(
            _("That address already has an account. Change its role in the list of users.")
        )
    # One live invitation per address: a new one withdraws any earlier ones.
    for earlier in db.session.scalars(
        select(Invitation).where(
            Invitation.email == normalise_email(email),
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
    ):
        earlier.revoked_at = utcnow()
    invitation = Invitation(email=normalise_email(email), role=role, invited_by_id=admin.id)
    db.session.add(invitation)
    db.session.flush()
    emails.send_invitation(invitation, admin, invitation_token(invitation))
    return invitation


def invitation_token(invitation: Invitation) -> str:
    """The token in an invitation's link."""
    return _serializer("invite").dumps({"i": invitation.id})


def invitation_for_token(token: str) -> Invitation:
    """The invitation a link is for, while it can still be accepted."""
    data = _load_token(
        "invite",
        token,
        max_age=INVITATION_MAX_AGE_SECONDS,
        expired=_("This invitation has expired. Please ask for a new one."),
    )
    invitation = db.session.get(Invitation, data.get("i"))
    if invitation is None or invitation.revoked_at is not None:
        raise AccountError(_("This invitation was withdrawn. Please ask for a new one."))
    if invitation.accepted_at is not None:
        raise AccountError(_("This invitation was already accepted. Please log in."))
    inviter = db.session.get(User, invitation.invited_by_id) if invitation.invited_by_id else None
    if inviter is None or not inviter.is_active or inviter.role is not UserRole.ADMIN:
        # Whoever sent it can no longer grant access: neither can their invitation.
        raise AccountError(_("This invitation is no longer valid. Please ask for a new one."))
    return invitation


def accept_invitation(token: str, *, name: str, password: str) -> User:
    """Open the invited account; its email is verified by the link itself."""
    invitation = invitation_for_token(token)
    check_password_rules(password, invitation.email)
    if get_user_by_email(invitation.email) is not None:
        raise AccountError(_("That address already has an account. Please log in."))
    now = utcnow()
    try:
        with db.session.begin_nested():
            user = create_user(
                email=invitation.email,
                name=name,
                password_hash=hash_password(password),
                role=invitation.role,
                verified_at=now,
            )
    except IntegrityError as error:
        # The same link, opened twice at once: the other request opened the account.
        raise AccountError(_("That address already has an account. Please log in.")) from error
    invitation.accepted_at = now
    log.info("invitation %s accepted: user %s (%s)", invitation.id, user.id, user.role.value)
    return user


# Demo accounts (flask seed, never in production) -----------------------------------------

DEMO_PASSWORD = "write for rights demo"  # noqa: S105 - demo content, never in production


def demo_email(role: UserRole) -> str:
    """The demo account of a role: teacher@example.org, admin@example.org, …"""
    return f"{role.value}@example.org"


def demo_user(role: UserRole) -> User:
    """The verified demo account of this role, created on first use."""
    user = get_user_by_email(demo_email(role))
    if user is None:
        user = create_user(
            email=demo_email(role),
            name=f"Demo {role.value.title()}",
            password_hash=hash_password(DEMO_PASSWORD),
            role=role,
            verified_at=utcnow(),
        )
    return user
