"""Page images of what the platform prints, from the demo content (see README.md here).

.venv/bin/python docs/pages/make_pages.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
OWN_SENTENCE = "I write from Lyon, where my whole family thinks of you every day."
SIGNERS = ["Ana Pérez", "Олег Иванов", "مريم حسینی", "陳 林", "Zoë O'Neil"]


def _image(content: bytes, name: str, last_page: int = 1) -> None:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as source:
        source.write(content)
        source.flush()
        subprocess.run(  # noqa: S603 - our own file names
            ["pdftoppm", "-r", "60", "-png", "-l", str(last_page), source.name, OUT / name],  # noqa: S607
            check=True,
        )


def main() -> None:
    from tests.factories import (
        ClassroomFactory,
        LetterFactory,
        SignatureFactory,
        StudentFactory,
        UserFactory,
    )
    from webapp import create_app
    from webapp.campaigns.services import seed_demo_content
    from webapp.classrooms import printing
    from webapp.config import TestingConfig
    from webapp.delivery import services as delivery
    from webapp.extensions import db
    from webapp.letters import services as letters
    from webapp.models import Base, Case, LetterKind, LetterStatus, PaperSize

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    app = create_app(Config)
    with app.app_context():
        Base.metadata.create_all(db.engine)
        seed_demo_content()

        def case(slug: str) -> Case:
            return db.session.scalars(db.select(Case).where(Case.slug == slug)).one()

        def letter_pdf(slug: str, kind: LetterKind, language: str, paper: str) -> bytes:
            chosen = case(slug)
            start = letters.composer(chosen, kind, language)
            letter = letters.write_letter(
                chosen,
                kind=kind,
                language=language,
                target_id=chosen.targets[0].id if kind is LetterKind.APPEAL else None,
                writer_name="Ana Pérez",
                writer_town="Lyon",
                writer_country="FR",
                paper=PaperSize(paper),
                body=f"{start.body}\n\n{OWN_SENTENCE}",
            )
            to_render = letters.letter_to_render(letter, page_url="https://w4r.example/x")
            return to_render.render().content

        _image(letter_pdf("tomas-herrera", LetterKind.APPEAL, "es", "letter"), "appeal-letter-es")
        _image(letter_pdf("leyla-ahmadi", LetterKind.CARD, "en", "a4"), "card-a4-en")

        # A class of three whose approved letters print with a cover in French.
        leyla = case("leyla-ahmadi")
        room = ClassroomFactory(
            name="Clase 3º B", school="Escuela Ñandú", town="Lyon", country="FR"
        )
        for student in StudentFactory.create_batch(3, classroom=room):
            LetterFactory(
                case=leyla,
                target=leyla.targets[0],
                classroom=room,
                student=student,
                status=LetterStatus.APPROVED,
                writer_name=student.display_name,
            )
        db.session.commit()
        job = printing.request_class_pdf(room, pad_to_even=False, language="fr")
        db.session.commit()
        printing.build_now(job)
        db.session.refresh(job)
        _image(job.pdf, "class-cover-fr")

        # A delivery pack of 400 signers in five scripts.
        petition = leyla.petitions[0]
        for number in range(400):
            SignatureFactory(
                petition=petition, confirmed=True, full_name=f"{SIGNERS[number % 5]} {number}"
            )
        organiser = UserFactory(organiser=True)
        db.session.commit()
        pack = delivery.request_pack(organiser, petition, include_names=True, language="en")
        db.session.commit()
        delivery.build_now(pack)
        db.session.refresh(pack)
        _image(pack.pdf, "delivery-pack-en", last_page=2)


if __name__ == "__main__":
    main()
