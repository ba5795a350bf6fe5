"""Admin forms: they check shape; services check meaning."""

from __future__ import annotations

from wtforms import SelectChoice

from webapp.forms import Form, ListField, email_field
from webapp.models import UserRole

ROLE_LABELS = {
    UserRole.TEACHER: "Teacher (own classrooms only)",
    UserRole.ORGANISER: "Organiser (content, counts, exports)",
    UserRole.ADMIN: "Admin (everything, including users)",
}


def _role_field(label: str, roles: list[UserRole]) -> ListField:
    return ListField(
        label,
        not_listed="Please choose a role from the list.",
        choices=[SelectChoice(role.value, ROLE_LABELS[role]) for role in roles],
    )


class InviteForm(Form):
    """Invite an organiser or admin by email."""

    email = email_field(description="We email them a link to choose their password.")
    role = _role_field("Role", [UserRole.ORGANISER, UserRole.ADMIN])


class RoleForm(Form):
    """Change an account's role."""

    role = _role_field("Role", list(UserRole))
