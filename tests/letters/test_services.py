"""Letter rules: the writer's own words, paper sizes, what a case offers, demo texts."""

from __future__ import annotations

import tomllib

import pytest
from sqlalchemy import select

from tests.factories import CaseFactory, LetterFactory, LetterTemplateFactory
from webapp.campaigns.services import seed_demo_content
from webapp.letters import services
from webapp.models import LetterKind, LetterStatus, LetterTemplate, PaperSize

TEMPLATE = "Please release her now.\n\nShe has done nothing wrong."


@pytest.mark.parametrize(
    ("body", "refused"),
    [
        (TEMPLATE, "still exactly our suggested text"),
        ("  please RELEASE her now. she has done nothing wrong  ", "still exactly"),
        (TEMPLATE + " Thank you so much.", "at least one whole sentence"),
        (TEMPLATE + " I write from Lyon, where we think of her.", None),
        # Rewording counts as the writer's own words too.
        ("I ask you to set her free today: she has done nothing wrong.", None),
        # Chinese has no spaces: each character is a word.
        (TEMPLATE + " 我们每天都在想念她。", None),
        (TEMPLATE + " 谢谢。", "at least one whole sentence"),
    ],
)
def test_the_writer_must_add_a_sentence_of_their_own(body, refused):
    if refused is None:
        services.check_own_words(TEMPLATE, body)
    else:
        with pytest.raises(services.NotOwnWordsError, match=refused):
            services.check_own_words(TEMPLATE, body)


@pytest.mark.parametrize(
    ("country", "paper"),
    [
        ("US", PaperSize.LETTER),
        ("CA", PaperSize.LETTER),
        ("PH", PaperSize.LETTER),
        ("FR", PaperSize.A4),
        ("IR", PaperSize.A4),
        ("JP", PaperSize.A4),
    ],
)
def test_paper_follows_the_writers_country(country, paper):
    assert services.default_paper(country) is paper


def test_a_case_offers_cards_only_when_safe_and_addressed(db):
    case = CaseFactory(solidarity_safe=True, card_address="")
    LetterTemplateFactory(case=case)
    LetterTemplateFactory(case=case, card=True)
    assert services.offered_kinds(case) == [LetterKind.APPEAL]
    case.card_address = "PO Box 1\nLondon"
    assert services.offered_kinds(case) == [LetterKind.APPEAL, LetterKind.CARD]
    case.solidarity_safe = False
    assert services.offered_kinds(case) == [LetterKind.APPEAL]


def test_counts_come_from_the_letter_rows(db):
    case, other = CaseFactory(), CaseFactory()
    for status in (
        LetterStatus.DRAFT,
        LetterStatus.PRINTED,
        LetterStatus.PRINTED,
        LetterStatus.POSTED,
        LetterStatus.RETURNED,
        LetterStatus.APPROVED,
    ):
        LetterFactory(case=case, status=status)
    LetterFactory(case=other, status=LetterStatus.POSTED)
    counts = services.letter_counts([case.id, other.id])
    assert counts[case.id] == services.LetterCounts(written=4, posted=1)
    assert counts[other.id] == services.LetterCounts(written=1, posted=1)


def test_a_letter_in_a_language_the_case_lacks_is_refused(db):
    case = CaseFactory()
    LetterTemplateFactory(case=case)
    with pytest.raises(services.LetterError, match="no letter text in that language"):
        services.write_letter(
            case,
            kind=LetterKind.APPEAL,
            language="de",
            target_id=None,
            writer_name="A",
            writer_town="",
            writer_country="DE",
            paper=None,
            body=TEMPLATE + " Mine, truly mine.",
        )


def test_every_demo_case_has_letter_texts_in_two_languages_or_more(db):
    seed_demo_content()
    templates = db.session.scalars(select(LetterTemplate)).all()
    by_case: dict[str, dict[LetterKind, set[str]]] = {}
    for template in templates:
        by_case.setdefault(template.case.slug, {}).setdefault(template.kind, set()).add(
            template.language
        )
        assert 200 < len(template.body) <= services.BODY_MAX_CHARS
        assert template.closing and template.key_points and template.tips
        # Organisers' texts render in the sandbox with the values the composer gives.
        services.composer(template.case, template.kind, template.language)
    assert len(by_case) == 6
    for slug, kinds in by_case.items():
        assert len(kinds[LetterKind.APPEAL]) >= 2, slug
        assert "en" in kinds[LetterKind.APPEAL]
    assert {"fa", "ar"} <= set().union(*(kinds[LetterKind.APPEAL] for kinds in by_case.values()))
    # Cards only where the case takes them.
    for slug, kinds in by_case.items():
        if LetterKind.CARD in kinds:
            case = next(t.case for t in templates if t.case.slug == slug)
            assert case.accepts_cards


def test_seeding_twice_creates_no_second_set_of_texts(db):
    first = seed_demo_content()
    again = seed_demo_content()
    assert first["letter_texts"] > 0
    assert again["letter_texts"] == 0


def test_the_text_files_parse(db):
    for path in sorted(services.TEXTS_DIR.glob("*.toml")):
        texts = tomllib.loads(path.read_text(encoding="utf-8"))
        assert set(texts) <= {kind.value for kind in LetterKind}, path.name
