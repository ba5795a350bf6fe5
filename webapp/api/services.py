"""What the public API says about petitions and case updates: public fields only, never
signer data."""

from __future__ import annotations

from typing import Any

from webapp.extensions import db
from webapp.models import Case, Petition
from webapp.petitions.services import public_petition_query, signature_counts
from webapp.updates import services as updates
from webapp.web.urls import external_url


def petition_document(petition: Petition, count: int) -> dict[str, Any]:
    """The JSON form of one petition."""
    return {
        "slug": petition.slug,
        "title": petition.title,
        "body": petition.body,
        "status": petition.status.value,
        "goal": petition.goal,
        "signature_count": count,
        "case": petition.case.slug if petition.case else None,
        "target": (
            {"name": petition.target.name, "title": petition.target.title}
            if petition.target
            else None
        ),
        "opens_at": petition.opens_at.isoformat() if petition.opens_at else None,
        "closes_at": petition.closes_at.isoformat() if petition.closes_at else None,
        "url": external_url("petitions.detail", slug=petition.slug),
    }


def list_petitions(*, page: int, per_page: int) -> dict[str, Any]:
    """A page of public petitions with their counts."""
    query = public_petition_query()
    total = (
        db.session.scalar(query.with_only_columns(db.func.count(Petition.id)).order_by(None)) or 0
    )
    petitions = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    counts = signature_counts([p.id for p in petitions])
    return {
        "data": [petition_document(p, counts[p.id]) for p in petitions],
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
