"""The rules of case updates: writing, translating and publishing them, and what the
public sees of them (the case page, the home page's good news, the feeds and the API).

An update is written in one language, with translations beside it; a reader gets the
text in their language where there is one, else the original, marked with its language.
Publishing may also move the case to a new status (good news), in the same transaction.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp import audit, editing
from webapp.campaigns import services as campaigns
from webapp.campaigns.photos import PhotoError, PhotoLimits, process_photo
from webapp.domain import DomainError
from webapp.extensions import db
from webapp.models import (
    PUBLIC_CASE_STATUSES,
    Case,
    CaseStatus,
    CaseUpdate,
    CaseUpdateText,
    UpdateKind,
    User,
    utcnow,
)
from webapp.utils.markdown import render_markdown
from webapp.web.urls import external_url

log = logging.getLogger(__name__)

TITLE_MAX_CHARS = 200
BODY_MAX_CHARS = 10_000
# How many updates a feed or the good-news strip holds.
FEED_SIZE = 50
GOOD_NEWS_SIZE = 3

KIND_LABELS = {
    UpdateKind.RELEASED: _l("Good news: released"),
    UpdateKind.CHARGES_DROPPED: _l("Good news: charges dropped"),
    UpdateKind.SENTENCE_COMMUTED: _l("Good news: sentence commuted"),
    UpdateKind.AUTHORITY_RESPONSE: _l("Response from the authority"),
    UpdateKind.TRANSFERRED: _l("Transferred"),
    UpdateKind.PETITION_DELIVERED: _l("Petition delivered"),
    UpdateKind.OTHER: _l("Update"),
}


class UpdateError(DomainError):
    """An update the rules refuse."""


@dataclass(frozen=True)
class UpdateValues:
    kind: UpdateKind
    happened_on: date
    language: str
    title: str
    body: str


@dataclass(frozen=True)
class UpdateText:
    """An update as one reader sees it: the title and HTML in `language`, which is the
    reader's where a translation exists (`translated`), else the original's."""

    update: CaseUpdate
    language: str
    title: str
    html: str
    translated: bool


def create_update(actor: User, case: Case, values: UpdateValues) -> CaseUpdate:
    """Write a draft update on a case; audited."""
    _check(values)
    update = CaseUpdate(case=case)
    editing.add(update, values, UpdateError)
    audit.record(actor, "update.created", subject=update, summary=f"{case.name}: {values.title}")
    return update


def edit_update(actor: User, update: CaseUpdate, values: UpdateValues) -> list[str]:
    """Change an update (a published one too: a correction); audited."""
    _check(values)
    if values.language != update.language and any(
        text.language == values.language for text in update.texts
    ):
        raise UpdateError(
            _("There is already a translation in that language: remove it first."), "language"
        )
    changed = editing.save(update, values, UpdateError)
    if changed:
        audit.record(actor, "update.edited", subject=update, summary=update.title, changed=changed)
    return changed


def save_translation(actor: User, update: CaseUpdate, language: str, title: str, body: str):
    """Add or change the update's text in another language; audited."""
    _check_text(title, body)
    if language == update.language:
        raise UpdateError(_("That is the update's own language: edit the update instead."))
    text = next((t for t in update.texts if t.language == language), None)
    if text is None:
        text = CaseUpdateText(language=language, title=title, body=body)
        update.texts.append(text)
    else:
        text.title, text.body = title, body
    editing.flush(UpdateError)
    audit.record(
        actor, "update.translated", subject=update, summary=update.title, language=language
    )
    return text


def remove_translation(actor: User, update: CaseUpdate, language: str) -> None:
    """Take away one translation; audited."""
    text = next((t for t in update.texts if t.language == language), None)
    if text is None:
        return
    update.texts.remove(text)
    editing.flush(UpdateError)
    audit.record(
        actor, "update.untranslated", subject=update, summary=update.title, language=language
    )


def publish_update(actor: User, update: CaseUpdate, case_status: CaseStatus | None = None) -> None:
    """Make an update public, and move its case to `case_status` if given (good news);
    audited. Only a public case's updates can be published."""
    if update.case.status not in PUBLIC_CASE_STATUSES:
        raise UpdateError(_("Publish the case first: its updates are shown on its page."))
    if update.published_at is None:
        update.published_at = utcnow()
        editing.flush(UpdateError)
        audit.record(actor, "update.published", subject=update, summary=update.title)
        log.info("update %s on %s published (user %s)", update.id, update.case.slug, actor.id)
    if case_status is not None:
        campaigns.change_case_status(actor, update.case, case_status)


def set_update_photo(
    actor: User, update: CaseUpdate, data: bytes | None, alt: str, limits: PhotoLimits
) -> None:
    """Keep an uploaded photo with the update (checked and re-encoded as a case's photo,
    replacing any before), or, with no data, change its description; audited."""
    alt = alt.strip()
    if not alt:
        raise UpdateError(_("Please describe the photo for people who cannot see it."), "alt")
    if data is None:
        if not update.photo_digest:
            raise UpdateError(_("Please choose a photo to upload."), "photo")
        update.photo_alt = alt
        editing.flush(UpdateError)
        audit.record(actor, "update.photo_alt_changed", subject=update, summary=update.title)
        return
    try:
        processed = process_photo(data, limits)
    except PhotoError as error:
        raise UpdateError(str(error), "photo") from error
    update.photo = processed.content
    update.photo_mime = processed.mime_type
    update.photo_width, update.photo_height = processed.width, processed.height
    update.photo_digest = hashlib.sha256(processed.content).hexdigest()
    update.photo_alt = alt
    editing.flush(UpdateError)
    audit.record(
        actor,
        "update.photo_uploaded",
        subject=update,
        summary=f"{update.title}: {processed.width} × {processed.height}",
        stored_bytes=len(processed.content),
    )


def remove_update_photo(actor: User, update: CaseUpdate) -> None:
    """Take the update's photo down; audited."""
    if not update.photo_digest:
        return
    update.photo = None
    update.photo_mime = update.photo_digest = update.photo_alt = ""
    update.photo_width = update.photo_height = 0
    editing.flush(UpdateError)
    audit.record(actor, "update.photo_removed", subject=update, summary=update.title)


def photo_of(update_id: int, key: str) -> CaseUpdate | None:
    """A published update of a public case whose photo has this key (or None)."""
    update = db.session.get(CaseUpdate, update_id)
    if update is None or not update.photo_digest or update.photo_key != key:
        return None
    return update


def withdraw_update(actor: User, update: CaseUpdate) -> None:
    """Take a published update back to draft (it leaves every page and feed); audited."""
    if update.published_at is not None:
        update.published_at = None
        editing.flush(UpdateError)
        audit.record(actor, "update.withdrawn", subject=update, summary=update.title)


def delete_update(actor: User, update: CaseUpdate) -> None:
    """Remove a draft. A published update is withdrawn first, so nothing is removed by
    one click that readers could see."""
    if update.published_at is not None:
        raise UpdateError(_("Withdraw the update before removing it."))
    audit.record(actor, "update.removed", subject=update, summary=update.title)
    db.session.delete(update)
    editing.flush(UpdateError)


def case_updates(case: Case) -> list[CaseUpdate]:
    """Every update of a case, drafts too, newest first (for organisers)."""
    return list(
        db.session.scalars(
            select(CaseUpdate)
            .where(CaseUpdate.case_id == case.id)
            .options(selectinload(CaseUpdate.texts))
            .order_by(*_NEWEST_FIRST)
        )
    )


def all_updates() -> list[CaseUpdate]:
    """Every update of every case, drafts too, newest first (for organisers)."""
    return list(
        db.session.scalars(
            select(CaseUpdate)
            .options(selectinload(CaseUpdate.texts), selectinload(CaseUpdate.case))
            .order_by(CaseUpdate.published_at.is_not(None), *_NEWEST_FIRST)
        )
    )


def get_update(update_id: int) -> CaseUpdate | None:
    return db.session.get(CaseUpdate, update_id)


def published_updates(case: Case | None = None, *, limit: int = FEED_SIZE) -> list[CaseUpdate]:
    """Published updates of public cases (or of one case), newest first."""
    query = (
        select(CaseUpdate)
        .join(CaseUpdate.case)
        .where(CaseUpdate.published_at.is_not(None), Case.status.in_(PUBLIC_CASE_STATUSES))
        .options(selectinload(CaseUpdate.texts), selectinload(CaseUpdate.case))
        .order_by(*_NEWEST_FIRST)
        .limit(limit)
    )
    if case is not None:
        query = query.where(CaseUpdate.case_id == case.id)
    return list(db.session.scalars(query))


def good_news(limit: int = GOOD_NEWS_SIZE) -> list[CaseUpdate]:
    """The latest published good news (released, charges dropped, sentence commuted)."""
    good = [kind for kind in UpdateKind if kind.is_good_news]
    return [u for u in published_updates(limit=FEED_SIZE) if u.kind in good][:limit]


def text_for(update: CaseUpdate, language: str) -> UpdateText:
    """The update as a reader of `language` sees it (see UpdateText)."""
    wanted = language.split("-")[0]
    for text in update.texts:
        if text.language.split("-")[0] == wanted:
            return UpdateText(update, text.language, text.title, render_markdown(text.body), True)
    translated = update.language.split("-")[0] == wanted
    return UpdateText(
        update, update.language, update.title, render_markdown(update.body), translated
    )


def update_url(update: CaseUpdate) -> str:
    """Where an update is read: its place on the case page."""
    return external_url("campaigns.case_detail", slug=update.case.slug) + f"#update-{update.id}"


def kind_label(kind: UpdateKind) -> str:
    return str(KIND_LABELS[kind])


_NEWEST_FIRST = (CaseUpdate.happened_on.desc(), CaseUpdate.id.desc())


def _check(values: UpdateValues) -> None:
    _check_text(values.title, values.body)
    if values.happened_on > utcnow().date():
        raise UpdateError(_("The date cannot be in the future."), "happened_on")


def _check_text(title: str, body: str) -> None:
    if not title.strip():
        raise UpdateError(_("Please give the update a title."), "title")
    if len(title) > TITLE_MAX_CHARS:
        raise UpdateError(
            _("Please shorten the title to %(max)s characters or fewer.", max=TITLE_MAX_CHARS),
            "title",
        )
    if not body.strip():
        raise UpdateError(_("Please write what happened."), "body")
    if len(body) > BODY_MAX_CHARS:
        raise UpdateError(
            _("Please shorten the text to %(max)s characters or fewer.", max=BODY_MAX_CHARS),
            "body",
        )


def seed_demo_updates() -> int:
    """Publish the demo updates on the demo cases that exist; the number that were new.
    Keyed on case and title, so running it twice changes nothing the second time."""
    from webapp.updates.demo_content import DEMO_UPDATES

    created = 0
    for data in DEMO_UPDATES:
        case = db.session.scalar(select(Case).where(Case.slug == data["case"]))
        if case is None:
            continue
        update = db.session.scalar(
            select(CaseUpdate).where(
                CaseUpdate.case_id == case.id, CaseUpdate.title == data["title"]
            )
        )
        if update is None:
            update = CaseUpdate(case=case, published_at=utcnow())
            db.session.add(update)
            created += 1
        update.kind = UpdateKind(data["kind"])
        update.happened_on = data["happened_on"]
        update.language = data["language"]
        update.title = data["title"]
        update.body = data["body"]
        for language, (title, body) in data["texts"].items():
            text = next((t for t in update.texts if t.language == language), None)
            if text is None:
                update.texts.append(CaseUpdateText(language=language, title=title, body=body))
            else:
                text.title, text.body = title, body
    db.session.flush()
    return created
