"""User management rules: roles, switching accounts off, and who may change what."""

from __future__ import annotations

import logging

from flask_babel import gettext as _
from sqlalchemy import select

from webapp import audit
from webapp.accounts import services as accounts
from webapp.domain import DomainError
from webapp.extensions import db
from webapp.models import Invitation, User, UserRole, utcnow
from webapp.utils import lookalikes
from webapp.web.auth import end_sessions

log = logging.getLogger(__name__)


class AdminError(DomainError):
    """An admin rule was broken; the message is fit to show the admin."""


def users() -> list[User]:
    """Every account, admins first, then by email."""
    order = {UserRole.ADMIN: 0, UserRole.ORGANISER: 1, UserRole.TEACHER: 2}
    return sorted(db.session.scalars(select(User)), key=lambda u: (order[u.role], u.email))


def pending_invitations() -> list[Invitation]:
    """Invitations neither accepted nor withdrawn, newest first."""
    return list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
            .order_by(Invitation.id.desc())
        )
    )


def address_looks(users: list[User], invitations: list[Invitation]) -> dict:
    """How each listed address looks: outside plain ASCII, mixing alphabets, or like
    another listed one (issue 21, item 18: admin@exаmple.org beside admin@example.org)."""
    return lookalikes.looks([u.email for u in users] + [i.email for i in invitations])


def _refuse_lookalike(email: str) -> None:
    """Refuse an address that passes for an existing account's without being it."""
    wanted = lookalikes.skeleton(email)
    typed = accounts.normalise_email(email)
    for existing in db.session.scalars(select(User.email)):
        if existing != typed and lookalikes.skeleton(existing) == wanted:
            raise AdminError(
                _(
                    "This address can be mistaken for the account %(email)s. Type the "
                    "address again letter by letter; look-alikes cannot be invited.",
                    email=lookalikes.escaped(existing),
                ),
                field="email",
            )


def _other_user(admin: User, user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise AdminError(_("There is no such account."))
    if user.id == admin.id:
        # An admin cannot demote or switch off themselves: the last admin would lock
        # everyone out of user management.
        raise AdminError(_("You cannot change your own account here. Ask another admin."))
    return user


def _keep_an_admin(user: User) -> None:
    """Refuse to take away the last active admin besides this one (two admins switching
    each other off at once would otherwise leave none)."""
    # Every active admin's row, this one's too, so that two such changes lock the same
    # rows: the second waits, then sees the first's change.
    query = select(User.id).where(User.role == UserRole.ADMIN, User.disabled_at.is_(None))
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.order_by(User.id).with_for_update()
    if not [admin_id for admin_id in db.session.scalars(query) if admin_id != user.id]:
        raise AdminError(_("This is the only other active admin: keep at least one besides."))


def change_role(admin: User, user_id: int, role: UserRole) -> User:
    """Give an account another role; audited."""
    user = _other_user(admin, user_id)
    if user.role is role:
        return user
    if user.role is UserRole.ADMIN:
        _keep_an_admin(user)
    before = user.role
    user.role = role
    audit.record(
        admin,
        "user.role_changed",
        subject=user,
        summary=f"{user.email}: {before.value} → {role.value}",
        before=before.value,
        after=role.value,
    )
    return user


def set_disabled(admin: User, user_id: int, *, disabled: bool) -> User:
    """Switch an account off (it can no longer log in; its sessions end) or on again."""
    user = _other_user(admin, user_id)
    if disabled == (user.disabled_at is not None):
        return user
    if disabled and user.role is UserRole.ADMIN:
        _keep_an_admin(user)
    user.disabled_at = utcnow() if disabled else None
    if disabled:
        # Its sessions end for good: switching it on again brings none of them back.
        end_sessions(user)
    audit.record(
        admin,
        "user.disabled" if disabled else "user.enabled",
        subject=user,
        summary=user.email,
    )
    return user


def invite(admin: User, *, email: str, role: UserRole) -> Invitation:
    """Invite someone to be an organiser or admin (accounts.invite); audited."""
    _refuse_lookalike(email)
    invitation = accounts.invite(admin, email=email, role=role)
    audit.record(
        admin,
        "invitation.sent",
        subject=invitation,
        summary=f"{invitation.email} as {invitation.role.value}",
    )
    return invitation


def revoke_invitation(admin: User, invitation_id: int) -> Invitation:
    """Withdraw an invitation that was not accepted yet."""
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.accepted_at is not None:
        raise AdminError(_("That invitation can no longer be withdrawn."))
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        audit.record(admin, "invitation.revoked", subject=invitation, summary=invitation.email)
    return invitation
