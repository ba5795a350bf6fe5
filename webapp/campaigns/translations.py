"""What a case says, in the reader's language (issue 20).

Organisers write a case, its issue area, petitions and targets in one language (the
case's `language`) and translate any of their texts beside it, field by field. Each saved
translation keeps a digest of the original as it was, so when the original changes the
translation shows as out of date in the CMS; it is still shown to readers (an older
sentence in their language serves them better than a newer one they cannot read) until
an organiser saves it again.

Pages read through `localised(subject, language)`: the same object, its translated fields
replaced by `LocalText`, a str that knows its language. Where a field has no translation
it is the original, and its `lang` differs from the page's, so templates mark it
(`lang_attr`) and say once that the text is not yet in the reader's language; one field
is always one language, never a mix inside a paragraph.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from webapp import audit
from webapp.domain import DomainError
from webapp.extensions import db
from webapp.models import (
    Case,
    CaseTranslation,
    IssueArea,
    IssueAreaTranslation,
    Petition,
    PetitionTranslation,
    Target,
    TargetTranslation,
    User,
)
from webapp.printing import envelopes
from webapp.utils.local_text import LocalText
from webapp.web import locales

Translatable = Case | IssueArea | Petition | Target
ROWS: dict[type, type] = {
    Case: CaseTranslation,
    IssueArea: IssueAreaTranslation,
    Petition: PetitionTranslation,
    Target: TargetTranslation,
}
# Lists kept as one line an item (an issue area's facts).
LIST_FIELDS = frozenset({"facts"})
DEFAULT_LANGUAGE = "en"


class TranslationError(DomainError):
    """A translation that cannot be saved: an unknown field or language."""


def original_language(subject: Translatable) -> str:
    """The language a subject is written in: its own for cases and issue areas, its
    case's for petitions and targets."""
    if isinstance(subject, Case | IssueArea):
        return subject.language or DEFAULT_LANGUAGE
    case = subject.case
    return case.language if case is not None and case.language else DEFAULT_LANGUAGE


def original_text(subject: Translatable, field: str) -> str:
    value = getattr(subject, field) or ""
    return "\n".join(value) if field in LIST_FIELDS else value


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class FieldTranslation:
    """One field of a subject in one language, as the CMS shows it."""

    field: str
    original: str
    text: str  # empty: not translated
    stale: bool  # the original changed after the translation was saved


def _rows(subject: Translatable, language: str) -> dict[str, Any]:
    return {row.field: row for row in subject.translations if row.language == language}


def fields_in(subject: Translatable, language: str) -> list[FieldTranslation]:
    """Every translatable field of a subject in `language`, beside its original."""
    rows = _rows(subject, language)
    found = []
    for field in type(subject).TRANSLATED:
        original = original_text(subject, field)
        row = rows.get(field)
        found.append(
            FieldTranslation(
                field,
                original,
                row.text if row else "",
                stale=row is not None and row.source_digest != digest(original),
            )
        )
    return found


@dataclass(frozen=True)
class LanguageState:
    """How far a subject is translated into one language, for the CMS's list."""

    language: str
    translated: int
    of: int
    stale: int

    @property
    def state(self) -> str:
        """complete, missing (nothing yet), partial, or stale (some out of date)."""
        if self.stale:
            return "stale"
        if self.translated == 0:
            return "missing"
        return "complete" if self.translated >= self.of else "partial"


def language_states(subject: Translatable) -> list[LanguageState]:
    """The subject's state in each interface language but its original's, and in any
    other language it has a translation in (a name's form for letters in Russian)."""
    original = original_language(subject)
    languages = [code for code in locales.SUPPORTED_LOCALES if code != original]
    languages += sorted(
        {row.language for row in subject.translations} - set(languages) - {original}
    )
    states = []
    for language in languages:
        fields = [f for f in fields_in(subject, language) if f.original.strip()]
        states.append(
            LanguageState(
                language,
                translated=sum(1 for f in fields if f.text),
                of=len(fields),
                stale=sum(1 for f in fields if f.stale),
            )
        )
    return states


def save_translation(
    actor: User, subject: Translatable, language: str, texts: dict[str, str]
) -> list[str]:
    """Set the subject's fields in `language` (an empty text removes that field's
    translation); each saved one remembers the original it translates. Returns the
    fields changed; audited."""
    if language == original_language(subject):
        raise TranslationError("This is the language of the original: edit the original.")
    unknown = set(texts) - set(type(subject).TRANSLATED)
    if unknown:
        raise TranslationError(f"not translatable: {', '.join(sorted(unknown))}")
    if isinstance(subject, Target) and texts.get("title", "").strip():
        _check_title_fits(subject, texts["title"])
    rows = _rows(subject, language)
    row_type = ROWS[type(subject)]
    changed = []
    for field, text in texts.items():
        text = "\n".join(line.rstrip() for line in text.strip().splitlines())
        row = rows.get(field)
        source = digest(original_text(subject, field))
        if not text:
            if row is not None:
                subject.translations.remove(row)
                changed.append(field)
            continue
        if row is None:
            subject.translations.append(
                row_type(language=language, field=field, text=text, source_digest=source)
            )
            changed.append(field)
        elif row.text != text or row.source_digest != source:
            # Saving an unchanged text again confirms it against the changed original.
            row.text, row.source_digest = text, source
            changed.append(field)
    if changed:
        db.session.flush()
        audit.record(
            actor,
            "translation.saved",
            subject=subject,
            summary=f"{type(subject).__name__} {subject.id} in {language}",
            language=language,
            changed=changed,
        )
    return changed


def _check_title_fits(target: Target, title: str) -> None:
    """A translated title prints in the envelope's window above the address, as the
    original does (campaigns.services checks that one): refused here, not at the first
    letter in that language."""
    heading = [target.name, title.strip()]  # one line: the form refuses line breaks
    problem = envelopes.address_block_problem(heading, target.address, target.country)
    if problem is not None:
        raise TranslationError(str(problem), "title")


def text_in(subject: Translatable, field: str, language: str) -> LocalText:
    """One field in `language` where translated, else the original."""
    row = _rows(subject, language).get(field) if language != original_language(subject) else None
    if row is not None:
        return LocalText(row.text, language, translated=True)
    return LocalText(original_text(subject, field), original_language(subject))


class Localised:
    """A case, issue area, petition or target read in one language: its translated
    fields are LocalText, the rest are the object's own; related cases, issue areas,
    petitions and targets are read in the same language. For templates: read only."""

    def __init__(self, subject: Translatable, language: str) -> None:
        self._subject = subject
        self._language = language
        self._texts: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        subject = self._subject
        if name in type(subject).TRANSLATED:
            if name not in self._texts:
                text = text_in(subject, name, self._language)
                self._texts[name] = (
                    [
                        LocalText(line, text.lang, translated=text.translated)
                        for line in text.splitlines()
                    ]
                    if name in LIST_FIELDS
                    else text
                )
            return self._texts[name]
        value = getattr(subject, name)
        if isinstance(value, Translatable):
            return Localised(value, self._language)
        if isinstance(value, list) and value and isinstance(value[0], Translatable):
            return [Localised(item, self._language) for item in value]
        return value

    def __eq__(self, other: object) -> bool:
        other = other._subject if isinstance(other, Localised) else other
        return self._subject == other

    def __hash__(self) -> int:
        return hash(self._subject)

    def __repr__(self) -> str:
        return f"<Localised {self._subject!r} in {self._language}>"


def localised(subject: Any, language: str | None = None) -> Any:
    """The subject read in `language` (the interface's, by default); None stays None."""
    if subject is None or isinstance(subject, Localised):
        return subject
    return Localised(subject, language or locales.current())


def name_in(case: Case, language: str) -> str:
    """The person's name as a text in `language` writes it (another script, another
    form), else as the case gives it: for {{ person }} in letter texts."""
    return str(text_in(case, "name", language))


def case_subjects(case: Case) -> list[tuple[str, Translatable]]:
    """Everything a case's page says, as the CMS translates it together: the case, its
    petitions and its targets, each with a prefix naming it in the form."""
    return [
        ("case", case),
        *[(f"petition_{petition.id}", petition) for petition in case.petitions],
        *[(f"target_{target.id}", target) for target in case.targets],
    ]


def summed_states(subjects: list[tuple[str, Translatable]]) -> list[LanguageState]:
    """Each language's state over several subjects (a case with its petitions and
    targets), in the order of the first subject's languages."""
    totals: dict[str, LanguageState] = {}
    for _prefix, subject in subjects:
        for state in language_states(subject):
            before = totals.get(state.language)
            totals[state.language] = (
                state
                if before is None
                else LanguageState(
                    state.language,
                    before.translated + state.translated,
                    before.of + state.of,
                    before.stale + state.stale,
                )
            )
    return list(totals.values())


def available_languages(subject: Translatable) -> list[str]:
    """The languages a subject can be read in: its original's first, then each one it
    has a translation in."""
    original = original_language(subject)
    return [original, *sorted({row.language for row in subject.translations} - {original})]
