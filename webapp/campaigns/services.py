"""What the public sees of issue areas and cases, and loading the demo content."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import selectinload, undefer

from webapp.extensions import db
from webapp.models import (
    PUBLIC_CASE_STATUSES,
    Case,
    CasePhoto,
    CaseStatus,
    IssueArea,
    Petition,
    PetitionStatus,
    Target,
)
from webapp.petitions.services import signature_counts

log = logging.getLogger(__name__)


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


def petitions_with_counts(cases: list[Case]) -> tuple[dict[int, Petition | None], dict[int, int]]:
    """For a list of cases: each case's visible petition, and those petitions' totals."""
    petitions = {case.id: visible_petition(case) for case in cases}
    counts = signature_counts([p.id for p in petitions.values() if p is not None])
    return petitions, counts


def seed_demo_content() -> dict[str, int]:
    """Load the issue areas and demo cases, creating what is missing and updating the rest.

    Idempotent: keyed on slugs, so running it twice changes nothing the second time,
    and it never touches signatures.
    """
    from webapp.campaigns.demo_content import DEMO_CASES, ISSUE_AREAS

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
        case.ask = data["ask"]
        case.status = CaseStatus.PUBLISHED
        case.featured = data["featured"]
        case.solidarity_safe = data["solidarity_safe"]
        case.sender_address_allowed = data["sender_address_allowed"]
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
