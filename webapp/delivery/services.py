"""Delivery packs: a petition's text, total and countries, and if chosen its signers.

The summary is counted from the signature rows themselves (not the roll-up), so the
pack says exactly what the database holds when it is made. Names are read in order, a
part of a few thousand at a time, each part rendered on its own and joined to the pack
as it goes (webapp.printing.merge), so a million signers take bounded memory.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date

from babel.dates import format_date, format_time
from babel.numbers import format_decimal, get_group_symbol
from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from webapp import audit
from webapp.background import leases
from webapp.delivery import layout
from webapp.domain import DomainError
from webapp.exports.services import (
    CSV_CONTENT_TYPE,
    SIGNATURE_FIELDS,
    Export,
    csv_chunks,
    signature_rows,
    signature_time_column,
)
from webapp.extensions import db
from webapp.models import (
    CaseUpdate,
    DeliveryPack,
    JobStatus,
    Petition,
    Signature,
    SignatureStatus,
    UpdateKind,
    User,
    utcnow,
)
from webapp.petitions import services as petitions
from webapp.printing import pdf
from webapp.printing.merge import StreamingPdfMerger
from webapp.printing.parallel import OrderedRenders
from webapp.updates import services as updates
from webapp.utils.countries import country_name

log = logging.getLogger(__name__)

NEW_PACK_FLAG = "delivery_pack_queued"


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


def request_pack(
    actor: User, petition: Petition, *, include_names: bool, language: str = "en"
) -> DeliveryPack:
    """Queue a delivery pack (or return the one being made), written in `language` (the
    organiser's interface language); audited, as it exports data."""
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
        language=language,
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


def record_delivery(
    actor: User, petition: Petition, *, on: date, to: str, draft_update: bool, language: str
) -> CaseUpdate | None:
    """Record the petition's outcome (issue 18, item 6) and, if asked, write a draft
    "petition delivered" update on its case in the organiser's language, for them to
    check, publish and email to the signers who opted in. Returns the draft, if any."""
    petitions.record_delivery(actor, petition, on=on, to=to)
    if not draft_update or petition.case is None:
        return None
    total = petitions.signature_counts([petition.id])[petition.id]
    title = _("Petition delivered to %(to)s", to=petition.delivered_to)
    body = ngettext(
        "On %(date)s we handed the petition “%(title)s”, with %(count)s signature, to "
        "%(to)s. Thank you for signing.",
        "On %(date)s we handed the petition “%(title)s”, with %(count)s signatures, to "
        "%(to)s. Thank you to everyone who signed.",
        total,
        date=format_date(on, "long", locale=language),
        title=petition.title,
        count=format_decimal(total, locale=language),
        to=petition.delivered_to,
    )
    values = updates.UpdateValues(
        kind=UpdateKind.PETITION_DELIVERED,
        happened_on=on,
        language=language,
        title=title[: updates.TITLE_MAX_CHARS],
        body=body,
    )
    return updates.create_update(actor, petition.case, values)


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
    petition: Petition,
    total: int,
    countries: list[tuple[str, int]],
    *,
    include_names: bool,
    language: str,
) -> dict:
    """The plain values of the summary (letters/delivery/summary.html), in `language`
    (call inside force_locale(language): the texts come from the catalog)."""
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
    number = _number_format(language)
    return {
        "language": language,
        **organisation_values(),
        "title": petition.title,
        "recipient_lines": recipient_lines,
        "body": petition.body,
        "total_text": ngettext(
            "%(count)s person signed this petition.",
            "%(count)s people signed this petition.",
            total,
            count=number(total),
        ),
        "as_of": _("Counted on %(date)s (UTC).") % {"date": _counted_at(language)},
        "countries_title": _("Where the signers live"),
        "country_heading": _("Country"),
        "signatures_heading": _("Signatures"),
        "countries": [
            {
                "name": country_name(code, language) or code,
                "count": number(count),
                "share": format_decimal(
                    100 * count / total if total else 0, "0.0", locale=language
                ),
            }
            for code, count in countries
        ],
        "names_note": (
            _("The signers' names and countries follow, in the order they signed.")
            if include_names
            else ""
        ),
    }


def _counted_at(language: str) -> str:
    """Now, as the language writes a date and a time ("5 December 2026, 00:42")."""
    now = utcnow()
    return ", ".join(
        (
            format_date(now, "long", locale=language),
            format_time(now, "short", tzinfo=UTC, locale=language),
        )
    )


def organisation_values() -> dict:
    """Who hands the pack over: the organisation's name, postal address and contact."""
    config = current_app.config
    address = str(config.get("ORGANISATION_ADDRESS") or "")
    lines = [line.strip() for line in re.split(r"\n| \| ", address) if line.strip()]
    return {
        "organisation": config["ORGANISATION_NAME"],
        "organisation_lines": pdf.fit_lines(lines, "ORGANISATION_ADDRESS"),
        "organisation_contact": pdf.fit_text(
            str(config.get("ORGANISATION_CONTACT") or ""), "ORGANISATION_CONTACT"
        ),
    }


def _number_format(language: str) -> Callable[[int], str]:
    """Whole numbers as the language writes them (2,623 / 2.623 / 2 623), fast: a list of
    a million names formats a million numbers."""
    group = get_group_symbol(locale=language)
    if group == ",":
        return lambda n: f"{n:,}"
    return lambda n: f"{n:,}".replace(",", group)


# The signer list ----------------------------------------------------------------------


def _signer_rows(petition_id: int, part_size: int, up_to_id: int) -> Iterator[list[tuple]]:
    """Confirmed signers in the order they signed, a part at a time, as the CSV export
    writes them (name, country code, confirmation time): keyset pages over the index on
    petition, status and id, so each part costs the same, up to the last one counted in
    the summary, so that the list and the total agree."""
    after = 0
    confirmed_at = signature_time_column()
    while True:
        rows = db.session.execute(
            select(Signature.id, Signature.full_name, Signature.country, confirmed_at)
            .where(_confirmed(petition_id), Signature.id > after, Signature.id <= up_to_id)
            .order_by(Signature.id)
            .limit(part_size)
        ).all()
        db.session.commit()  # no transaction (nor SQLite's lock) held while rendering
        if not rows:
            return
        after = rows[-1][0]
        yield [tuple(row[1:]) for row in rows]


@dataclass
class _Survey:
    """What the first pass over the list finds: how many, how many pages, its hash."""

    count: int = 0
    pages: int = 0
    sha256: str = ""
    csv_bytes: int = 0


class _Entries:
    """Signer rows as listed on paper: number label and text, in the pack's language."""

    def __init__(self, language: str, total: int) -> None:
        self.number = _number_format(language)
        self.pad = layout.number_labels(self.number(max(total, 1)))
        self.language = language
        self.countries: dict[str, str] = {}

    def text(self, name: str, country: str) -> str:
        label = self.countries.get(country)
        if label is None:
            label = self.countries[country] = country_name(country, self.language) or country
        return layout.entry_text(name or _("(name removed for privacy)"), label)


def _survey(petition_id: int, up_to_id: int, part_size: int, entries: _Entries) -> _Survey:
    """Count the list's pages and hash its CSV export, reading it once, a part at a time.

    The hash is the SHA-256 of the exact bytes of the signer list's CSV export (the
    columns, quoting and byte order mark of webapp.exports, without emails) of the
    signers this pack counts: the file the pack's page offers, which the organisation
    keeps and the recipient can check."""
    survey = _Survey()
    placement = layout.Placement()
    hasher = hashlib.sha256()

    def rows() -> Iterator[tuple]:
        for part in _signer_rows(petition_id, part_size, up_to_id):
            for name, country, confirmed in part:
                survey.count += 1
                placement.add(survey.count, entries.text(name, country), "")
                yield (name, country, confirmed)

    for chunk in csv_chunks(SIGNATURE_FIELDS, rows()):
        hasher.update(chunk)
        survey.csv_bytes += len(chunk)
    survey.pages = placement.finish()
    survey.sha256 = hasher.hexdigest()
    return survey


def pack_signers_export(actor: User, pack: DeliveryPack) -> Export:
    """The CSV of exactly the signers a pack counts (the file whose SHA-256 it prints);
    recorded in the audit log as an export of signatures (flushed, not committed)."""
    petition = pack.petition
    audit.record(
        actor,
        "export.signatures",
        subject=petition,
        summary=f"Signatures of “{petition.title}” as CSV, as counted by delivery pack {pack.id}",
        petition_id=petition.id,
        pack_id=pack.id,
        format="csv",
        with_email=False,
    )
    return Export(
        filename=f"signers-{petition.slug}-pack-{pack.id}.csv",
        content_type=CSV_CONTENT_TYPE,
        chunks=csv_chunks(
            SIGNATURE_FIELDS,
            signature_rows(petition, include_email=False, up_to_id=pack.last_signature_id or 0),
        ),
    )


# Running headers --------------------------------------------------------------------


def _css_string(text: str) -> str:
    """A CSS string literal of any text, safe inside a <style> element: quotes,
    backslashes, line ends and < > & written as escapes (so "</style>" cannot end it)."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>&' or ord(c) < 0x20 else c for c in text)
    return f'"{escaped}"'


def _page_css(headers: list[str], footer: str) -> str:
    """@page rules putting each page's running header (and the footer) in its top margin:
    margin boxes, which PDF/UA readers skip as artifacts and which never move the text."""
    rules = [f"@page delivery {{ @bottom-center {{ content: {_css_string(footer)}; }} }}"]
    rules += [
        f"@page delivery:nth({n}) {{ @top-center {{ content: {_css_string(header)}; }} }}"
        for n, header in enumerate(headers, start=1)
    ]
    return "\n".join(rules)


@dataclass
class _Numbering:
    title: str
    total: int
    pages: int
    number: Callable[[int], str]

    def page(self, page: int) -> str:
        return _("%(title)s — page %(page)s of %(pages)s") % {
            "title": self.title,
            "page": self.number(page),
            "pages": self.number(self.pages),
        }

    def names_page(self, page: int, first: int, last: int) -> str:
        return _(
            "%(title)s — signers %(first)s–%(last)s of %(total)s — page %(page)s of %(pages)s"
        ) % {
            "title": self.title,
            "first": self.number(first),
            "last": self.number(last),
            "total": self.number(self.total),
            "page": self.number(page),
            "pages": self.number(self.pages),
        }


def _render_flowing(
    make_html: Callable[[str], str], numbering: _Numbering, first_page: int, count: int
):
    """Render a part whose pages WeasyPrint decides (the summary, the closing page), laid
    out before to count its pages (`count`: headers sit in the margins, so they move
    nothing), with a header on each."""
    headers = [numbering.page(first_page + n) for n in range(count)]
    return pdf.render_pdf(make_html(_page_css(headers, _footer())))


def _footer() -> str:
    organisation = organisation_values()
    return " · ".join(
        part
        for part in (
            organisation["organisation"],
            ", ".join(organisation["organisation_lines"]),
            organisation["organisation_contact"],
        )
        if part
    )


def _closing_values(values: dict, survey: _Survey, *, include_names: bool, as_of: str) -> dict:
    number = _number_format(values["language"])
    digest = survey.sha256
    return {
        **organisation_values(),
        "language": values["language"],
        "title": values["title"],
        "heading": _("Handed over by"),
        "statement": ngettext(
            "This pack counts %(count)s confirmed signature of the petition “%(title)s”.",
            "This pack counts %(count)s confirmed signatures of the petition “%(title)s”.",
            survey.count,
            count=number(survey.count),
            title=values["title"],
        ),
        "as_of": as_of,
        "hash_heading": _("Checking the list of signers"),
        "hash_intro": _(
            "The list of signers is kept by the organisation as a CSV file of %(bytes)s "
            "bytes. Its SHA-256 fingerprint is:"
        )
        % {"bytes": number(survey.csv_bytes)},
        "hash_groups": [digest[i : i + 16] for i in range(0, len(digest), 16)],
        "sha256": digest,
        "hash_howto": _(
            "To check a copy of that file, compute its SHA-256 (for example "
            "“sha256sum file.csv”, or “certutil -hashfile file.csv SHA256” on Windows): "
            "it must be exactly this value. A single changed, added or removed signer "
            "gives a different value."
        ),
        "names_included": include_names,
        "signature_heading": _("Signed for the organisation"),
        "signature_fields": [_("Signature"), _("Name"), _("Role"), _("Place"), _("Date")],
    }


def _build(pack_id: int, run_id: str) -> None:
    pack = db.session.get(DeliveryPack, pack_id)
    petition = pack.petition
    petition_id, include_names, title = petition.id, pack.include_names, petition.title
    language = pack.language or "en"
    # Everything in the pack counts the same signatures: those confirmed up to now.
    last_id = _last_signature_id(petition_id)
    total = confirmed_total(petition_id, up_to_id=last_id)
    part_size = current_app.config["DELIVERY_NAMES_PER_PART"]
    with force_locale(language):
        values = summary_values(
            petition,
            total,
            country_breakdown(petition_id, up_to_id=last_id),
            include_names=include_names,
            language=language,
        )
        db.session.commit()
        entries = _Entries(language, total)
        survey = _survey(petition_id, last_id, part_size, entries)
        closing = _closing_values(
            values, survey, include_names=include_names, as_of=values["as_of"]
        )
        number = _number_format(language)
        summary_pages = pdf.count_pages(
            pdf.delivery_summary_html({**values, "page_css": _page_css([], "")})
        )
        closing_pages = pdf.count_pages(
            pdf.delivery_closing_html({**closing, "page_css": _page_css([], "")})
        )
        names_pages = survey.pages if include_names else 0
        numbering = _Numbering(
            title, survey.count, summary_pages + names_pages + closing_pages, number
        )
        done = 0
        with tempfile.TemporaryFile() as output:
            merger = StreamingPdfMerger(output)
            merger.append(
                _render_flowing(
                    lambda css: pdf.delivery_summary_html({**values, "page_css": css}),
                    numbering,
                    1,
                    summary_pages,
                ).content
            )
            if include_names:
                done = _append_names(
                    merger,
                    petition_id,
                    last_id,
                    part_size,
                    entries,
                    numbering,
                    first_page=summary_pages + 1,
                    pack_id=pack_id,
                    run_id=run_id,
                    values=values,
                )
                if done != survey.count or merger.page_count != summary_pages + names_pages:
                    # A signer was confirmed, withdrawn or erased between the two passes.
                    raise RuntimeError("the list of signers changed while the pack was made")
            merger.append(
                _render_flowing(
                    lambda css: pdf.delivery_closing_html({**closing, "page_css": css}),
                    numbering,
                    merger.page_count + 1,
                    closing_pages,
                ).content
            )
            page_count = merger.finish(
                title=_("Delivery of the petition “%(title)s”") % {"title": title},
                language=language,
                producer=pdf.PRODUCER,
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
    db.session.execute(
        update(DeliveryPack)
        .where(DeliveryPack.id == pack_id)
        .values(last_signature_id=last_id, signers_sha256=survey.sha256)
    )
    leases.drop_older_pdfs(DeliveryPack, pack_id, DeliveryPack.petition_id == petition_id)
    db.session.commit()
    log.info("delivery pack %s built: %d signers listed, %d pages", pack_id, done, page_count)


def _append_names(
    merger,
    petition_id,
    last_id,
    part_size,
    entries,
    numbering,
    *,
    first_page,
    pack_id,
    run_id,
    values,
) -> int:
    """The pack's list of signers, read a part at a time and joined to the pack as it is
    rendered, the lease renewed after each part; the number of signers listed."""

    def rows() -> Iterator[tuple[str, str]]:
        for part in _signer_rows(petition_id, part_size, last_id):
            for name, country, _confirmed in part:
                yield name, country

    return render_names(
        merger,
        rows(),
        entries,
        numbering,
        first_page=first_page,
        part_size=part_size,
        language=values["language"],
        title=values["title"],
        processes=current_app.config["DELIVERY_RENDER_PROCESSES"],
        on_part=lambda listed: leases.progress(
            DeliveryPack, pack_id, run_id, done=listed, lease_seconds=_lease_seconds()
        ),
    )


def render_names(
    merger: StreamingPdfMerger,
    rows: Iterable[tuple[str, str]],
    entries: _Entries,
    numbering: _Numbering,
    *,
    first_page: int,
    part_size: int,
    language: str,
    title: str,
    processes: int = 1,
    on_part: Callable[[int], None] = lambda listed: None,
) -> int:
    """Render signers (name, country code) as pages of the list, a part at a time (whole
    pages, about part_size names each), each part joined to `merger` as it is made, so
    memory holds one part per process whatever the number of names; the number of
    signers listed. Parts render in up to `processes` worker processes at once
    (webapp.printing.parallel). (bench/delivery_pack.py times this.)"""
    pages: list[layout.Page] = []
    listed = 0
    page_number = first_page
    footer = _footer()

    def join(rendered: pdf.RenderedPdf) -> None:
        if rendered.missing_characters:
            log.warning(
                "delivery pack: no shipped font has %s", "".join(rendered.missing_characters)
            )
        merger.append(rendered.content)

    renders = OrderedRenders(processes, join)

    def flush() -> None:
        nonlocal page_number
        if not pages:
            return
        headers = []
        for page in pages:
            headers.append(numbering.names_page(page_number, page.first, page.last))
            page_number += 1
        renders.submit(
            pdf.delivery_names_html(
                {
                    "language": language,
                    "title": title,
                    "page_css": _page_css(headers, footer),
                    "pages": [
                        [
                            [{"wraps": wraps, "text": text} for wraps, text in column.runs]
                            for column in page.columns
                        ]
                        for page in pages
                    ],
                }
            )
        )
        pages.clear()
        on_part(listed)

    per_part = max(1, part_size // (layout.ROWS * layout.COLUMNS))

    def on_page(page: layout.Page) -> None:
        pages.append(page)
        if len(pages) >= per_part:
            flush()

    with renders:
        placement = layout.Placement(on_page)
        for name, country in rows:
            listed += 1
            placement.add(listed, entries.text(name, country), entries.pad(entries.number(listed)))
        placement.finish()
        flush()
    return listed
