"""Content rules: what organisers may write, publish and close, each change audited.

Services take plain values (the dataclasses below), flush but never commit, and raise
ContentError with a message fit for the form (and, when it is about one field, its name).
Every change writes an audit event in the same transaction as the change itself.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from babel import Locale, UnknownLocaleError
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from webapp import audit
from webapp.content.photos import PhotoError, PhotoLimits, process_photo
from webapp.domain import DomainError
from webapp.extensions import db
from webapp.models import (
    Case,
    CasePhoto,
    CaseStatus,
    IssueArea,
    Letter,
    LetterKind,
    LetterTemplate,
    Petition,
    PetitionStatus,
    Target,
    User,
    utcnow,
)
from webapp.printing import pdf

log = logging.getLogger(__name__)

# Lowercase letters and digits in words joined by single hyphens: "leyla-ahmadi".
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX_CHARS = 80
# The values a letter text's body may use, as {{ person }}.
LETTER_TEXT_VALUES = ("person",)

CASE_STATUS_ACTIONS = {
    CaseStatus.DRAFT: "case.unpublished",
    CaseStatus.PUBLISHED: "case.published",
    CaseStatus.CLOSED: "case.closed",
    CaseStatus.GOOD_NEWS: "case.good_news",
}
PETITION_STATUS_ACTIONS = {
    PetitionStatus.DRAFT: "petition.unpublished",
    PetitionStatus.OPEN: "petition.opened",
    PetitionStatus.CLOSED: "petition.closed",
}


class ContentError(DomainError):
    """A content rule was broken; the message is fit to show the organiser.

    `field` names the form field it is about, when it is about one."""


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
    safety_notes: str
    card_address: str
    card_country: str
    classroom_min_age: int


@dataclass(frozen=True)
class TargetValues:
    name: str
    title: str
    salutation: str
    address: str
    country: str
    language: str


@dataclass(frozen=True)
class PetitionValues:
    slug: str
    title: str
    body: str
    case_id: int | None
    target_id: int | None
    goal: int
    opens_at: datetime | None
    closes_at: datetime | None


@dataclass(frozen=True)
class LetterTextValues:
    kind: LetterKind
    language: str
    salutation: str
    closing: str
    body: str
    key_points: list[str]
    tips: list[str]


def _apply(row: Any, values: Any) -> list[str]:
    """Copy the values onto the row; the names of the fields that changed."""
    changed = []
    for item in fields(values):
        new = getattr(values, item.name)
        if getattr(row, item.name) != new:
            setattr(row, item.name, new)
            changed.append(item.name)
    return changed


def _flush() -> None:
    try:
        db.session.flush()
    except IntegrityError as error:
        # Two organisers saving the same address at the same moment: the database's
        # unique index decides, and the second is told plainly.
        raise ContentError(
            _(
                "Someone else saved something with the same address or language at the same "
                "moment. Please check the form and save again."
            )
        ) from error


def _slug_taken(what: str, slug: str) -> str:
    """The refusal of an address that another issue area, case or petition has."""
    if what == "case":
        return _(
            "Another case already has the address “%(slug)s”. Please choose another.", slug=slug
        )
    if what == "petition":
        return _(
            "Another petition already has the address “%(slug)s”. Please choose another.", slug=slug
        )
    return _(
        "Another issue area already has the address “%(slug)s”. Please choose another.", slug=slug
    )


def _check_slug(model: type, slug: str, current_id: int | None, what: str) -> None:
    if not SLUG_PATTERN.fullmatch(slug) or len(slug) > SLUG_MAX_CHARS:
        raise ContentError(
            _(
                "Please use only lowercase letters, digits and single hyphens between them, "
                "such as leyla-ahmadi."
            ),
            "slug",
        )
    query = select(model.id).where(model.slug == slug)
    if current_id is not None:
        query = query.where(model.id != current_id)
    if db.session.scalar(query) is not None:
        raise ContentError(_slug_taken(what, slug), "slug")


def check_language(code: str, field: str = "language") -> None:
    """Refuse language codes no one knows (a letter's language picks its fonts and names)."""
    try:
        Locale.parse(code, sep="-")
    except (ValueError, UnknownLocaleError) as error:
        raise ContentError(
            _(
                "We do not know the language code “%(code)s”. Please use a code such as en, es, "
                "fa or pt-BR.",
                code=code,
            ),
            field,
        ) from error


# Issue areas.


def issue_areas() -> list[IssueArea]:
    """Every issue area, in the organisation's order."""
    return list(db.session.scalars(select(IssueArea).order_by(IssueArea.position, IssueArea.id)))


def create_issue_area(actor: User, values: IssueAreaValues) -> IssueArea:
    """Add an issue area; audited."""
    _check_slug(IssueArea, values.slug, None, "issue area")
    area = IssueArea()
    _apply(area, values)
    db.session.add(area)
    _flush()
    audit.record(actor, "issue_area.created", subject=area, summary=area.name, slug=area.slug)
    return area


def update_issue_area(actor: User, area: IssueArea, values: IssueAreaValues) -> list[str]:
    """Change an issue area; audited when something changed. Returns what changed."""
    _check_slug(IssueArea, values.slug, area.id, "issue area")
    changed = _apply(area, values)
    if changed:
        _flush()
        audit.record(actor, "issue_area.updated", subject=area, summary=area.name, changed=changed)
    return changed


# Cases.


def cases() -> list[Case]:
    """Every case, drafts first, then by name."""
    order = {CaseStatus.DRAFT: 0, CaseStatus.PUBLISHED: 1, CaseStatus.GOOD_NEWS: 2}
    rows = db.session.scalars(
        select(Case).options(selectinload(Case.issue_area), selectinload(Case.photo))
    )
    return sorted(rows, key=lambda case: (order.get(case.status, 3), case.name.casefold()))


def get_case(case_id: int) -> Case | None:
    """A case with its targets, photo, petitions and issue area."""
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
    _check_slug(Case, values.slug, case.id if case else None, "case")
    if values.issue_area_id is not None and db.session.get(IssueArea, values.issue_area_id) is None:
        raise ContentError(_("Please choose an issue area from the list."), "issue_area_id")
    if values.sender_address_allowed and not values.solidarity_safe:
        raise ContentError(
            _(
                "Cards are not safe for this case, so senders cannot give their address either. "
                "Untick one, or tick “Solidarity cards are safe”."
            ),
            "sender_address_allowed",
        )
    if values.card_address.strip() and not values.card_country:
        raise ContentError(_("Please choose the country of the card address."), "card_country")


def _check_status_change(before: CaseStatus, after: CaseStatus) -> None:
    if before is CaseStatus.DRAFT and after in (CaseStatus.CLOSED, CaseStatus.GOOD_NEWS):
        # Closed and good-news cases are public pages: closing a draft would publish it.
        raise ContentError(
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
    _apply(case, values)
    db.session.add(case)
    _flush()
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
    changed = _apply(case, values)
    if changed:
        _flush()
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
    _flush()
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
        raise ContentError(
            _("This case is a draft, so there is nothing to close: closed cases are public.")
        )
    return change_case_status(actor, case, CaseStatus.CLOSED)


# Photos.


def set_case_photo(
    actor: User, case: Case, data: bytes, alt: str, limits: PhotoLimits | None = None
) -> CasePhoto:
    """Check, re-encode and keep an uploaded photo (replacing any before); audited."""
    alt = alt.strip()
    if not alt:
        raise ContentError(_("Please describe the photo for people who cannot see it."), "alt")
    try:
        processed = process_photo(data, limits)
    except PhotoError as error:
        raise ContentError(str(error), "photo") from error
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
    _flush()
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
        raise ContentError(_("Please describe the photo for people who cannot see it."), "alt")
    if not case.has_photo:
        raise ContentError(_("Please choose a photo to upload."), "photo")
    if alt != case.photo_alt:
        case.photo_alt = alt
        _flush()
        audit.record(actor, "case.photo_alt_changed", subject=case, summary=case.name)


def remove_case_photo(actor: User, case: Case) -> None:
    """Take the case's photo down (an uploaded one, and a seeded illustration); audited."""
    if not case.has_photo:
        return
    case.photo = None
    case.photo_path = None
    _flush()
    audit.record(actor, "case.photo_removed", subject=case, summary=case.name)


# Targets.


def get_target(target_id: int) -> Target | None:
    """A target with its case."""
    return db.session.scalars(
        select(Target).where(Target.id == target_id).options(selectinload(Target.case))
    ).first()


def add_target(actor: User, case: Case, values: TargetValues) -> Target:
    """Add someone a case asks letters of, after those already listed; audited."""
    check_language(values.language)
    position = db.session.scalar(
        select(func.coalesce(func.max(Target.position), -1)).where(Target.case_id == case.id)
    )
    target = Target(case=case, position=position + 1)
    _apply(target, values)
    db.session.add(target)
    _flush()
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
    check_language(values.language)
    changed = _apply(target, values)
    if changed:
        _flush()
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
        raise ContentError(
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
        raise ContentError(
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
    _flush()


# Petitions.


def petitions() -> list[Petition]:
    """Every petition, drafts first, newest first."""
    rows = db.session.scalars(
        select(Petition).options(selectinload(Petition.case)).order_by(Petition.id.desc())
    )
    return sorted(rows, key=lambda p: p.status is not PetitionStatus.DRAFT)


def get_petition(petition_id: int) -> Petition | None:
    """A petition with its case and target."""
    return db.session.scalars(
        select(Petition)
        .where(Petition.id == petition_id)
        .options(selectinload(Petition.case), selectinload(Petition.target))
    ).first()


def target_choices() -> list[tuple[Target, Case]]:
    """Every target with its case, for choosing whom a petition is addressed to."""
    rows = db.session.execute(
        select(Target, Case)
        .join(Case, Target.case_id == Case.id)
        .order_by(Case.name, Target.position)
    ).all()
    return [(target, case) for target, case in rows]


def _check_petition(petition: Petition | None, values: PetitionValues) -> None:
    _check_slug(Petition, values.slug, petition.id if petition else None, "petition")
    if values.case_id is not None and db.session.get(Case, values.case_id) is None:
        raise ContentError(_("Please choose a case from the list."), "case_id")
    if values.target_id is not None:
        target = db.session.get(Target, values.target_id)
        if target is None:
            raise ContentError(
                _("Please choose whom the petition is addressed to from the list."), "target_id"
            )
        if values.case_id is None:
            raise ContentError(
                _(
                    "Please choose the petition's case too: the people it is addressed to are "
                    "listed on their case."
                ),
                "case_id",
            )
        if target.case_id != values.case_id:
            raise ContentError(
                _(
                    "%(name)s is a target of another case. Please choose one of this case's "
                    "targets.",
                    name=target.name,
                ),
                "target_id",
            )
    if values.opens_at and values.closes_at and values.closes_at <= values.opens_at:
        raise ContentError(_("The petition must close after it opens."), "closes_at")


def create_petition(
    actor: User, values: PetitionValues, status: PetitionStatus = PetitionStatus.DRAFT
) -> Petition:
    """Add a petition (a draft unless told otherwise); audited."""
    _check_petition(None, values)
    petition = Petition(status=status)
    _apply(petition, values)
    db.session.add(petition)
    _flush()
    audit.record(
        actor,
        "petition.created",
        subject=petition,
        summary=petition.title,
        slug=petition.slug,
        status=status.value,
    )
    return petition


def update_petition(
    actor: User, petition: Petition, values: PetitionValues, status: PetitionStatus | None = None
) -> list[str]:
    """Change a petition (and its status, if given); audited."""
    _check_petition(petition, values)
    changed = _apply(petition, values)
    if changed:
        _flush()
        audit.record(
            actor, "petition.updated", subject=petition, summary=petition.title, changed=changed
        )
    if status is not None and status is not petition.status:
        change_petition_status(actor, petition, status)
        changed.append("status")
    return changed


def change_petition_status(actor: User, petition: Petition, status: PetitionStatus) -> Petition:
    """Open, close or take back to draft; audited. Signatures are never touched."""
    if petition.status is status:
        return petition
    before = petition.status
    petition.status = status
    # Retention counts from the moment it closed (webapp.privacy.services).
    petition.closed_at = utcnow() if status is PetitionStatus.CLOSED else None
    _flush()
    audit.record(
        actor,
        PETITION_STATUS_ACTIONS[status],
        subject=petition,
        summary=f"{petition.title}: {before.value} → {status.value}",
        before=before.value,
        after=status.value,
    )
    return petition


# Letter texts.


def letter_texts(case: Case) -> list[LetterTemplate]:
    """A case's letter texts: appeals first, then cards, English first, then by language."""
    rows = db.session.scalars(select(LetterTemplate).where(LetterTemplate.case_id == case.id))
    return sorted(rows, key=lambda t: (t.kind.value != "appeal", t.language != "en", t.language))


def get_letter_text(template_id: int) -> LetterTemplate | None:
    """A letter text with its case."""
    return db.session.scalars(
        select(LetterTemplate)
        .where(LetterTemplate.id == template_id)
        .options(selectinload(LetterTemplate.case))
    ).first()


def render_letter_text(case: Case, body: str) -> str:
    """The body as a writer will see it, or ContentError saying why it does not work."""
    try:
        return pdf.render_text(body, {"person": case.name})
    except pdf.TextTemplateError as error:
        reason = str(error).rstrip(".")
        raise ContentError(
            _(
                "This text does not work as a letter: %(reason)s. The only placeholder is "
                "{{ person }}, the case's name; write everything else as plain text.",
                reason=reason,
            ),
            "body",
        ) from error


def _check_letter_text(case: Case, template: LetterTemplate | None, values: LetterTextValues):
    check_language(values.language)
    query = select(LetterTemplate.id).where(
        LetterTemplate.case_id == case.id,
        LetterTemplate.kind == values.kind,
        LetterTemplate.language == values.language,
    )
    if template is not None:
        query = query.where(LetterTemplate.id != template.id)
    if db.session.scalar(query) is not None:
        raise ContentError(
            _(
                "This case already has an appeal text in “%(language)s”. Edit that one instead.",
                language=values.language,
            )
            if values.kind is LetterKind.APPEAL
            else _(
                "This case already has a card text in “%(language)s”. Edit that one instead.",
                language=values.language,
            ),
            "language",
        )
    if values.kind is LetterKind.CARD and not values.salutation:
        # A card goes to the person, not to a target with a salutation of its own.
        raise ContentError(_("A card needs its greeting, such as “Dear Leyla,”."), "salutation")
    render_letter_text(case, values.body)


def create_letter_text(actor: User, case: Case, values: LetterTextValues) -> LetterTemplate:
    """Add a case's letter text in one kind and language; audited."""
    _check_letter_text(case, None, values)
    template = LetterTemplate(case=case)
    _apply(template, values)
    db.session.add(template)
    _flush()
    audit.record(
        actor,
        "letter_text.created",
        subject=template,
        summary=f"{case.name}: {values.kind.value} in {values.language}",
        case_id=case.id,
    )
    return template


def update_letter_text(actor: User, template: LetterTemplate, values: LetterTextValues):
    """Change a letter text; audited when something changed. Letters already written
    keep their own words."""
    _check_letter_text(template.case, template, values)
    changed = _apply(template, values)
    if changed:
        _flush()
        audit.record(
            actor,
            "letter_text.updated",
            subject=template,
            summary=f"{template.case.name}: {template.kind.value} in {template.language}",
            case_id=template.case_id,
            changed=changed,
        )
    return changed
