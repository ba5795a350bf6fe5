"""Views of the organisation's side: the dashboard, users and invitations, the audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp import audit
from webapp.admin import dashboard as stats
from webapp.admin import services
from webapp.admin.forms import ROLE_LABELS, InviteForm, RoleForm
from webapp.content.views import bp as content_bp
from webapp.delivery.views import bp as delivery_bp
from webapp.exports.views import bp as exports_bp
from webapp.extensions import db
from webapp.models import Petition, UserRole
from webapp.moderation.views import bp as moderation_bp
from webapp.updates.admin_views import bp as updates_bp
from webapp.web.auth import ORGANISATION_ROLES, admin_required, current_user, refuse_unless
from webapp.web.converters import whole_number
from webapp.web.forms import ButtonForm
from webapp.web.transaction import errors_flashed, errors_to_form

bp = Blueprint("admin", __name__)
# Its children: every route under /admin is behind the one check below.
bp.register_blueprint(content_bp, url_prefix="/content")
bp.register_blueprint(exports_bp, url_prefix="/exports")
bp.register_blueprint(moderation_bp, url_prefix="/moderation")
bp.register_blueprint(delivery_bp, url_prefix="/delivery")
bp.register_blueprint(updates_bp, url_prefix="/updates")


@bp.before_request
def organisation_only():
    """The organisation's side is for organisers and admins: anonymous visitors log in,
    teachers get a 403. Views for admins alone add @admin_required."""
    return refuse_unless(*ORGANISATION_ROLES)


@bp.get("/")
def dashboard():
    """Totals, signatures per day and by country, per case and petition, recent activity."""
    petition = None
    if request.args.get("petition"):
        petition = db.session.scalar(
            db.select(Petition).where(Petition.slug == request.args["petition"])
        ) or abort(404)
    petitions = stats.petition_rows()
    cases = stats.case_rows()
    per_day = stats.signatures_per_day(petition_id=petition.id if petition else None)
    countries, other_countries = stats.signatures_by_country(
        petition_id=petition.id if petition else None
    )
    return render_template(
        "admin/dashboard.html",
        petition=petition,
        signatures=sum(row.signatures for row in petitions),
        letters=stats.total_letters(cases),
        petitions=petitions,
        cases=cases,
        per_day=per_day,
        per_day_max=max((count for _, count in per_day), default=0),
        countries=countries,
        other_countries=other_countries,
        activity=stats.recent_activity(),
        alerts=stats.signing_alerts(),
    )


def _users_page(invite_form: InviteForm, status: int = 200):
    users, invitations = services.users(), services.pending_invitations()
    return render_template(
        "admin/users.html",
        users=users,
        invitations=invitations,
        looks=services.address_looks(users, invitations),
        invite_form=invite_form,
        role_labels=ROLE_LABELS,
        roles=list(UserRole),
        button_form=ButtonForm(),
    ), status


@bp.get("/users")
@admin_required
def users():
    """Every account, the invitations waiting, and the form to invite someone."""
    return _users_page(InviteForm())


@bp.post("/users/invite")
@admin_required
def invite():
    """Invite an organiser or admin."""
    form = InviteForm()
    if form.validate_on_submit():
        with errors_to_form(form, field="email"):
            invitation = services.invite(
                current_user(), email=form.email.data, role=UserRole(form.role.data)
            )
            flash(_("Invitation sent to %(email)s.", email=invitation.email), "success")
            return redirect(url_for("admin.users"), code=303)
    return _users_page(form, 422)


@bp.post("/invitations/<int:invitation_id>/revoke")
@admin_required
def revoke_invitation(invitation_id: int):
    """Withdraw an invitation."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    with errors_flashed():
        services.revoke_invitation(current_user(), invitation_id)
        flash(_("Withdrawn."), "success")
    return redirect(url_for("admin.users"), code=303)


@bp.post("/users/<int:user_id>/role")
@admin_required
def change_role(user_id: int):
    """Give an account another role."""
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Please choose a role from the list."), "error")
        return redirect(url_for("admin.users"), code=303)
    with errors_flashed():
        services.change_role(current_user(), user_id, UserRole(form.role.data))
        flash(_("The role is changed."), "success")
    return redirect(url_for("admin.users"), code=303)


@bp.post("/users/<int:user_id>/disable")
@admin_required
def disable(user_id: int):
    """Switch an account off."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    with errors_flashed():
        services.set_disabled(current_user(), user_id, disabled=True)
        flash(_("The account is switched off; it can no longer log in."), "success")
    return redirect(url_for("admin.users"), code=303)


@bp.post("/users/<int:user_id>/enable")
@admin_required
def enable(user_id: int):
    """Switch an account back on."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    with errors_flashed():
        services.set_disabled(current_user(), user_id, disabled=False)
        flash(_("The account is switched on again."), "success")
    return redirect(url_for("admin.users"), code=303)


@bp.get("/audit")
@admin_required
def audit_log():
    """The audit log, newest first, a page at a time."""
    page = whole_number(request.args.get("page"), 1)
    if page is None:
        abort(400)
    action = request.args.get("action") or None
    events, total = audit.events(page=page, action=action)
    return render_template(
        "admin/audit.html", events=events, total=total, page=page, action=action, per_page=50
    )
