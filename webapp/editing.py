"""The steps every organiser-side editing service takes the same way.

Issue areas, cases and targets (webapp.campaigns), petitions (webapp.petitions) and letter
texts (webapp.letters) each keep their rules in their own feature; what they share is here:
the shape of a page address (slug) and whether another row has it, a language code we
know, copying a form's values onto a row, and a flush that answers a unique index's
refusal in plain words.

It sits in the spine, beside domain.py and audit.py, and knows no feature: it imports only
the database and DomainError. So all three features import it and none of them has to
import another for it (kept in campaigns/, it would make letters depend on campaigns, and
campaigns already imports petitions and letters). Each helper raises the calling
feature's own error class, passed as `error`, so a refusal reads as that feature's.
"""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Any

from babel import Locale, UnknownLocaleError
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp.domain import DomainError
from webapp.extensions import db

# Lowercase letters and digits in words joined by single hyphens: "leyla-ahmadi".
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX_CHARS = 80


def apply(row: Any, values: Any) -> list[str]:
    """Copy the values (a dataclass) onto the row; the names of the fields that changed."""
    changed = []
    for item in fields(values):
        new = getattr(values, item.name)
        if getattr(row, item.name) != new:
            setattr(row, item.name, new)
            changed.append(item.name)
    return changed


def flush(error: type[DomainError]) -> None:
    """Flush the session; a unique index's refusal becomes `error`, in plain words."""
    try:
        db.session.flush()
    except IntegrityError as integrity_error:
        # Two organisers saving the same address at the same moment: the database's
        # unique index decides, and the second is told plainly.
        raise error(
            _(
                "Someone else saved something with the same address or language at the same "
                "moment. Please check the form and save again."
            )
        ) from integrity_error


def add(row: Any, values: Any, error: type[DomainError]) -> None:
    """Copy the values onto a new row, add it and flush (refusals as `error`)."""
    apply(row, values)
    db.session.add(row)
    flush(error)


def save(row: Any, values: Any, error: type[DomainError]) -> list[str]:
    """Copy the values onto a row and flush if anything changed (refusals as `error`);
    the names of the fields that changed."""
    changed = apply(row, values)
    if changed:
        flush(error)
    return changed


def check_slug(model: type, row: Any, slug: str, error: type[DomainError], *, taken: str) -> None:
    """Refuse a page address that is not lowercase words joined by hyphens, is too long,
    or that another row of `model` than `row` (None for a new one) has: `taken` says so
    in the feature's words."""
    if not SLUG_PATTERN.fullmatch(slug) or len(slug) > SLUG_MAX_CHARS:
        raise error(
            _(
                "Please use only lowercase letters, digits and single hyphens between them, "
                "such as leyla-ahmadi."
            ),
            "slug",
        )
    query = select(model.id).where(model.slug == slug)
    if row is not None:
        query = query.where(model.id != row.id)
    if db.session.scalar(query) is not None:
        raise error(taken, "slug")


def check_language(code: str, error: type[DomainError], field: str = "language") -> None:
    """Refuse language codes no one knows (a letter's language picks its fonts and names)."""
    try:
        Locale.parse(code, sep="-")
    except (ValueError, UnknownLocaleError) as unknown:
        raise error(
            _(
                "We do not know the language code “%(code)s”. Please use a code such as en, es, "
                "fa or pt-BR.",
                code=code,
            ),
            field,
        ) from unknown
