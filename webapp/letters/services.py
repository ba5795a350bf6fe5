"""Letter rules: what a case may be written, the writer's own words, printing and counts;
and the letter texts organisers write for a case (audited)."""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from babel.support import Translations
from flask_babel import force_locale, format_number
from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import selectinload

from webapp import audit, editing
from webapp.campaigns.translations import name_in, text_in
from webapp.domain import DomainError
from webapp.extensions import db
from webapp.models import (
    WRITTEN_STATUSES,
    AgeBand,
    Case,
    CaseStatus,
    ClassroomTally,
    Letter,
    LetterDocument,
    LetterKind,
    LetterStatus,
    LetterTemplate,
    OutboxMessage,
    PaperSize,
    Target,
    User,
    utcnow,
)
from webapp.outbox import emails
from webapp.printing import pdf
from webapp.utils.countries import country_name
from webapp.utils.dates import written_date
from webapp.utils.languages import text_direction
from webapp.web.locales import SUPPORTED_LOCALES
from webapp.web.urls import external_url

log = logging.getLogger(__name__)

BODY_MAX_CHARS = 3000
# The outbox kind of "Email me this link" (webapp.outbox.emails.send_letter_link).
LINK_EMAIL_KIND = "letter-link"
REMINDER_EMAIL_KIND = "letter-reminder"
# Letters reminded per batch: each batch is one short transaction.
REMINDER_BATCH = 200
# "At least a sentence of their own": this many words (or CJK characters) not in the template.
OWN_WORDS_MIN = 5

# Countries where US Letter, not A4, is the paper in the printer (ISO 216 is everywhere else).
LETTER_PAPER_COUNTRIES = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "CR", "DO", "GT", "PA", "PR", "SV", "VE"}
)
TEXTS_DIR = pdf.LETTERS_DIR / "texts"
# "Page 2 of 2" in letter languages the interface does not speak.
PAGE_NUMBERS_FILE = pdf.LETTERS_DIR / "page-numbers.toml"
TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "translations"

# Letter text tokens: a run of letters or digits, or a single CJK character (no spaces there).
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[^\W_]+")


class LetterError(DomainError):
    """A rule of letters was broken; the message is fit to show the writer (or the
    organiser writing a letter text), and `field` names the form field it is about, if any."""


class AddressError(LetterError):
    """The recipient's address would not show whole through the envelope's window."""


class NotOwnWordsError(LetterError):
    """The text is the template, or adds less than a sentence to it."""


@dataclass(frozen=True)
class Composer:
    """What the composer starts from for one case, kind and language."""

    kind: LetterKind
    language: str
    salutation: str  # empty when each target's own salutation is used
    closing: str
    body: str
    key_points: list[str]
    tips: list[str]
    # The age band the text was written for (None: for every age).
    age_band: AgeBand | None = None
    # True: no text was written for this class's age, so it starts from sentence starters
    # (see _scaffold), never from the text for adults.
    scaffold: bool = False


def default_paper(country: str) -> PaperSize:
    """The paper size a writer in this country most likely has."""
    return PaperSize.LETTER if country in LETTER_PAPER_COUNTRIES else PaperSize.A4


def _bands_read(kind: LetterKind, band: AgeBand | None) -> tuple[AgeBand | None, ...]:
    """The texts a writer reads, best first: None is the text for every age.

    Supporters (no band) read the text for every age. A class reads its band's text,
    else the text for every age, except an under-11 class's appeal: the text for every age
    is written for adults (courts, covenants), so such a class reads the 11-13 text, else
    starts from sentence starters (issue 16, item 5). Cards speak to the person, in plain
    words, so every class may fall back to the card for every age.
    """
    if band is None:
        return (None,)
    if band is AgeBand.UNDER_11:
        if kind is LetterKind.APPEAL:
            return (AgeBand.UNDER_11, AgeBand.FROM_11)
        return (AgeBand.UNDER_11, AgeBand.FROM_11, None)
    return (band, None)


def _case_templates(case: Case, kind: LetterKind) -> list[LetterTemplate]:
    if kind is LetterKind.CARD and not case.accepts_cards:
        return []
    return list(
        db.session.scalars(
            select(LetterTemplate).where(
                LetterTemplate.case_id == case.id, LetterTemplate.kind == kind
            )
        )
    )


def _by_language(templates: Iterable[LetterTemplate]) -> list[LetterTemplate]:
    return sorted(templates, key=lambda t: (t.language != "en", t.language))


def letter_templates(
    case: Case, kind: LetterKind, band: AgeBand | None = None
) -> list[LetterTemplate]:
    """The case's texts of one kind that writers of this age band read (no band: the
    supporters', for every age), one per language, English first, then by language code."""
    order = _bands_read(kind, band)
    best: dict[str, LetterTemplate] = {}
    for template in _case_templates(case, kind):
        if template.age_band not in order:
            continue
        held = best.get(template.language)
        if held is None or order.index(template.age_band) < order.index(held.age_band):
            best[template.language] = template
    return _by_language(best.values())


def _scaffold_languages(
    case: Case, kind: LetterKind, band: AgeBand | None, written: Iterable[str]
) -> list[str]:
    """The languages an under-11 class starts an appeal from sentence starters in: those
    the case has an appeal in for every age but none for young writers, and that the
    interface speaks (the starters are translated with it)."""
    if band is not AgeBand.UNDER_11 or kind is not LetterKind.APPEAL:
        return []
    written = set(written)
    general = {t.language for t in _case_templates(case, kind) if t.age_band is None}
    return sorted(
        (code for code in general - written if code in SUPPORTED_LOCALES),
        key=lambda code: (code != "en", code),
    )


def text_languages(case: Case, kind: LetterKind, band: AgeBand | None = None) -> list[str]:
    """The languages writers of this band can write this kind of letter in, English first."""
    written = [t.language for t in letter_templates(case, kind, band)]
    return written + _scaffold_languages(case, kind, band, written)


def offered_kinds(case: Case, band: AgeBand | None = None) -> list[LetterKind]:
    """The kinds of letter a case can be written now (by a class of this age band): it must
    be open and have a text."""
    if case.status is not CaseStatus.PUBLISHED:
        return []
    return [kind for kind in LetterKind if text_languages(case, kind, band)]


def _scaffold(case: Case, kind: LetterKind, language: str) -> Composer:
    """A blank page with sentence starters, in the writer's language, for an under-11 class
    whose case has no appeal written for young writers: never the legal text for adults."""
    general = next(
        t for t in _case_templates(case, kind) if t.age_band is None and t.language == language
    )
    with force_locale(language):
        body = "\n\n".join(
            [
                _("My name is … and I am … years old. I live in …"),
                _(
                    "I am writing to you about %(person)s. I learned that …",
                    person=name_in(case, language),
                ),
                _("I think this is not fair because …"),
                _("Please …"),
                _("Thank you for reading my letter."),
            ]
        )
        key_points = [
            _("Say who you are and where you live"),
            _("Say what you learned about %(person)s", person=name_in(case, language)),
            _("Ask kindly for what you wish for them"),
        ]
        tips = [
            _("Write to a grown-up you have never met: be polite"),
            _("Use your own words: short sentences are fine"),
            _("Ask your teacher if you are not sure what to write"),
        ]
    return Composer(
        kind=kind,
        language=language,
        salutation=general.salutation,
        closing=general.closing,
        body=body,
        key_points=key_points,
        tips=tips,
        scaffold=True,
    )


def composer(
    case: Case, kind: LetterKind, *languages: str | None, band: AgeBand | None = None
) -> Composer:
    """The starting text in the first of `languages` the case has one in (best first),
    or the case's first one; for a class, the text written for its age band."""
    templates = letter_templates(case, kind, band)
    by_language = {template.language: template for template in templates}
    scaffolds = _scaffold_languages(case, kind, band, by_language)
    if not templates and not scaffolds:
        raise LetterError(_("This case has no letter of that kind to write."))
    chosen = next((code for code in languages if code in by_language or code in scaffolds), None)
    if chosen is None:
        chosen = templates[0].language if templates else scaffolds[0]
    if chosen not in by_language:
        return _scaffold(case, kind, chosen)
    template = by_language[chosen]
    return Composer(
        kind=kind,
        language=template.language,
        salutation=template.salutation,
        closing=template.closing,
        body=pdf.render_text(template.body, {"person": name_in(case, template.language)}),
        key_points=list(template.key_points),
        tips=list(template.tips),
        age_band=template.age_band,
    )


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def own_words(template_body: str, body: str) -> int:
    """How many words of the body the writer added to the template or changed in it."""
    theirs, ours = _words(template_body), _words(body)
    matcher = SequenceMatcher(a=theirs, b=ours, autojunk=False)
    return sum(j2 - j1 for op, _, _, j1, j2 in matcher.get_opcodes() if op in ("insert", "replace"))


def check_own_words(template_body: str, body: str) -> None:
    """Refuse a text left as the template: a letter in the writer's words is what moves people."""
    if _words(body) == _words(template_body):
        raise NotOwnWordsError(
            _(
                "Your letter is still exactly our suggested text. Officials notice letters that "
                "are all the same: please add at least one sentence of your own, such as why "
                "this case matters to you or where you are writing from."
            )
        )
    if own_words(template_body, body) < OWN_WORDS_MIN:
        raise NotOwnWordsError(
            _(
                "Please add at least one whole sentence of your own, such as why this case "
                "matters to you or where you are writing from."
            )
        )


def target_for(case: Case, kind: LetterKind, target_id: int | None) -> Target | None:
    if kind is LetterKind.CARD:
        return None
    if not case.targets:
        raise LetterError(_("This case has no one to address an appeal to yet."))
    if target_id is None:
        return case.targets[0]
    target = next((t for t in case.targets if t.id == target_id), None)
    if target is None:
        raise LetterError(_("Please choose who to write to from the list."))
    return target


def write_letter(
    case: Case,
    *,
    kind: LetterKind,
    language: str,
    target_id: int | None,
    writer_name: str,
    writer_town: str,
    writer_country: str,
    paper: PaperSize | None,
    body: str,
) -> Letter:
    """Save a new letter, once it holds the writer's own words."""
    if kind not in offered_kinds(case):
        raise LetterError(_("This case does not take this kind of letter now."))
    start = composer(case, kind, language)
    if start.language != language:
        raise LetterError(_("This case has no letter text in that language."))
    target = target_for(case, kind, target_id)
    letter = Letter(case=case, kind=kind, language=language, closing=start.closing)
    fill_letter(letter, start, target, writer_name, writer_town, writer_country, paper, body)
    db.session.add(letter)
    db.session.flush()
    log.info("letter %s written for case %s (%s, %s)", letter.id, case.slug, kind.value, language)
    return letter


def edit_letter(
    letter: Letter,
    *,
    target_id: int | None,
    writer_name: str,
    writer_town: str,
    writer_country: str,
    paper: PaperSize | None,
    body: str,
) -> Letter:
    """Change a letter; its stored PDF is dropped, to be rendered again from the new text."""
    if letter.status is LetterStatus.POSTED:
        raise LetterError(_("This letter is already posted, so it can no longer change."))
    start = composer(letter.case, letter.kind, letter.language)
    target = target_for(letter.case, letter.kind, target_id)
    fill_letter(letter, start, target, writer_name, writer_town, writer_country, paper, body)
    letter.document = None
    db.session.flush()
    return letter


def fill_letter(
    letter: Letter,
    start: Composer,
    target: Target | None,
    writer_name: str,
    writer_town: str,
    writer_country: str,
    paper: PaperSize | None,
    body: str,
    *,
    final: bool = True,
) -> None:
    """Set a letter's text and writer; a final text must hold the writer's own words
    (a student's draft need not, yet)."""
    body = body.replace("\r\n", "\n").strip()
    if len(body) > BODY_MAX_CHARS:
        raise LetterError(
            _(
                "Please shorten your letter to %(max)s characters or fewer.",
                max=format_number(BODY_MAX_CHARS),
            )
        )
    if final:
        check_own_words(start.body, body)
    letter.target = target
    letter.salutation = start.salutation or (
        str(text_in(target, "salutation", start.language)) if target else ""
    )
    letter.writer_name = signed_name(letter, writer_name)
    letter.writer_town = writer_town.strip()
    letter.writer_country = writer_country
    letter.paper = paper or default_paper(writer_country)
    letter.body = body


def signed_name(letter: Letter, name: str) -> str:
    """The name a letter is signed with. A card for a case that asks for it carries the
    first name only, and no more is kept: a family name on a card could endanger the
    person or the writer where mail is read (issue 17)."""
    name = name.strip()
    if letter.kind is LetterKind.CARD and letter.case.card_first_name_only and name:
        return name.split()[0]
    return name


def get_letter(token: str) -> Letter | None:
    """The letter this token opens, with its case and targets."""
    return db.session.scalar(
        select(Letter)
        # A student's letter is opened only by the student or their teacher.
        .where(Letter.token == token, Letter.classroom_id.is_(None))
        .options(selectinload(Letter.case).selectinload(Case.targets))
    )


@dataclass(frozen=True)
class Recipient:
    """Whom a letter goes to, as the composer shows it: the address lines exactly as the
    letter prints them, and the salutation it prints (issue 15, item 6)."""

    target_id: int | None  # None for a card (it goes to the case's person)
    lines: list[str]
    salutation: str


def _address(
    case: Case,
    kind: LetterKind,
    target: Target | None,
    writer_country: str | None = None,
    *,
    language: str | None = None,
) -> tuple[list[str], str]:
    """The recipient's address lines as printed (name, title, address, then the country
    in capitals, in English for the postal services) and the country's code. Never cut:
    an address that does not fit its envelope's window is refused by the renderer
    (webapp.printing.envelopes), as the CMS refuses it when it is saved. Posted in the
    recipient's own country (writer_country), the country line is left out: it only
    confuses sorting. The target's title is in the letter's `language` where the
    organiser gave one (issue 17, item 6)."""
    if kind is LetterKind.CARD:
        lines = [case.name, *case.card_address_lines]
        country = case.card_country or case.country
    else:
        title = str(text_in(target, "title", language)) if language else target.title
        lines = [target.name, title, *target.address_lines]
        country = target.country
    if country != writer_country:
        lines.append(country_name(country, "en").upper())
    return lines, country


def recipients(case: Case, start: Composer) -> list[Recipient]:
    """Everyone the composer may address, in the form's order: one per target for an
    appeal, the case's person for a card. The letter text's own salutation, where it has
    one, wins over a target's, as in fill_letter."""
    if start.kind is LetterKind.CARD:
        return [Recipient(None, _address(case, start.kind, None)[0], start.salutation)]
    return [
        Recipient(
            target.id,
            _address(case, start.kind, target, language=start.language)[0],
            start.salutation or str(text_in(target, "salutation", start.language)),
        )
        for target in case.targets
    ]


def letter_values(letter: Letter, *, page_url: str, ui_language: str = "en") -> dict:
    """The plain values the letter layouts take (see letters/document.html)."""
    case = letter.case
    if letter.kind is LetterKind.CARD:
        show_sender_place = case.sender_address_allowed
    else:
        if letter.target is None:
            raise LetterError(_("The person this letter was addressed to is no longer listed."))
        show_sender_place = True
    recipient_lines, recipient_country = _address(
        case, letter.kind, letter.target, letter.writer_country, language=letter.language
    )
    abroad = recipient_country != letter.writer_country
    sender_place = ", ".join(
        part for part in (letter.writer_town, country_name(letter.writer_country, "en")) if part
    )
    before, between, after = _running_words(letter.language)
    # The card's picture is described in the card's language where the interface has
    # one, else in the writer's; decided here, not by whichever locale renders it (the
    # worker, building a class's PDF, has none and said it in English).
    picture_language = letter.language if letter.language in SUPPORTED_LOCALES else ui_language
    with force_locale(picture_language):
        picture_description = _("A lit candle, the symbol of hope for people in prison")
    return {
        "picture_description": picture_description,
        "picture_language": picture_language,
        "kind": letter.kind.value,
        "paper": letter.paper.value,
        "language": letter.language,
        "direction": text_direction(letter.language),
        "ui_language": ui_language,
        "ui_direction": text_direction(ui_language),
        "writer_name": letter.writer_name,
        "writer_town": letter.writer_town,
        "writer_country_name": country_name(letter.writer_country, letter.language),
        "date": written_date(letter.updated_at.date(), letter.language, letter.writer_country),
        # Addresses are written for the postal services, in the Latin script.
        "address_language": "en",
        # Never cut: an address that does not fit its envelope's window is refused by the
        # renderer (webapp.printing.envelopes), as the CMS refuses it when it is saved.
        "recipient_lines": recipient_lines,
        "recipient_country_name": country_name(recipient_country, ui_language),
        "abroad": abroad,
        "salutation": letter.salutation,
        "closing": letter.closing,
        "body": letter.body,
        "show_sender_place": show_sender_place,
        "sender_place": sender_place,
        "safety_notes": (
            _fitted(case.safety_notes, "safety notes", case)
            if letter.kind is LetterKind.CARD
            else ""
        ),
        "page_url": page_url,
        # The header of continuation pages: "Ana Pérez · Page 2 of 2".
        "running_before": f"{letter.writer_name} · {before}" if letter.writer_name else before,
        "running_between": between,
        "running_after": after,
    }


@cache
def _catalog(language: str) -> Translations:
    """The interface's messages in this language (English where there are none)."""
    try:
        return Translations.load(str(TRANSLATIONS_DIR), [language])
    except ValueError:  # not a language code Babel knows
        return Translations()


def _running_words(language: str) -> tuple[str, str, str]:
    """ "Page %(number)s of %(count)s" in the letter's language, as the words before,
    between and after the two numbers (the stylesheet puts the page counters there):
    from the interface's catalog where it speaks the language, else from
    letters/page-numbers.toml, else the numbers alone: never English words in a letter
    written in another language (issue 17)."""
    # The interface's catalog, read for the letter's language (not the page's): gettext
    # here would answer in the writer's interface language.
    catalog = _catalog(language)
    base = language.split("-")[0]
    if base == "en" or catalog.gettext("Page %(number)s of %(count)s") != (
        "Page %(number)s of %(count)s"
    ):
        label = catalog.gettext("Page %(number)s of %(count)s") % {
            "number": "\x00",
            "count": "\x01",
        }
    else:
        form = _page_number_forms().get(language) or _page_number_forms().get(base)
        label = form.format(number="\x00", count="\x01") if form else ""
    if (
        label.count("\x00") != 1
        or label.count("\x01") != 1
        or label.index("\x00") > label.index("\x01")
    ):
        return "", " / ", ""
    before, rest = label.split("\x00")
    between, after = rest.split("\x01")
    return before, between, after


@cache
def _page_number_forms() -> dict[str, str]:
    return tomllib.loads(PAGE_NUMBERS_FILE.read_text(encoding="utf-8"))


def _fitted(text: str, what: str, case: Case) -> str:
    """A case's text cut to what the renderer takes: the CMS refuses longer ones, and a
    row from before it did still prints (issue 21, item 12)."""
    return pdf.fit_text(text, f"case {case.id}: {what}")


def letter_title(letter: Letter) -> str:
    """The PDF's title: what it is and to whom."""
    if letter.kind is LetterKind.CARD:
        return f"Solidarity card for {letter.case.name}"
    return f"Appeal for {letter.case.name}"


@dataclass(frozen=True)
class LetterToRender:
    """What rendering one letter takes, as plain values: no database needed to render."""

    letter_id: int
    values: dict
    title: str
    language: str

    def render(self) -> pdf.RenderedPdf:
        """The letter's PDF (characters no font has are logged); AddressError if its
        address would not show whole through the envelope's window."""
        try:
            rendered = pdf.render_letters([self.values], title=self.title, language=self.language)
        except pdf.AddressDoesNotFit as error:
            log.warning("letter %s not rendered: %s", self.letter_id, error)
            raise AddressError(
                _(
                    "This letter cannot be printed yet: its address would not show whole "
                    "through the envelope's window. %(reason)s Please tell the organisers, "
                    "or choose someone else to write to.",
                    reason=str(error),
                )
            ) from error
        if rendered.missing_characters:
            log.warning(
                "letter %s has characters no font has: %s",
                self.letter_id,
                " ".join(f"U+{ord(c):04X}" for c in rendered.missing_characters),
            )
        return rendered


def letter_to_render(letter: Letter, *, page_url: str, ui_language: str = "en") -> LetterToRender:
    """The plain values to render this letter from."""
    values = letter_values(letter, page_url=page_url, ui_language=ui_language)
    return LetterToRender(letter.id, values, letter_title(letter), letter.language)


def letter_pdf(letter: Letter, *, page_url: str, ui_language: str = "en") -> LetterDocument:
    """The letter's PDF: rendered on first use and kept until the text changes."""
    if letter.document is None:
        rendered = letter_to_render(letter, page_url=page_url, ui_language=ui_language).render()
        letter.document = LetterDocument(pdf=rendered.content, page_count=rendered.page_count)
        db.session.flush()
    return letter.document


def instructions_title(letter: Letter) -> str:
    """The title of the writer's instructions, in the interface's language."""
    if letter.kind is LetterKind.CARD:
        return _("Before you post your card")
    return _("Before you post your letter")


def instructions_section(letter: Letter, *, page_url: str, ui_language: str = "en") -> str:
    """The writer's instructions for a letter, as HTML for their web page."""
    values = letter_values(letter, page_url=page_url, ui_language=ui_language)
    return pdf.instructions_fragment(values)


def instructions_pdf(letter: Letter, *, page_url: str, ui_language: str = "en") -> bytes:
    """The writer's instructions as a PDF of their own, never part of the posted letter:
    they hold the letter's private link. Rendered when asked for, not kept."""
    values = letter_values(letter, page_url=page_url, ui_language=ui_language)
    html = pdf.instructions_html(values, title=instructions_title(letter))
    return pdf.render_pdf(html).content


def mark_printed(letter: Letter) -> None:
    """The writer took the PDF to print: from now on the letter counts as written."""
    if letter.status is LetterStatus.DRAFT:
        letter.status = LetterStatus.PRINTED
        letter.printed_at = utcnow()


def mark_posted(letter: Letter) -> None:
    """The writer says the letter is in the post. Saying it twice changes nothing."""
    if letter.status is LetterStatus.POSTED:
        return
    if letter.status not in (LetterStatus.DRAFT, LetterStatus.PRINTED, LetterStatus.APPROVED):
        raise LetterError(_("This letter cannot be marked as posted yet."))
    letter.printed_at = letter.printed_at or utcnow()
    letter.status = LetterStatus.POSTED
    letter.posted_at = utcnow()
    log.info("letter %s posted", letter.id)


@dataclass(frozen=True)
class LetterCounts:
    written: int = 0
    posted: int = 0
    # Written by hand in classrooms and reported by their teachers (approved numbers only).
    reported: int = 0


def letter_counts(case_ids: Iterable[int]) -> dict[int, LetterCounts]:
    """Letters written and posted per case: the letter rows, plus what classrooms kept
    in their tallies (letters whose text retention deleted, and handwritten ones)."""
    ids = list(case_ids)
    rows = db.session.execute(
        select(Letter.case_id, Letter.status, func.count())
        .where(Letter.case_id.in_(ids), Letter.status.in_(WRITTEN_STATUSES))
        .group_by(Letter.case_id, Letter.status)
    ).all()
    written: dict[int, int] = dict.fromkeys(ids, 0)
    posted: dict[int, int] = dict.fromkeys(ids, 0)
    reported: dict[int, int] = dict.fromkeys(ids, 0)
    for case_id, status, count in rows:
        written[case_id] += count
        if status is LetterStatus.POSTED:
            posted[case_id] += count
    tallies = db.session.execute(
        select(
            ClassroomTally.case_id,
            func.sum(ClassroomTally.archived_written),
            func.sum(ClassroomTally.archived_posted),
            # Only what was approved: a tally above TALLY_REVIEW_ABOVE waits for an
            # organiser (webapp.moderation), and counts as what was last approved till then.
            func.sum(ClassroomTally.counted),
        )
        .where(ClassroomTally.case_id.in_(ids))
        .group_by(ClassroomTally.case_id)
    ).all()
    for case_id, archived_written, archived_posted, reported_count in tallies:
        written[case_id] += archived_written or 0
        posted[case_id] += archived_posted or 0
        reported[case_id] += reported_count or 0
    return {
        case_id: LetterCounts(written[case_id], posted[case_id], reported[case_id])
        for case_id in ids
    }


def classroom_letter_counts(case_ids: Iterable[int]) -> dict[int, int]:
    """Of the letters written per case (letter_counts), how many students wrote on the
    platform: their classrooms' letter rows, plus those retention kept in the tallies."""
    ids = list(case_ids)
    counts: dict[int, int] = dict.fromkeys(ids, 0)
    rows = db.session.execute(
        select(Letter.case_id, func.count())
        .where(
            Letter.case_id.in_(ids),
            Letter.status.in_(WRITTEN_STATUSES),
            Letter.classroom_id.is_not(None),
        )
        .group_by(Letter.case_id)
    )
    for case_id, count in rows:
        counts[case_id] += count
    archived = db.session.execute(
        select(ClassroomTally.case_id, func.sum(ClassroomTally.archived_written))
        .where(ClassroomTally.case_id.in_(ids))
        .group_by(ClassroomTally.case_id)
    )
    for case_id, archived_written in archived:
        counts[case_id] += archived_written or 0
    return counts


def load_letter_texts(case: Case) -> int:
    """Create or update the case's letter templates from letters/texts/<slug>.toml;
    returns how many it created.

    `[appeal.en]` is the text for every age; `[appeal.under-11.en]` the text for the classes
    of one age band (the band's value, see AgeBand)."""
    path = TEXTS_DIR / f"{case.slug}.toml"
    if not path.is_file():
        return 0
    texts = tomllib.loads(path.read_text(encoding="utf-8"))
    existing = {
        (t.kind, t.language, t.age_band): t
        for t in db.session.scalars(select(LetterTemplate).where(LetterTemplate.case_id == case.id))
    }
    bands = {band.value: band for band in AgeBand}
    count = 0
    for kind_name, tables in texts.items():
        kind = LetterKind(kind_name)
        entries = []
        for key, table in tables.items():
            if key in bands:
                entries += [(language, bands[key], t) for language, t in table.items()]
            else:
                entries.append((key, None, table))
        for language, band, text in entries:
            template = existing.get((kind, language, band))
            if template is None:
                template = LetterTemplate(case=case, kind=kind, language=language, age_band=band)
                db.session.add(template)
                count += 1
            template.salutation = text.get("salutation", "")
            template.closing = text["closing"]
            template.body = text["body"].strip()
            template.key_points = list(text.get("key_points", []))
            template.tips = list(text.get("tips", []))
    db.session.flush()
    return count


# Organisers: a case's letter texts, one per kind and language. These services take plain
# values, flush but never commit, and write an audit event with every change.

# The values a letter text's body may use, as {{ person }}.
LETTER_TEXT_VALUES = ("person",)


@dataclass(frozen=True)
class LetterTextValues:
    kind: LetterKind
    language: str
    salutation: str
    closing: str
    body: str
    key_points: list[str]
    tips: list[str]
    # None: the text for every age; else the text for the classes of one band.
    age_band: AgeBand | None = None


def letter_texts(case: Case) -> list[LetterTemplate]:
    """All of a case's letter texts (cards too, whether or not it takes them now): appeals
    first, then cards, English first, then by language, the text for every age first, then
    the bands from the youngest."""
    rows = db.session.scalars(select(LetterTemplate).where(LetterTemplate.case_id == case.id))
    bands = list(AgeBand)
    return sorted(
        rows,
        key=lambda t: (
            t.kind.value != "appeal",
            t.language != "en",
            t.language,
            -1 if t.age_band is None else bands.index(t.age_band),
        ),
    )


def get_letter_text(template_id: int) -> LetterTemplate | None:
    """A letter text with its case."""
    return db.session.scalars(
        select(LetterTemplate)
        .where(LetterTemplate.id == template_id)
        .options(selectinload(LetterTemplate.case))
    ).first()


def render_letter_text(case: Case, body: str, language: str) -> str:
    """The body as a writer will see it, or LetterError saying why it does not work."""
    try:
        return pdf.render_text(body, {"person": name_in(case, language)})
    except pdf.TextTemplateError as error:
        reason = str(error).rstrip(".")
        raise LetterError(
            _(
                "This text does not work as a letter: %(reason)s. The only placeholder is "
                "{{ person }}, the case's name; write everything else as plain text.",
                reason=reason,
            ),
            "body",
        ) from error


def rendered_letter_text(template: LetterTemplate) -> str | None:
    """A saved letter text as writers see it, or None when it does not render (a text
    loaded from letters/texts/ is not checked as an organiser's is)."""
    try:
        return render_letter_text(template.case, template.body, template.language)
    except LetterError:
        return None


def _check_letter_text(
    case: Case, template: LetterTemplate | None, values: LetterTextValues
) -> None:
    editing.check_language(values.language, LetterError)
    query = select(LetterTemplate.id).where(
        LetterTemplate.case_id == case.id,
        LetterTemplate.kind == values.kind,
        LetterTemplate.language == values.language,
        LetterTemplate.age_band.is_(None)
        if values.age_band is None
        else LetterTemplate.age_band == values.age_band,
    )
    if template is not None:
        query = query.where(LetterTemplate.id != template.id)
    if db.session.scalar(query) is not None:
        if values.age_band is not None:
            raise LetterError(
                _(
                    "This case already has a text of this kind in “%(language)s” for this "
                    "age. Edit that one instead.",
                    language=values.language,
                ),
                "age_band",
            )
        raise LetterError(
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
        raise LetterError(_("A card needs its greeting, such as “Dear Leyla,”."), "salutation")
    render_letter_text(case, values.body, values.language)


def create_letter_text(actor: User, case: Case, values: LetterTextValues) -> LetterTemplate:
    """Add a case's letter text in one kind and language; audited."""
    _check_letter_text(case, None, values)
    template = LetterTemplate(case=case)
    editing.add(template, values, LetterError)
    audit.record(
        actor,
        "letter_text.created",
        subject=template,
        summary=f"{case.name}: {values.kind.value} in {values.language}"
        + (f" for {values.age_band.value}" if values.age_band else ""),
        case_id=case.id,
    )
    return template


def update_letter_text(
    actor: User, template: LetterTemplate, values: LetterTextValues
) -> list[str]:
    """Change a letter text; audited when something changed. Letters already written
    keep their own words."""
    _check_letter_text(template.case, template, values)
    changed = editing.save(template, values, LetterError)
    if changed:
        audit.record(
            actor,
            "letter_text.updated",
            subject=template,
            summary=f"{template.case.name}: {template.kind.value} in {template.language}"
            + (f" for {template.age_band.value}" if template.age_band else ""),
            case_id=template.case_id,
            changed=changed,
        )
    return changed


def _wiped(now: datetime) -> dict:
    """A supporter's letter without its writer: the row stays, so that counts of
    letters written and posted do not change."""
    return {
        "writer_name": "",
        "writer_town": "",
        "body": "",
        "anonymised_at": now,
        # The address its link was emailed to goes with them (issue 15, item 7).
        "link_email": None,
        "updates_opt_in": False,
        "post_reminder_wanted": False,
        "link_locale": None,
        "version": Letter.version + 1,
    }


def _wipe(now: datetime, *conditions) -> int:
    # "Email me this link" emails still in the outbox (sent or due) hold the address and
    # the link: they go with the letter, not OUTBOX_KEEP_SENT_DAYS later.
    db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.kind.in_((LINK_EMAIL_KIND, REMINDER_EMAIL_KIND)),
            select(Letter.id)
            .where(
                *conditions,
                Letter.link_email.is_not(None),
                OutboxMessage.body_text.contains(Letter.token),
            )
            .exists(),
        )
    )
    db.session.execute(
        delete(LetterDocument).where(
            LetterDocument.letter_id.in_(select(Letter.id).where(*conditions))
        )
    )
    result = db.session.execute(
        update(Letter)
        .where(*conditions)
        .values(_wiped(now))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def erase_letter(letter: Letter) -> None:
    """The writer deletes their letter: name, town, text and PDF go now, and so do the
    address its link was emailed to and any such email still in the outbox."""
    _wipe(utcnow(), Letter.id == letter.id, Letter.anonymised_at.is_(None))


def email_link(
    letter: Letter,
    email: str,
    *,
    letter_url: str,
    wants_updates: bool,
    wants_reminder: bool = False,
    locale: str = "en",
) -> None:
    """Email the writer their letter's private link, once, through the outbox, and keep
    the address (and whether they want to hear what happens to the person, and to be
    reminded to post it) on the letter until the letter's own data is wiped (issue 15,
    item 7; issue 18, item 7)."""
    if letter.anonymised_at is not None or letter.classroom_id is not None:
        raise LetterError(_("This letter can no longer be sent."))
    letter.link_email = email
    letter.updates_opt_in = wants_updates
    letter.post_reminder_wanted = wants_reminder
    # The reminder counts from the latest link sent: asking again is being active.
    letter.link_emailed_at = utcnow()
    letter.link_locale = locale
    db.session.flush()
    emails.send_letter_link(
        email, letter_url=letter_url, case_name=letter.case.name, kind=letter.kind.value
    )
    log.info("letter %s: its link was emailed to its writer", letter.id)


def remind_unposted_letters(now: datetime, days: int, *, batch: int = REMINDER_BATCH) -> int:
    """Email each writer whose letter's link went out `days` ago, and who neither said
    they posted it nor unticked the reminder, one reminder with the link (issue 18, item
    7). Returns how many were queued.

    Once, never more: the letter is stamped and its email written to the outbox in one
    transaction, by a conditional UPDATE, so two workers (or a run cut short and run
    again) can never both remind one letter."""
    due = list(
        db.session.scalars(
            select(Letter)
            .where(
                Letter.post_reminder_wanted.is_(True),
                Letter.post_reminder_sent_at.is_(None),
                Letter.link_email.is_not(None),
                Letter.anonymised_at.is_(None),
                Letter.posted_at.is_(None),
                Letter.link_emailed_at <= now - timedelta(days=days),
            )
            .order_by(Letter.id)
            .limit(batch)
        )
    )
    queued = 0
    for letter in due:
        claimed = db.session.execute(
            update(Letter)
            .where(Letter.id == letter.id, Letter.post_reminder_sent_at.is_(None))
            .values(post_reminder_sent_at=now)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            continue  # another worker reminded it first
        with force_locale(letter.link_locale or "en"):
            emails.send_letter_reminder(
                letter.link_email,
                letter_url=external_url("letters.letter", token=letter.token),
                case_name=letter.case.name,
                kind=letter.kind.value,
            )
        queued += 1
    if queued:
        log.info("%s letters' writers reminded to post them", queued)
    return queued


def anonymise_old_letters(now: datetime, days: int) -> int:
    """Wipe supporters' letters nobody changed for `days` days, and their stored PDFs.
    Students' letters follow their classroom's retention instead."""
    return _wipe(
        now,
        Letter.classroom_id.is_(None),
        Letter.anonymised_at.is_(None),
        Letter.updated_at < now - timedelta(days=days),
    )
