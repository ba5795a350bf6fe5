"""Admin forms: they check shape; services check meaning."""

from __future__ import annotations

from wtforms import SelectChoice

from webapp.models import UserRole
from webapp.web.forms import Form, ListField, email_field
from webapp.web.i18n import lazy_gettext as _l

ROLE_LABELS = {
    UserRole.TEACHER: _l("Teacher (own classrooms only)"),
    UserRole.ORGANISER: _l("Organiser (content, counts, exports)"),
    UserRole.ADMIN: _l("Admin (everything, including users)"),
}


def _role_field(label: str, roles: list[UserRole]) -> ListField:
    return ListField(
        label,
        not_listed=_l("Please choose a role from the list."),
        choices=[SelectChoice(role.value, ROLE_LABELS[role]) for role in roles],
    )


class InviteForm(Form):
    """Invite an organiser or admin by email."""

    email = email_field(description=_l("We email them a link to choose their password."))
    role = _role_field(_l("Role"), [UserRole.ORGANISER, UserRole.ADMIN])


class RoleForm(Form):
    """Change an account's role."""

    role = _role_field(_l("Role"), list(UserRole))
