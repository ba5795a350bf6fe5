"""`flask seed` gives every demo case offered to classes its texts and stories for the
younger classes, in words children use (issue 16, item 5)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from webapp.letters.services import composer, offered_kinds
from webapp.models import AgeBand, Case, LetterKind, LetterTemplate

# Words of the appeals for adults that no class of under 14 should start from.
ADULT_WORDS = ("quash", "covenant", "unconditionally", "impartial", "hate crime", "ratified")


@pytest.fixture
def seeded(runner, db):
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    return db


def _offered_to(db, band: AgeBand) -> list[Case]:
    cases = db.session.scalars(db.select(Case).where(Case.classroom_min_age <= band.min_age))
    return [case for case in cases if offered_kinds(case, band)]


@pytest.mark.parametrize("band", [AgeBand.UNDER_11, AgeBand.FROM_11])
def test_every_demo_case_offered_to_young_classes_has_their_appeal_and_story(seeded, band):
    cases = _offered_to(seeded, band)
    assert len(cases) >= (3 if band is AgeBand.UNDER_11 else 5)
    for case in cases:
        assert case.story_for(band).strip(), case.slug
        assert case.story_for(band) != case.story
        start = composer(case, LetterKind.APPEAL, "en", band=band)
        assert (start.age_band, start.scaffold) == (band, False), case.slug
        text = " ".join([start.body, *start.key_points]).casefold()
        for word in ADULT_WORDS:
            assert word not in text, (case.slug, word)


def _case(db, slug: str) -> Case:
    return db.session.scalars(select(Case).where(Case.slug == slug)).one()


def test_the_under_11_asks_are_in_a_childs_words(seeded):
    leyla = _case(seeded, "leyla-ahmadi")
    start = composer(leyla, LetterKind.APPEAL, "en", band=AgeBand.UNDER_11)
    assert "Please let Leyla go home to her family." in start.body
    assert "made-up story" in leyla.story_under_11


def test_band_texts_come_in_spanish_and_french_where_the_case_has_those_languages(seeded):
    tomas = _case(seeded, "tomas-herrera")
    languages = set(
        seeded.session.scalars(
            select(LetterTemplate.language).where(
                LetterTemplate.case_id == tomas.id, LetterTemplate.age_band == AgeBand.FROM_11
            )
        )
    )
    assert languages == {"en", "es", "fr"}
    assert composer(tomas, LetterKind.APPEAL, "fr", band=AgeBand.FROM_11).language == "fr"
    for slug in ("leyla-ahmadi", "alina-vasilenko", "rina-santos"):
        case = _case(seeded, slug)
        start = composer(case, LetterKind.APPEAL, "es", band=AgeBand.FROM_11)
        assert start.language == "es", slug


def test_seeding_again_adds_no_second_band_text(runner, seeded):
    def count() -> int:
        return seeded.session.scalar(select(func.count()).select_from(LetterTemplate))

    before = count()
    assert runner.invoke(args=["seed"]).exit_code == 0
    assert count() == before
