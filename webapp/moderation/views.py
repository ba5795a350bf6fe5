"""Views of moderation: the filter and its preview (GET), and invalidating (POST)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_number, ngettext
from flask_babel import gettext as _

from webapp.moderation import services
from webapp.moderation.forms import FilterForm, InvalidateForm, TallyReviewForm
from webapp.web.auth import current_user
from webapp.web.transaction import errors_flashed, errors_to_form

bp = Blueprint("moderation", __name__)


def _page(form: FilterForm, *, preview=None, problem: str | None = None, status: int = 200):
    """The page: the filter form, what went wrong, and the preview with its button.

    A service's refusal (errors_to_form puts it above the form) is the page's problem:
    it is about the filter as a whole, not one field."""
    if problem is None and form.form_errors:
        problem, form.form_errors = form.form_errors[0], []
    action_form = None
    if preview is not None and preview.count:
        action_form = InvalidateForm(formdata=None, expected_count=preview.count)
    return render_template(
        "moderation/index.html",
        form=form,
        preview=preview,
        problem=problem,
        action_form=action_form,
        query=form.query_args(),
        tallies=services.pending_tallies(),
        tally_form=TallyReviewForm(formdata=None),
    ), status


@bp.get("/")
def index():
    """The filter form; with a filter sent, how many signatures match and a sample."""
    form = FilterForm(formdata=request.args, meta={"csrf": False})
    if not form.was_sent():
        return _page(form)
    if not form.validate():
        return _page(form, status=422)
    with errors_to_form(form):
        return _page(form, preview=services.preview(form.to_filter()))
    return _page(form, status=422)


@bp.post("/invalidate")
def invalidate():
    """Invalidate what the preview showed, if it still matches exactly as many."""
    form = InvalidateForm()
    if not form.validate_on_submit():
        # The count travels in a hidden input: its problem is the page's, not a field's.
        problem = form.expected_count.errors[0] if form.expected_count.errors else None
        form.expected_count.errors = []
        return _page(form, problem=problem, status=422)
    signature_filter = form.to_filter()
    with errors_to_form(form):
        try:
            count = services.invalidate(current_user(), signature_filter, form.expected_count.data)
        except services.CountChangedError as error:
            # A conflict, not a mistake in the filter: a 409 with the new preview at once,
            # so the organiser sees what would happen now. Nothing was written to undo.
            return _page(
                form, preview=services.preview(signature_filter), problem=str(error), status=409
            )
        flash(
            ngettext(
                "%(count)s signature invalidated. They no longer count, and the action is in "
                "the audit log.",
                "%(count)s signatures invalidated. They no longer count, and the action is in "
                "the audit log.",
                count,
                count=format_number(count),
            ),
            "success",
        )
        return redirect(url_for("admin.moderation.index", **form.query_args()), code=303)
    return _page(form, status=422)


@bp.post("/tallies/<int:tally_id>")
def review_tally(tally_id: int):
    """Approve or refuse a teacher's hand tally that waits for review."""
    form = TallyReviewForm()
    if not form.validate_on_submit():
        abort(400)
    approve = form.decision.data == "approve"
    with errors_flashed():
        services.review_tally(
            current_user(), tally_id, approve=approve, expected=form.expected.data
        )
        flash(
            _("Approved: the number now counts.")
            if approve
            else _("Refused: the number does not count."),
            "success",
        )
    return redirect(url_for("admin.moderation.index", _anchor="tallies"), code=303)
