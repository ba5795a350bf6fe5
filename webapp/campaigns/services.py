"""Issue areas, cases, their targets and photos: what the public sees, what organisers
write, and loading the demo content.

The organisers' services take plain values (the dataclasses below), flush but never
commit, and raise CampaignError with a message fit for the form (and, when it is about
one field, its name). Every change they make writes an audit event in the same
transaction as the change itself.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from flask import current_app
from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload, undefer

from webapp import audit, editing
from webapp.campaigns.photos import PhotoError, PhotoLimits, process_photo
from webapp.domain import DomainError
from webapp.extensions import db
from webapp.letters.services import letter_counts
from webapp.models import (
    PUBLIC_CASE_STATUSES,
    Case,
    CasePhoto,
    CaseStatus,
    IssueArea,
    Letter,
    Petition,
    PetitionStatus,
    Target,
    User,
    utcnow,
)
from webapp.petitions.services import signature_counts
from webapp.printing import envelopes
from webapp.printing.pdf import MAX_FIELD_CHARS

log = logging.getLogger(__name__)

CASE_STATUS_ACTIONS = {
    CaseStatus.DRAFT: "case.unpublished",
    CaseStatus.PUBLISHED: "case.published",
    CaseStatus.CLOSED: "case.closed",
    CaseStatus.GOOD_NEWS: "case.good_news",
}


class CampaignError(DomainError):
    """A rule of issue areas, cases, targets or photos was broken; the message is fit to
    show the organiser, and `field` names the form field it is about, when it is about one."""


@dataclass(frozen=True)
class IssueAreaValues:
    slug: str
    name: str
    summary: str
    facts: list[str]
    position: int


@dataclass(frozen=True)
class CaseValues:
    slug: str
    name: str
    country: str
    issue_area_id: int | None
    headline: str
    story: str
    ask: str
    featured: bool
    solidarity_safe: bool
    sender_address_allowed: bool
    card_first_name_only: bool
    safety_notes: str
    card_address: str
    card_country: str
    classroom_min_age: int
    # The story told to the students of each age band (Case.story_for).
    story_under_11: str = ""
    story_11_13: str = ""
    story_14_18: str = ""


@dataclass(frozen=True)
class TargetValues:
    name: str
    title: str
    salutation: str
    address: str
    country: str
    language: str


def issue_areas() -> list[IssueArea]:
    """Every issue area, in the organisation's order."""
    return list(db.session.scalars(select(IssueArea).order_by(IssueArea.position, IssueArea.id)))


def get_issue_area(slug: str) -> IssueArea | None:
    """One issue area by slug."""
    return db.session.scalars(select(IssueArea).where(IssueArea.slug == slug)).first()


def public_cases(*, featured_only: bool = False, issue_area: IssueArea | None = None) -> list[Case]:
    """Published (and closed or good-news) cases, newest first."""
    query = (
        select(Case)
        .where(Case.status.in_(PUBLIC_CASE_STATUSES))
        .options(selectinload(Case.petitions), selectinload(Case.photo))
        .order_by(Case.featured.desc(), Case.id)
    )
    if featured_only:
        query = query.where(Case.featured.is_(True), Case.status == CaseStatus.PUBLISHED)
    if issue_area is not None:
        query = query.where(Case.issue_area_id == issue_area.id)
    return list(db.session.scalars(query))


def get_public_case(slug: str) -> Case | None:
    """A case the public may see, with its targets and petitions loaded."""
    return db.session.scalars(
        select(Case)
        .where(Case.slug == slug, Case.status.in_(PUBLIC_CASE_STATUSES))
        .options(selectinload(Case.targets), selectinload(Case.petitions), selectinload(Case.photo))
    ).first()


def get_photo(photo_id: int, key: str) -> CasePhoto | None:
    """An uploaded photo by its address (id and digest), with its bytes and its case."""
    photo = db.session.scalars(
        select(CasePhoto)
        .where(CasePhoto.id == photo_id)
        .options(undefer(CasePhoto.content), selectinload(CasePhoto.case))
    ).first()
    if photo is None or photo.key != key:
        return None
    return photo


def visible_petition(case: Case) -> Petition | None:
    """The petition a case page shows: the open one, else the latest closed one."""
    petitions = [p for p in case.petitions if p.status is not PetitionStatus.DRAFT]
    open_ones = [p for p in petitions if p.status is PetitionStatus.OPEN]
    candidates = open_ones or petitions
    return candidates[-1] if candidates else None


def share_ask(case: Case) -> str:
    """The ask a share image states: the petition's title ("Free Leyla Ahmadi"), else the
    first sentence of the case's ask."""
    petition = visible_petition(case)
    if petition is not None:
        return petition.title
    first = case.ask.strip().split(". ")[0].strip()
    return first if first.endswith((".", "!", "?")) or not first else first + "."


def petitions_with_counts(cases: list[Case]) -> tuple[dict[int, Petition | None], dict[int, int]]:
    """For a list of cases: each case's visible petition, and those petitions' totals."""
    petitions = {case.id: visible_petition(case) for case in cases}
    counts = signature_counts([p.id for p in petitions.values() if p is not None])
    return petitions, counts


@dataclass(frozen=True)
class RunningTotals:
    """What every supporter did together, across every public case."""

    signatures: int = 0
    letters_written: int = 0
    letters_posted: int = 0


# The home page's totals, kept a few seconds per process (HOME_TOTALS_SECONDS): the
# busiest page of a campaign day need not count every shard on every view.
_totals_kept: tuple[float, RunningTotals] | None = None


def running_totals() -> RunningTotals:
    """Confirmed signatures on public cases' petitions, and their letters written (with
    what classrooms reported by hand) and posted: sums of the features' own counts
    (petitions.signature_counts, letters.letter_counts), so they agree with each case page."""
    global _totals_kept
    seconds = current_app.config["HOME_TOTALS_SECONDS"]
    now = time.monotonic()
    if seconds and _totals_kept is not None and _totals_kept[0] > now:
        return _totals_kept[1]
    cases = public_cases()
    petition_ids = [
        p.id for case in cases for p in case.petitions if p.status is not PetitionStatus.DRAFT
    ]
    letters = letter_counts([case.id for case in cases]).values()
    totals = RunningTotals(
        signatures=sum(signature_counts(petition_ids).values()),
        letters_written=sum(each.written + each.reported for each in letters),
        letters_posted=sum(each.posted for each in letters),
    )
    _totals_kept = (now + seconds, totals)
    return totals


def seed_demo_content() -> dict[str, int]:
    """Load the issue areas and demo cases, creating what is missing and updating the rest.

    Idempotent: keyed on slugs, so running it twice changes nothing the second time,
    and it never touches signatures.
    """
    from webapp.campaigns.demo_content import DEMO_CASES, DEMO_NEXT_STEPS, ISSUE_AREAS

    # Here, not at the top: the letters blueprint's views import this module.
    from webapp.letters.services import load_letter_texts

    created = {"issue_areas": 0, "cases": 0, "petitions": 0, "letter_texts": 0}
    areas: dict[str, IssueArea] = {}
    for data in ISSUE_AREAS:
        area = get_issue_area(data["slug"])
        if area is None:
            area = IssueArea(slug=data["slug"])
            db.session.add(area)
            created["issue_areas"] += 1
        area.name = data["name"]
        area.summary = data["summary"]
        area.facts = list(data["facts"])
        area.position = data["position"]
        areas[data["slug"]] = area
    db.session.flush()

    for data in DEMO_CASES:
        case = db.session.scalars(select(Case).where(Case.slug == data["slug"])).first()
        if case is None:
            case = Case(slug=data["slug"])
            db.session.add(case)
            created["cases"] += 1
        case.name = data["name"]
        case.country = data["country"]
        case.issue_area = areas[data["issue_area"]]
        case.headline = data["headline"]
        case.story = "\n\n".join(data["story"])
        stories = data.get("student_stories", {})
        case.story_under_11 = "\n\n".join(stories.get("under-11", []))
        case.story_11_13 = "\n\n".join(stories.get("11-13", []))
        case.story_14_18 = "\n\n".join(stories.get("14-18", []))
        case.ask = data["ask"]
        case.status = CaseStatus.PUBLISHED
        case.featured = data["featured"]
        case.solidarity_safe = data["solidarity_safe"]
        case.sender_address_allowed = data["sender_address_allowed"]
        case.card_first_name_only = data.get("card_first_name_only", False)
        case.safety_notes = data["safety_notes"]
        case.card_address = "\n".join(data.get("card_address", []))
        case.card_country = data.get("card_country", "")
        case.classroom_min_age = data.get("classroom_min_age", 0)
        case.photo_path = data["photo"]
        case.photo_alt = data["photo_alt"]
        _sync_targets(case, data["targets"])
        db.session.flush()
        created["letter_texts"] += load_letter_texts(case)

        petition_data = data["petition"]
        petition = db.session.scalars(
            select(Petition).where(Petition.slug == petition_data["slug"])
        ).first()
        if petition is None:
            petition = Petition(slug=petition_data["slug"], status=PetitionStatus.OPEN)
            db.session.add(petition)
            created["petitions"] += 1
        petition.case = case
        petition.target = case.targets[0]
        petition.title = petition_data["title"]
        petition.body = petition_data["body"]
        petition.goal = petition_data["goal"]
        petition.next_steps = petition_data.get("next_steps", DEMO_NEXT_STEPS)
    db.session.flush()
    log.info("seeded demo content: %s created", created)
    return created


def _sync_targets(case: Case, targets: list[dict]) -> None:
    existing = {target.position: target for target in case.targets}
    for position, data in enumerate(targets):
        target = existing.get(position)
        if target is None:
            target = Target(position=position)
            case.targets.append(target)
        target.name = data["name"]
        target.title = data["title"]
        target.salutation = data["salutation"]
        target.address = "\n".join(data["address_lines"])
        target.country = data["country"]
        target.language = data["language"]


# Organisers: issue areas.


def _check_issue_area(area: IssueArea | None, values: IssueAreaValues) -> None:
    editing.check_slug(
        IssueArea,
        area,
        values.slug,
        CampaignError,
        taken=_(
            "Another issue area already has the address “%(slug)s”. Please choose another.",
            slug=values.slug,
        ),
    )


def create_issue_area(actor: User, values: IssueAreaValues) -> IssueArea:
    """Add an issue area; audited."""
    _check_issue_area(None, values)
    area = IssueArea()
    editing.add(area, values, CampaignError)
    audit.record(actor, "issue_area.created", subject=area, summary=area.name, slug=area.slug)
    return area


def update_issue_area(actor: User, area: IssueArea, values: IssueAreaValues) -> list[str]:
    """Change an issue area; audited when something changed. Returns what changed."""
    _check_issue_area(area, values)
    changed = editing.save(area, values, CampaignError)
    if changed:
        audit.record(actor, "issue_area.updated", subject=area, summary=area.name, changed=changed)
    return changed


# Organisers: cases.


def cases() -> list[Case]:
    """Every case, drafts first, then by name."""
    order = {CaseStatus.DRAFT: 0, CaseStatus.PUBLISHED: 1, CaseStatus.GOOD_NEWS: 2}
    rows = db.session.scalars(
        select(Case).options(selectinload(Case.issue_area), selectinload(Case.photo))
    )
    return sorted(rows, key=lambda case: (order.get(case.status, 3), case.name.casefold()))


def get_case(case_id: int) -> Case | None:
    """A case with its targets, photo, petitions and issue area, whatever its status."""
    return db.session.scalars(
        select(Case)
        .where(Case.id == case_id)
        .options(
            selectinload(Case.targets),
            selectinload(Case.photo),
            selectinload(Case.petitions),
            selectinload(Case.issue_area),
        )
    ).first()


def _check_case(case: Case | None, values: CaseValues) -> None:
    editing.check_slug(
        Case,
        case,
        values.slug,
        CampaignError,
        taken=_(
            "Another case already has the address “%(slug)s”. Please choose another.",
            slug=values.slug,
        ),
    )
    if values.issue_area_id is not None and db.session.get(IssueArea, values.issue_area_id) is None:
        raise CampaignError(_("Please choose an issue area from the list."), "issue_area_id")
    if values.sender_address_allowed and not values.solidarity_safe:
        raise CampaignError(
            _(
                "Cards are not safe for this case, so senders cannot give their address either. "
                "Untick one, or tick “Solidarity cards are safe”."
            ),
            "sender_address_allowed",
        )
    if values.card_address.strip() and not values.card_country:
        raise CampaignError(_("Please choose the country of the card address."), "card_country")
    if len(values.safety_notes) > MAX_FIELD_CHARS:
        # Printed on every card: longer notes would not fit a card (issue 21, item 12).
        raise CampaignError(
            _(
                "Safety notes are printed on every card: please keep them to %(count)s characters.",
                count=format_number(MAX_FIELD_CHARS),
            ),
            "safety_notes",
        )
    if values.card_address.strip():
        _check_printable_address(
            [values.name], values.card_address, values.card_country, "card_address"
        )


def _check_printable_address(heading: list[str], address: str, country: str, field: str) -> None:
    """An address shows whole through the window of every envelope letters are posted in
    (webapp.printing.envelopes), with the lines printed above it (the name, a title) and
    the country line a writer abroad adds: the renderer refuses one that does not."""
    problem = envelopes.address_block_problem(heading, address, country)
    if problem is not None:
        raise CampaignError(str(problem), field)


@dataclass(frozen=True)
class UnfitAddress:
    case_slug: str
    whose: str  # the target's name, or "cards"
    problem: str


def unfit_addresses() -> list[UnfitAddress]:
    """Saved addresses that would not show whole through an envelope's window: those
    written before the CMS checked them. Letters to them are refused until they change."""
    found = []
    for case in db.session.scalars(
        select(Case).options(selectinload(Case.targets)).order_by(Case.slug)
    ):
        checks = [([t.name, t.title], t.address, t.country, t.name) for t in case.targets]
        if case.card_address.strip():
            checks.append(([case.name], case.card_address, case.card_country, "cards"))
        for heading, address, country, whose in checks:
            try:
                _check_printable_address(heading, address, country, "address")
            except CampaignError as error:
                found.append(UnfitAddress(case.slug, whose, str(error)))
    return found


def _check_status_change(before: CaseStatus, after: CaseStatus) -> None:
    if before is CaseStatus.DRAFT and after in (CaseStatus.CLOSED, CaseStatus.GOOD_NEWS):
        # Closed and good-news cases are public pages: closing a draft would publish it.
        raise CampaignError(
            _(
                "A draft cannot be closed or marked as good news: those cases are public. "
                "Publish it first, or keep it as a draft."
            ),
            "status",
        )


def create_case(actor: User, values: CaseValues, status: CaseStatus = CaseStatus.DRAFT) -> Case:
    """Add a case (a draft unless told otherwise); audited."""
    _check_case(None, values)
    _check_status_change(CaseStatus.DRAFT, status)
    case = Case(status=status)
    editing.add(case, values, CampaignError)
    audit.record(
        actor, "case.created", subject=case, summary=case.name, slug=case.slug, status=status.value
    )
    if status is not CaseStatus.DRAFT:
        audit.record(actor, CASE_STATUS_ACTIONS[status], subject=case, summary=case.name)
    return case


def update_case(
    actor: User, case: Case, values: CaseValues, status: CaseStatus | None = None
) -> list[str]:
    """Change a case's text and settings (and its status, if given); audited."""
    _check_case(case, values)
    if status is not None:
        _check_status_change(case.status, status)
    changed = editing.save(case, values, CampaignError)
    if changed:
        audit.record(actor, "case.updated", subject=case, summary=case.name, changed=changed)
    if status is not None and status is not case.status:
        change_case_status(actor, case, status)
        changed.append("status")
    return changed


def change_case_status(actor: User, case: Case, status: CaseStatus) -> Case:
    """Publish, close, mark as good news or take back to draft; audited."""
    if case.status is status:
        return case
    before = case.status
    _check_status_change(before, status)
    case.status = status
    editing.flush(CampaignError)
    audit.record(
        actor,
        CASE_STATUS_ACTIONS[status],
        subject=case,
        summary=f"{case.name}: {before.value} → {status.value}",
        before=before.value,
        after=status.value,
    )
    log.info("case %s is now %s (user %s)", case.slug, status.value, actor.id)
    return case


def publish_case(actor: User, case: Case) -> Case:
    """Make a case public."""
    return change_case_status(actor, case, CaseStatus.PUBLISHED)


def close_case(actor: User, case: Case) -> Case:
    """Close a public case: its page stays, its petition and letters stop."""
    if case.status is CaseStatus.DRAFT:
        raise CampaignError(
            _("This case is a draft, so there is nothing to close: closed cases are public.")
        )
    return change_case_status(actor, case, CaseStatus.CLOSED)


# Organisers: photos.


def set_case_photo(
    actor: User, case: Case, data: bytes, alt: str, limits: PhotoLimits | None = None
) -> CasePhoto:
    """Check, re-encode and keep an uploaded photo (replacing any before); audited."""
    alt = alt.strip()
    if not alt:
        raise CampaignError(_("Please describe the photo for people who cannot see it."), "alt")
    try:
        processed = process_photo(data, limits)
    except PhotoError as error:
        raise CampaignError(str(error), "photo") from error
    photo = case.photo or CasePhoto()
    photo.content = processed.content
    photo.mime_type = processed.mime_type
    photo.width = processed.width
    photo.height = processed.height
    photo.byte_size = len(processed.content)
    photo.digest = hashlib.sha256(processed.content).hexdigest()
    photo.uploaded_at = utcnow()
    case.photo = photo
    case.photo_alt = alt
    editing.flush(CampaignError)
    audit.record(
        actor,
        "case.photo_uploaded",
        subject=case,
        summary=f"{case.name}: {photo.width} × {photo.height}",
        uploaded_bytes=len(data),
        stored_bytes=photo.byte_size,
        width=photo.width,
        height=photo.height,
    )
    return photo


def set_photo_alt(actor: User, case: Case, alt: str) -> None:
    """Change the description of the case's photo; audited when it changed."""
    alt = alt.strip()
    if not alt:
        raise CampaignError(_("Please describe the photo for people who cannot see it."), "alt")
    if not case.has_photo:
        raise CampaignError(_("Please choose a photo to upload."), "photo")
    if alt != case.photo_alt:
        case.photo_alt = alt
        editing.flush(CampaignError)
        audit.record(actor, "case.photo_alt_changed", subject=case, summary=case.name)


def remove_case_photo(actor: User, case: Case) -> None:
    """Take the case's photo down (an uploaded one, and a seeded illustration); audited."""
    if not case.has_photo:
        return
    case.photo = None
    case.photo_path = None
    editing.flush(CampaignError)
    audit.record(actor, "case.photo_removed", subject=case, summary=case.name)


# Organisers: targets.


def get_target(target_id: int) -> Target | None:
    """A target with its case."""
    return db.session.scalars(
        select(Target).where(Target.id == target_id).options(selectinload(Target.case))
    ).first()


def target_choices() -> list[tuple[Target, Case]]:
    """Every target with its case, for choosing whom a petition is addressed to."""
    rows = db.session.execute(
        select(Target, Case)
        .join(Case, Target.case_id == Case.id)
        .order_by(Case.name, Target.position)
    ).all()
    return [(target, case) for target, case in rows]


def add_target(actor: User, case: Case, values: TargetValues) -> Target:
    """Add someone a case asks letters of, after those already listed; audited."""
    editing.check_language(values.language, CampaignError)
    _check_printable_address([values.name, values.title], values.address, values.country, "address")
    position = db.session.scalar(
        select(func.coalesce(func.max(Target.position), -1)).where(Target.case_id == case.id)
    )
    target = Target(case=case, position=position + 1)
    editing.add(target, values, CampaignError)
    audit.record(
        actor,
        "target.created",
        subject=target,
        summary=f"{target.name} for {case.name}",
        case_id=case.id,
    )
    return target


def update_target(actor: User, target: Target, values: TargetValues) -> list[str]:
    """Change a target's details; audited when something changed."""
    editing.check_language(values.language, CampaignError)
    _check_printable_address([values.name, values.title], values.address, values.country, "address")
    changed = editing.save(target, values, CampaignError)
    if changed:
        audit.record(
            actor,
            "target.updated",
            subject=target,
            summary=f"{target.name} for {target.case.name}",
            case_id=target.case_id,
            changed=changed,
        )
    return changed


def remove_target(actor: User, target: Target) -> None:
    """Remove a target no petition or letter is addressed to; audited."""
    petitions = db.session.scalars(
        select(Petition.title).where(Petition.target_id == target.id)
    ).all()
    if petitions:
        raise CampaignError(
            _(
                "The petition “%(title)s” is addressed to %(name)s. Address it to someone else "
                "first.",
                title=petitions[0],
                name=target.name,
            )
        )
    letters = db.session.scalar(
        select(func.count()).select_from(Letter).where(Letter.target_id == target.id)
    )
    if letters:
        raise CampaignError(
            ngettext(
                "%(num)d letter is addressed to %(name)s, who therefore stays listed: the "
                "letters' writers need the address to post them.",
                "%(num)d letters are addressed to %(name)s, who therefore stays listed: the "
                "letters' writers need the address to post them.",
                letters,
                name=target.name,
            )
        )
    audit.record(
        actor,
        "target.removed",
        subject=target,
        summary=f"{target.name} for {target.case.name}",
        case_id=target.case_id,
    )
    case = target.case
    case.targets.remove(target)
    editing.flush(CampaignError)
