"""Delivery packs: a petition's text, total and countries, and if chosen its signers.

The summary is counted from the signature rows themselves (not the roll-up), so the
pack says exactly what the database holds when it is made. Names are read in order, a
part of a few thousand at a time, each part rendered on its own and joined to the pack
as it goes (webapp.printing.merge), so a million signers take bounded memory.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator

from babel.dates import format_datetime
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from webapp import audit
from webapp.background import leases
from webapp.domain import DomainError
from webapp.extensions import db
from webapp.models import (
    DeliveryPack,
    JobStatus,
    Petition,
    Signature,
    SignatureStatus,
    User,
    utcnow,
)
from webapp.printing import pdf
from webapp.printing.merge import StreamingPdfMerger
from webapp.utils.countries import country_name

log = logging.getLogger(__name__)

NEW_PACK_FLAG = "delivery_pack_queued"
# In the list of names, for a signer whose personal data was erased or anonymised.
ERASED_NAME = "(name removed for privacy)"


class DeliveryError(DomainError):
    """A delivery rule was broken; the message is fit to show the organiser."""


def _confirmed(petition_id: int):
    return (Signature.petition_id == petition_id) & (Signature.status == SignatureStatus.CONFIRMED)


def confirmed_total(petition_id: int, *, up_to_id: int | None = None) -> int:
    """Confirmed signatures of the petition, counted from the rows (up to an id)."""
    query = select(func.count()).where(_confirmed(petition_id))
    if up_to_id is not None:
        query = query.where(Signature.id <= up_to_id)
    return db.session.scalar(query) or 0


def _last_signature_id(petition_id: int) -> int:
    return db.session.scalar(select(func.max(Signature.id)).where(_confirmed(petition_id))) or 0


def country_breakdown(petition_id: int, *, up_to_id: int) -> list[tuple[str, int]]:
    """Confirmed signatures per country (up to an id), most first (then by code)."""
    rows = db.session.execute(
        select(Signature.country, func.count())
        .where(_confirmed(petition_id), Signature.id <= up_to_id)
        .group_by(Signature.country)
    )
    return sorted(((country, count) for country, count in rows), key=lambda r: (-r[1], r[0]))


def request_pack(actor: User, petition: Petition, *, include_names: bool) -> DeliveryPack:
    """Queue a delivery pack (or return the one being made); audited, as it exports data."""
    active = db.session.scalar(
        select(DeliveryPack).where(
            DeliveryPack.petition_id == petition.id,
            # Never hand over a pack with names when one without was asked for, or back.
            DeliveryPack.include_names == include_names,
            DeliveryPack.status.in_((JobStatus.QUEUED, JobStatus.RUNNING)),
        )
    )
    if active is not None:
        return active
    total = confirmed_total(petition.id)
    if total == 0:
        raise DeliveryError(_("This petition has no confirmed signatures to deliver yet."))
    pack = DeliveryPack(
        petition=petition,
        include_names=include_names,
        requested_by_id=actor.id,
        total=total if include_names else 1,
    )
    db.session.add(pack)
    db.session.flush()
    audit.record(
        actor,
        "export.delivery_pack",
        subject=petition,
        summary=f"Delivery pack of “{petition.title}”"
        + (" with signers' names" if include_names else ""),
        pack_id=pack.id,
        include_names=include_names,
    )
    if not builds_inline(pack):
        db.session.info[NEW_PACK_FLAG] = True
    return pack


def builds_inline(pack: DeliveryPack) -> bool:
    """A summary, or a short list of names, is made in the request; the rest waits."""
    return not pack.include_names or pack.total <= current_app.config["DELIVERY_INLINE_MAX"]


def get_pack(pack_id: int) -> DeliveryPack | None:
    """One pack."""
    return db.session.get(DeliveryPack, pack_id)


def recent_packs(limit: int = 10) -> list[DeliveryPack]:
    """The latest packs, newest first."""
    return list(
        db.session.scalars(select(DeliveryPack).order_by(DeliveryPack.id.desc()).limit(limit))
    )


def _lease_seconds() -> int:
    return current_app.config["DELIVERY_LEASE_SECONDS"]


def build_now(pack: DeliveryPack) -> DeliveryPack:
    """Build this pack in the current process and return it, done or failed. Commits."""
    return leases.build_this(DeliveryPack, pack.id, _build, lease_seconds=_lease_seconds())


def run_delivery_packs() -> int:
    """Build the next queued pack, if any (the worker and the in-process loop call this)."""
    return leases.build_next(DeliveryPack, _build, lease_seconds=_lease_seconds())


def summary_values(
    petition: Petition, total: int, countries: list[tuple[str, int]], *, include_names: bool
) -> dict:
    """The plain values of the summary (letters/delivery/summary.html)."""
    target = petition.target
    recipient_lines = (
        [
            target.name,
            target.title,
            *pdf.fit_lines(target.address_lines, f"target {target.id}: address"),
            country_name(target.country).upper(),
        ]
        if target is not None
        else []
    )
    return {
        "language": "en",
        "organisation": current_app.config["ORGANISATION_NAME"],
        "title": petition.title,
        "recipient_lines": recipient_lines,
        "body": petition.body,
        "total_text": f"{total:,} people signed this petition.",
        "as_of": "Counted on " + format_datetime(utcnow(), "d MMMM y, HH:mm 'UTC'", locale="en"),
        "countries_title": "Where the signers live",
        "country_heading": "Country",
        "signatures_heading": "Signatures",
        "countries": [
            {
                "name": country_name(code) or code,
                "count": f"{count:,}",
                "share": f"{100 * count / total:.1f}" if total else "0.0",
            }
            for code, count in countries
        ],
        "names_note": (
            "The signers' names and countries follow, in the order they signed."
            if include_names
            else ""
        ),
    }


def _signer_parts(petition_id: int, part_size: int, up_to_id: int) -> Iterator[list[dict]]:
    """Confirmed signers in the order they signed, a part at a time (keyset pages over
    the index on petition, status and id, so each part costs the same), up to the last
    one counted in the summary, so the list and the total agree."""
    after = 0
    while True:
        rows = db.session.execute(
            select(Signature.id, Signature.full_name, Signature.country, Signature.anonymised_at)
            .where(_confirmed(petition_id), Signature.id > after, Signature.id <= up_to_id)
            .order_by(Signature.id)
            .limit(part_size)
        ).all()
        db.session.commit()  # no transaction (nor SQLite's lock) held while rendering
        if not rows:
            return
        after = rows[-1].id
        yield [
            {
                # An erased signer still counts: the line stays, without the name.
                "name": ERASED_NAME if row.anonymised_at else row.full_name,
                "country": country_name(row.country) or row.country,
            }
            for row in rows
        ]


def _build(pack_id: int, run_id: str) -> None:
    pack = db.session.get(DeliveryPack, pack_id)
    petition = pack.petition
    petition_id, include_names, title = petition.id, pack.include_names, petition.title
    # Everything in the pack counts the same signatures: those confirmed up to now.
    last_id = _last_signature_id(petition_id)
    total = confirmed_total(petition_id, up_to_id=last_id)
    values = summary_values(
        petition,
        total,
        country_breakdown(petition_id, up_to_id=last_id),
        include_names=include_names,
    )
    db.session.commit()
    part_size = current_app.config["DELIVERY_NAMES_PER_PART"]
    done = 0
    with tempfile.TemporaryFile() as output:
        merger = StreamingPdfMerger(output)
        merger.append(pdf.render_pdf(pdf.delivery_summary_html(values)).content)
        if include_names:
            for part in _signer_parts(petition_id, part_size, last_id):
                header = f"Signers of “{title}”: {done + 1:,} to {done + len(part):,} of {total:,}"
                html = pdf.delivery_names_html(
                    {
                        "language": "en",
                        "title": title,
                        "header": header,
                        "first_number": done + 1,
                        "signers": part,
                    }
                )
                merger.append(pdf.render_pdf(html).content)
                done += len(part)
                leases.progress(
                    DeliveryPack, pack_id, run_id, done=done, lease_seconds=_lease_seconds()
                )
        page_count = merger.finish(
            title=f"Delivery of the petition “{title}”", language="en", producer=pdf.PRODUCER
        )
        output.seek(0)
        content = output.read()
    leases.finish(
        DeliveryPack,
        pack_id,
        run_id,
        content=content,
        page_count=page_count,
        total=done if include_names else 1,
    )
    leases.drop_older_pdfs(DeliveryPack, pack_id, DeliveryPack.petition_id == petition_id)
    db.session.commit()
    log.info("delivery pack %s built: %d signers listed, %d pages", pack_id, done, page_count)
