"""Moderation forms: they check shape; services check meaning."""

from __future__ import annotations

from datetime import UTC

from flask_babel import gettext as _
from wtforms import BooleanField, DateTimeLocalField, IntegerField, SelectChoice, StringField
from wtforms.validators import (
    AnyOf,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from webapp.models import SignatureStatus
from webapp.moderation.services import ACTIONABLE, SignatureFilter, petitions
from webapp.web.forms import Form, ListField, no_control_characters, strip
from webapp.web.i18n import lazy_gettext as _l

# The filter's fields, in the order their values travel in URLs and hidden inputs.
FILTER_FIELDS = (
    "petition",
    "status",
    "domain",
    "subdomains",
    "since",
    "until",
    "source",
    "client",
    "name",
    "name_match",
    "repeated",
)
STATUS_SCOPES = {
    "": ACTIONABLE,
    "confirmed": frozenset({SignatureStatus.CONFIRMED}),
    "pending": frozenset({SignatureStatus.PENDING}),
}


class UTCDateTimeField(DateTimeLocalField):
    """A date and time in UTC, from the browser's date-time picker or typed by hand."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault(
            "format", ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        )
        kwargs.setdefault(
            "invalid_value_message",
            _l("Please enter a date and time in UTC, like 2025-03-01T14:30."),
        )
        super().__init__(label, validators, tz=UTC, **kwargs)


class WholeNumberField(IntegerField):
    """An integer field that says in plain words what it wants."""

    def __init__(
        self, *args, invalid_message: str = _l("Please enter a whole number, like 3."), **kw
    ):
        super().__init__(*args, **kw)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(self.invalid_message) from error


def _domain_shape(form, field) -> None:
    """Validator: a domain (the part after the @), not an address or a URL."""
    value = (field.data or "").lstrip("@")
    if not value or any(ch in value for ch in "@/:\\ ") or "." not in value.strip("."):
        raise ValidationError(
            _("Please enter a domain like mailinator.com (the part after the @).")
        )


class FilterForm(Form):
    """Which signatures to look at: sent by GET, so a preview changes nothing and can be
    bookmarked (instantiated with meta={"csrf": False} there)."""

    petition = ListField(
        _l("Petition"), not_listed=_l("Please choose a petition from the list."), choices=[]
    )
    status = ListField(
        _l("Signatures"),
        not_listed=_l("Please choose which signatures from the list."),
        choices=[
            SelectChoice("", _l("Confirmed and pending")),
            SelectChoice("confirmed", _l("Confirmed only (they count now)")),
            SelectChoice("pending", _l("Pending only (not confirmed yet)")),
        ],
    )
    domain = StringField(
        _l("Email domain"),
        description=_l("The part after the @, like mailinator.com. Upper or lower case alike."),
        validators=[
            Optional(),
            Length(max=253, message=_l("A domain has at most 253 characters.")),
            _domain_shape,
        ],
        filters=[strip],
    )
    subdomains = BooleanField(_l("Also its subdomains, like eu.mailinator.com"))
    since = UTCDateTimeField(
        _l("Signed from (UTC)"),
        description=_l("Included. A date and time, like 2025-03-01T14:30."),
        validators=[Optional()],
    )
    until = UTCDateTimeField(
        _l("Signed before (UTC)"),
        description=_l("Not included. A date and time, like 2025-03-01T18:00."),
        validators=[Optional()],
    )
    source = StringField(
        _l("Source"),
        description=_l("Where the signature was taken, as recorded: web is the site's own form."),
        validators=[
            Optional(),
            Length(max=40, message=_l("A source has at most 40 characters.")),
            no_control_characters,
        ],
        filters=[strip],
    )
    client = StringField(
        _l("Client"),
        description=(
            _l(
                "A client's code from a dashboard alert: a hash of its network address, "
                "which changes every day. 32 letters and digits."
            )
        ),
        validators=[
            Optional(),
            Regexp(r"^[0-9a-f]{32}$", message=_l("Please paste the 32-character code as shown.")),
        ],
        filters=[strip, lambda value: value.lower() if isinstance(value, str) else value],
    )
    name = StringField(
        _l("Signer's name"),
        description=_l("Upper or lower case alike."),
        validators=[
            Optional(),
            Length(max=200, message=_l("A name has at most 200 characters.")),
            no_control_characters,
        ],
        filters=[strip],
    )
    name_match = ListField(
        _l("The name"),
        not_listed=_l("Please choose how the name matches from the list."),
        choices=[
            SelectChoice("is", _l("is exactly this")),
            SelectChoice("contains", _l("contains this")),
        ],
    )
    repeated = WholeNumberField(
        _l("Only names signed at least this many times on one petition"),
        description=(
            _l(
                "Counted among the signatures the other choices match, like a bot signing "
                "one name with many addresses. At least 2."
            )
        ),
        validators=[
            Optional(),
            NumberRange(min=2, max=1_000_000, message=_l("Please enter a number of 2 or more.")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        listed = petitions()
        self._petition_ids = {petition.slug: petition.id for petition in listed}
        self.petition.choices = [SelectChoice("", _("All petitions"))] + [
            SelectChoice(petition.slug, petition.title) for petition in listed
        ]

    def validate_until(self, field) -> None:
        if field.data and self.since.data and field.data <= self.since.data:
            raise ValidationError(_("The end of the window must be after its start."))

    def was_sent(self) -> bool:
        """Whether any of the filter's fields came with the request."""
        return any(getattr(self, name).raw_data for name in FILTER_FIELDS)

    def query_args(self) -> dict[str, str]:
        """The filter as sent (non-empty values only): for links and hidden inputs."""
        return {
            name: getattr(self, name).raw_data[0]
            for name in FILTER_FIELDS
            if getattr(self, name).raw_data and getattr(self, name).raw_data[0]
        }

    def to_filter(self) -> SignatureFilter:
        """The validated form as the service's filter."""
        return SignatureFilter(
            petition_id=self._petition_ids.get(self.petition.data or ""),
            email_domain=self.domain.data or None,
            include_subdomains=bool(self.domain.data and self.subdomains.data),
            signed_from=self.since.data,
            signed_until=self.until.data,
            statuses=STATUS_SCOPES[self.status.data or ""],
            source=self.source.data or None,
            client_hash=self.client.data or None,
            name=self.name.data or None,
            name_contains=self.name_match.data == "contains",
            repeated_name_min=self.repeated.data,
        )


class InvalidateForm(FilterForm):
    """The filter again, in hidden inputs, with the count the organiser saw (and CSRF)."""

    expected_count = WholeNumberField(
        _l("Previewed count"),
        widget=HiddenInput(),
        invalid_message=_l("The previewed count is not valid. Please preview again."),
        validators=[
            InputRequired(_l("The previewed count is missing. Please preview again.")),
            NumberRange(
                min=0, message=_l("The previewed count is not valid. Please preview again.")
            ),
        ],
    )


class TallyReviewForm(Form):
    """Approve or refuse one hand tally: the number the organiser saw travels with it."""

    expected = WholeNumberField(
        _l("Reported number"),
        widget=HiddenInput(),
        validators=[InputRequired(), NumberRange(min=0)],
    )
    decision = StringField(validators=[InputRequired(), AnyOf(["approve", "refuse"])])
