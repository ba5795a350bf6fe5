"""What the public API says about petitions and case updates: public fields only, never
signer data."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import selectinload

from webapp.campaigns import translations
from webapp.extensions import db
from webapp.models import Case, Petition, Target
from webapp.petitions.services import public_petition_query, signature_counts
from webapp.updates import services as updates
from webapp.web.urls import external_url


def petition_document(petition: Petition, count: int, language: str) -> dict[str, Any]:
    """The JSON form of one petition, its texts in `language` where translated."""
    local = translations.localised(petition, language)
    return {
        "slug": petition.slug,
        "title": str(local.title),
        "body": str(local.body),
        "language": local.title.lang,
        "status": petition.status.value,
        "goal": petition.goal,
        "signature_count": count,
        "case": petition.case.slug if petition.case else None,
        "target": (
            {"name": petition.target.name, "title": str(local.target.title)}
            if petition.target
            else None
        ),
        "opens_at": petition.opens_at.isoformat() if petition.opens_at else None,
        "closes_at": petition.closes_at.isoformat() if petition.closes_at else None,
        "url": external_url("petitions.detail", slug=petition.slug),
    }


def list_petitions(*, page: int, per_page: int, language: str) -> dict[str, Any]:
    """A page of public petitions with their counts."""
    query = public_petition_query()
    total = (
        db.session.scalar(query.with_only_columns(db.func.count(Petition.id)).order_by(None)) or 0
    )
    page_query = query.limit(per_page).offset((page - 1) * per_page)
    # Their translations in two queries, not two a petition.
    page_query = page_query.options(
        selectinload(Petition.translations),
        selectinload(Petition.target).selectinload(Target.translations),
    )
    petitions = list(db.session.scalars(page_query))
    counts = signature_counts([p.id for p in petitions])
    return {
        "data": [petition_document(p, counts[p.id], language) for p in petitions],
        "meta": {"page": page, "per_page": per_page, "total": total},
    }


def case_updates(case: Case, language: str) -> list[dict[str, Any]]:
    """A case's published updates as JSON, each in `language` where translated."""
    documents = []
    for update in updates.published_updates(case):
        text = updates.text_for(update, language)
        documents.append(
            {
                "id": update.id,
                "kind": update.kind.value,
                "good_news": update.kind.is_good_news,
                "date": update.happened_on.isoformat(),
                "published_at": update.published_at.isoformat(),
                "language": text.language,
                "languages": [update.language, *(t.language for t in update.texts)],
                "title": text.title,
                "html": str(text.html),
                "url": updates.update_url(update),
            }
        )
    return documents


def case_document(case: Case, language: str) -> dict[str, Any]:
    """The JSON form of one public case, its texts in `language` where translated (each
    text says its language: an untranslated one is the original)."""
    local = translations.localised(case, language)
    texts = {field: getattr(local, field) for field in ("name", "headline", "story", "ask")}
    area = local.issue_area
    return {
        "slug": case.slug,
        "status": case.status.value,
        "country": case.country,
        **{field: str(text) for field, text in texts.items()},
        "language": language,
        "text_languages": {field: text.lang for field, text in texts.items()},
        "original_language": translations.original_language(case),
        "languages": translations.available_languages(case),
        "issue_area": (
            {"slug": area.slug, "name": str(area.name), "language": area.name.lang}
            if area is not None
            else None
        ),
        "url": external_url("campaigns.case_detail", slug=case.slug),
    }
