"""Class PDF benchmark: seconds and peak memory for one PDF of a classroom's letters.

    .venv/bin/python -m bench.class_pdf [--sizes 30 500] [--runs 3] [--timeout 900]

For each size N, a throwaway SQLite file gets one published case (two targets, appeal
and card texts), a verified teacher, a classroom and N students, each with one approved
letter of about 1,000 characters of their own (appeals to either target, and cards).
Then, each in a fresh process so its peak memory is its own:

  platform, first build     request_class_pdf(pad_to_even=True) and build_now: every letter
                            rendered by WeasyPrint on its own, stored, and joined
                            after a cover sheet (a teacher's first download)
  platform, letters stored  the same again once the letters' PDFs are stored (after a first
                            download, or with letters rendered at approval): merging only
  bare, one document        the naive way, in the same run: all N letters laid out by
                            WeasyPrint in ONE document (bench.pdf's bare WeasyPrint), no
                            cover sheet, no blank backs

Each prints wall-clock seconds, peak RSS during the work (getrusage ru_maxrss, its
high-water mark reset just before the work began, after start-up) and growth (that peak
less the RSS when the work began), and each output is read back with pypdf and
checked (readable, at least N pages, the right letters) so no figure measures nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.memory import peak_kib, start_measuring

CASES = {
    "first": "platform, first build",
    "stored": "platform, letters stored",
    "bare": "bare, one document",
}
MIB = 1024 * 1024

FIRST_NAMES = (
    "Amira Ben Chloé Dmitri Elif Femi Grace Hugo Ines Jonas Kofi Lena Mateo Nadia Omar "
    "Priya Quinn Rosa Sami Tariq Uma Vera Wen Ximena Yusuf Zoe Aiko Bruno Carmen Dara"
).split()

# What students add to the case's suggested text: each letter takes a different mix.
OWN_SENTENCES = (
    "Our class read about her in our citizenship lesson and we talked about it for a long "
    "time afterwards.",
    "I also write poems, and I cannot imagine being sent to prison for one of them.",
    "Everyone should be able to say what they think without being afraid of the police.",
    "My grandmother told me that letters like this one helped a friend of hers get out of "
    "prison many years ago.",
    "I am fourteen years old and I hope that when I am twenty-three I will be free to study "
    "and to write, as Leyla should be.",
    "Please think about her family, who have not been able to see her for months.",
    "Asthma is a serious illness and she needs her medicine and a doctor, not a cold cell.",
    "In our school we learn that human rights belong to everyone, in every country.",
    "A trial that lasts twenty minutes cannot be fair, and a poem is not a crime.",
    "Many students in my town have signed their names today because we care about her.",
    "I would like to read more of her poems one day, in a book with her name on it.",
    "Showing mercy and justice now would be remembered by people all over the world.",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[30, 500], help="letters in the classroom"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each case (median)")
    parser.add_argument(
        "--timeout", type=int, default=900, help="seconds each measurement may take"
    )
    parser.add_argument("--child", choices=["setup", *CASES], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = _child(args.child, args.db, args.size)
        print(json.dumps(result))
        return
    _parent(args.sizes, args.runs, args.timeout)


# The parent: imports nothing heavy, so a child's ru_maxrss is never the parent's -------


def _run_child(role: str, db_path: Path, size: int, timeout: int) -> dict:
    command = [
        sys.executable,
        "-m",
        "bench.class_pdf",
        "--child",
        role,
        "--db",
        str(db_path),
        "--size",
        str(size),
    ]
    try:
        done = subprocess.run(  # noqa: S603 - this very script, with our own arguments
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=Path(__file__).resolve().parent.parent,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish within {timeout} s (stopped)"}
    if done.returncode != 0:
        if done.returncode < 0:
            reason = f"killed by signal {-done.returncode} (out of memory?)"
        else:
            reason = f"exited with {done.returncode}"
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        return {"error": f"{reason}\n{tail}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _parent(sizes: list[int], runs: int, timeout: int) -> None:
    results: dict[tuple[int, str], dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench-class-pdf-") as tmp:
        for size in sizes:
            fresh = Path(tmp) / f"class-{size}.sqlite3"
            setup = _run_child("setup", fresh, size, timeout)
            if "error" in setup:
                raise SystemExit(f"setup of {size} letters failed: {setup['error']}")
            if size == sizes[0]:
                print(
                    f"WeasyPrint {setup['weasyprint']}, pypdf {setup['pypdf']}, "
                    f"{os.cpu_count()} CPUs; each case in a fresh process, median of {runs}\n"
                )
            print(
                f"{size} letters: {setup['appeals']} appeals, {setup['cards']} cards, "
                f"bodies {setup['body_min']}-{setup['body_max']} characters "
                f"(setup {setup['seconds']:.1f} s)",
                flush=True,
            )
            measured: dict[str, list[dict]] = {role: [] for role in CASES}
            for run in range(runs):
                # Every first build starts from letters never rendered; "stored" then uses
                # the PDFs that build kept in the database, so the order matters.
                work = Path(tmp) / f"run-{size}-{run}.sqlite3"
                shutil.copyfile(fresh, work)
                if Path(f"{fresh}-wal").exists():  # not checkpointed after all: copy it too
                    shutil.copyfile(f"{fresh}-wal", f"{work}-wal")
                for role in CASES:
                    result = _run_child(role, work, size, timeout)
                    measured[role].append(result)
                    shown = result["error"] if "error" in result else f"{result['seconds']:.1f} s"
                    print(f"  run {run + 1}, {CASES[role]}: {shown}", flush=True)
            for role, found in measured.items():
                results[size, role] = _median(found)
    print()
    _print_table(sizes, results)


def _median(found: list[dict]) -> dict:
    """The median of each figure over the runs; any failed run fails the case."""
    failed = [result for result in found if "error" in result]
    if failed:
        return failed[0]
    figures = ("seconds", "rss_before_kib", "peak_kib", "growth_kib")
    return {
        **found[0],
        **{key: statistics.median(result[key] for result in found) for key in figures},
    }


def _print_table(sizes: list[int], results: dict[tuple[int, str], dict]) -> None:
    header = (
        f"{'letters':>7}  {'case':<26}{'pages':>6}{'PDF MiB':>9}{'seconds':>9}"
        f"{'peak RSS MiB':>14}{'growth MiB':>12}{'s / bare':>10}{'peak / bare':>13}"
        f"{'growth / bare':>15}"
    )
    print(header)
    print("-" * len(header))
    for size in sizes:
        bare = results[size, "bare"]
        for role, label in CASES.items():
            result = results[size, role]
            if "error" in result:
                reason = result["error"].splitlines()[0]
                print(f"{size:>7}  {label:<26}  FAILED: {reason}")
                continue
            peak, growth = result["peak_kib"] / 1024, result["growth_kib"] / 1024
            line = (
                f"{size:>7}  {label:<26}{result['pages']:>6}{result['pdf_bytes'] / MIB:>9.1f}"
                f"{result['seconds']:>9.1f}{peak:>14.0f}{growth:>12.0f}"
            )
            if role != "bare" and "error" not in bare:
                line += (
                    f"{result['seconds'] / bare['seconds']:>9.2f}x"
                    f"{result['peak_kib'] / bare['peak_kib']:>12.2f}x"
                    f"{result['growth_kib'] / bare['growth_kib']:>14.2f}x"
                )
            print(line)
    small, large = min(sizes), max(sizes)
    if small == large:
        return
    print()
    for role, label in CASES.items():
        a, b = results[small, role], results[large, role]
        if "error" in a or "error" in b:
            continue
        per_letter = (b["growth_kib"] - a["growth_kib"]) / (large - small)
        seconds = (b["seconds"] - a["seconds"]) / (large - small) * 1000
        print(
            f"{label}: {seconds:.1f} ms and {per_letter:.0f} KiB of growth per letter "
            f"from {small} to {large} letters"
        )


# The children: one case each ----------------------------------------------------------


def _child(role: str, db_path: str, size: int) -> dict:
    from webapp import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
            "CLASS_PDF_IN_PROCESS": False,
            "OUTBOX_IN_PROCESS": False,
        }
    )
    with app.app_context():
        if role == "setup":
            return _setup(size)
        if role == "bare":
            return _bare(size)
        return _platform(size, stored=role == "stored")


def _body(start: str, index: int, name: str) -> str:
    """The suggested text, with sentences of the student's own: about 1,000 characters."""
    own = [f"My name is {name} and I am student number {index + 1} in my class in Leeds."]
    sentence = index * 7
    while len(start) + sum(len(s) + 1 for s in own) < 980:
        own.append(OWN_SENTENCES[sentence % len(OWN_SENTENCES)])
        sentence += 5  # coprime with 12: every sentence, in a different order per student
    return f"{start}\n\n{' '.join(own)}"


def _setup(size: int) -> dict:
    import time

    import pypdf
    import weasyprint

    from webapp.classrooms import services as classrooms
    from webapp.extensions import db
    from webapp.letters import services as letters
    from webapp.models import AgeBand, Case, CaseStatus, LetterKind, Target, User, utcnow

    started = time.perf_counter()
    db.create_all()
    case = Case(
        slug="leyla-ahmadi",
        name="Leyla Ahmadi",
        country="IR",
        headline="Jailed for a poem",
        story="A literature student sentenced to six years for a poem.\n\nShe has asthma.",
        ask="Release Leyla now.",
        status=CaseStatus.PUBLISHED,
        featured=True,
        solidarity_safe=True,
        sender_address_allowed=False,
        card_address="Leyla Ahmadi\nc/o Card Service\nPO Box 7\nLondon WC1X 0DW",
        card_country="GB",
        safety_notes="Write about poetry and hope, not about the trial.",
    )
    case.targets = [
        Target(
            name="Dr. Hossein Karimi",
            title="Head of the Judiciary",
            salutation="Dear Head of the Judiciary,",
            address="Office of the Head of the Judiciary\nNo. 27, Nastaran Alley\n"
            "Tehran 1143815611",
            country="IR",
            language="fa",
            position=0,
        ),
        Target(
            name="Mr Amir Rahimi",
            title="Prosecutor General",
            salutation="Dear Prosecutor General,",
            address="Office of the Prosecutor General\nVali Asr Avenue 1240\nTehran 1598718311",
            country="IR",
            language="fa",
            position=1,
        ),
    ]
    db.session.add(case)
    db.session.flush()
    letters.load_letter_texts(case)  # appeal and card texts from letters/texts/
    teacher = User(
        email="teacher@school.example.org",
        name="Ms Okafor",
        password_hash="!no-login-in-the-benchmark",  # noqa: S106 - never checked
        email_verified_at=utcnow(),
    )
    db.session.add(teacher)
    classroom = classrooms.create_classroom(
        teacher,
        name="Year 8 Citizenship",
        school="Riverside School",
        town="Leeds",
        country="GB",
        age_band=AgeBand.FROM_11,
    )
    starts = {
        kind: letters.composer(case, kind, "en").body
        for kind in (LetterKind.APPEAL, LetterKind.CARD)
    }
    ids, lengths, cards = [], [], 0
    for index in range(size):
        lap, first = divmod(index, len(FIRST_NAMES))
        name = FIRST_NAMES[first] + (f" {lap + 1}" if lap else "")
        student = classrooms.join_classroom(classroom.join_code, name, name_confirmed=True)
        # Two appeals (one to each target) for each card, as a class might write them.
        kind = LetterKind.CARD if index % 3 == 2 else LetterKind.APPEAL
        target = None if kind is LetterKind.CARD else case.targets[index % 3].id
        body = _body(starts[kind], index, name)
        letter = classrooms.write_student_letter(
            student, case, kind=kind, language="en", target_id=target, body=body, submit=True
        )
        ids.append(letter.id)
        lengths.append(len(letter.body))
        cards += kind is LetterKind.CARD
    approved = classrooms.approve_letters(classroom, ids)
    db.session.commit()
    # Closing the last connection checkpoints the WAL: the file alone is then the database.
    db.session.remove()
    db.engine.dispose()
    _check(approved == size, f"approved {approved} of {size} letters")
    return {
        "seconds": time.perf_counter() - started,
        "appeals": size - cards,
        "cards": cards,
        "body_min": min(lengths),
        "body_max": max(lengths),
        "weasyprint": weasyprint.__version__,
        "pypdf": pypdf.__version__,
    }


class BenchmarkError(RuntimeError):
    """The output is not what the case should have made: its figures would mean nothing."""


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise BenchmarkError(message)


def _platform(size: int, *, stored: bool) -> dict:
    import time
    from io import BytesIO

    from pypdf import PdfReader
    from sqlalchemy import func, select

    from webapp.classrooms import printing
    from webapp.extensions import db
    from webapp.models import Classroom, JobStatus, LetterDocument

    classroom = db.session.scalars(select(Classroom)).one()
    documents_before = db.session.scalar(select(func.count()).select_from(LetterDocument))
    _check(
        documents_before == (size if stored else 0),
        f"{documents_before} letter PDFs stored before the build",
    )
    db.session.commit()
    rss_before = start_measuring()

    started = time.perf_counter()
    job = printing.request_class_pdf(classroom, pad_to_even=True)
    db.session.commit()
    job = printing.build_now(job)
    seconds = time.perf_counter() - started
    peak = peak_kib()

    _check(job.status is JobStatus.DONE, f"job {job.status.value}: {job.error}")
    _check(job.total == size, f"{job.total} letters in the PDF")
    reader = PdfReader(BytesIO(job.pdf))
    pages = len(reader.pages)
    _check(pages == job.page_count, f"{pages} pages read, job says {job.page_count}")
    # A cover sheet and each letter padded to an even number of pages.
    _check(pages >= 2 * size + 1 and pages % 2 == 0, f"{pages} pages for {size} letters")
    _check("Year 8 Citizenship" in reader.pages[0].extract_text(), "no cover sheet")
    last = "".join(page.extract_text() for page in reader.pages[-4:])
    _check("student number" in last, "the last pages are not a student's letter")
    documents_after = db.session.scalar(select(func.count()).select_from(LetterDocument))
    _check(documents_after == size, f"{documents_after} letter PDFs stored after the build")
    return {
        "seconds": seconds,
        "rss_before_kib": rss_before,
        "peak_kib": peak,
        "growth_kib": peak - rss_before,
        "pages": pages,
        "pdf_bytes": len(job.pdf),
    }


def _bare(size: int) -> dict:
    import time
    from io import BytesIO

    from pypdf import PdfReader
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from bench.pdf import bare_render
    from webapp.extensions import db
    from webapp.letters import services as letters
    from webapp.models import Case, Classroom, Letter
    from webapp.printing import pdf

    classroom = db.session.scalars(select(Classroom)).one()
    title = f"Letters from {classroom.name}, {classroom.school}"
    rss_before = start_measuring()

    started = time.perf_counter()
    rows = db.session.scalars(
        select(Letter)
        .where(Letter.classroom_id == classroom.id)
        .options(selectinload(Letter.case).selectinload(Case.targets), selectinload(Letter.target))
        .order_by(Letter.kind, Letter.target_id, Letter.id)
    ).all()
    values = [letters.letter_values(letter, page_url="") for letter in rows]
    content = bare_render(pdf.letters_html(values, title=title, language="en"))
    seconds = time.perf_counter() - started
    peak = peak_kib()

    _check(len(values) == size, f"{len(values)} letters laid out")
    reader = PdfReader(BytesIO(content))
    pages = len(reader.pages)
    _check(pages >= size, f"{pages} pages for {size} letters")
    last = "".join(page.extract_text() for page in reader.pages[-2:])
    _check("student number" in last, "the last pages are not a student's letter")
    return {
        "seconds": seconds,
        "rss_before_kib": rss_before,
        "peak_kib": peak,
        "growth_kib": peak - rss_before,
        "pages": pages,
        "pdf_bytes": len(content),
    }


if __name__ == "__main__":
    main()
