"""PDF benchmark: milliseconds per letter through webapp.printing.pdf against bare WeasyPrint.

    .venv/bin/python -m bench.pdf [--runs 15]

Both sides render the same HTML (webapp.printing.pdf.letters_html) with the same stylesheets,
fonts and PDF/UA output. "Bare" is how WeasyPrint is used out of the box: a new
HTML(...).write_pdf() per document, stylesheets and fonts read from disk by its default
fetcher. The platform adds the Jinja layouts, input checks and its locked-down fetcher,
and keeps parsed stylesheets and loaded fonts per thread. Target: platform / bare < 1.3.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import weasyprint

from webapp import create_app
from webapp.printing import envelopes, pdf

LETTER = {
    "kind": "appeal",
    "paper": "a4",
    "language": "en",
    "direction": "ltr",
    "ui_language": "en",
    "ui_direction": "ltr",
    "writer_name": "Ana Pérez",
    "writer_town": "Lyon",
    "writer_country_name": "France",
    "date": "24 November 2026",
    "address_language": "en",
    "recipient_lines": [
        "Dr. Hossein Karimi-Nejad",
        "Head of the Judiciary",
        "No. 27, Nastaran Alley, Khayyam Street",
        "Tehran 1143815611",
        "IRAN",
    ],
    "recipient_country_name": "Iran",
    "abroad": True,
    "salutation": "Dear Head of the Judiciary,",
    "closing": "Yours sincerely,",
    "body": (
        "I am writing to urge you to release Leyla Ahmadi immediately and unconditionally. "
        "She is a 23-year-old student sentenced to six years in prison for a poem.\n\n"
        "Peaceful expression is protected by international human rights law. Until she is "
        "released, please ensure she can see her lawyer and family, and receives the "
        "medical care she needs for her asthma.\n\n"
        "I am a teacher in Lyon, and my students and I think of Leyla every day."
    ),
    "show_sender_place": True,
    "sender_place": "Lyon, France",
    "safety_notes": "",
    "page_url": "https://example.org/letters/Zx8c1Yb3Qm0pL2sV9tR4uA",
    "running_before": "Ana Pérez · Page ",
    "running_between": " of ",
    "running_after": "",
}


def bare_render(html: str) -> bytes:
    """WeasyPrint as its documentation shows it: files from disk, a new render each time."""
    base = pdf.LETTERS_DIR.as_uri() + "/"
    return weasyprint.HTML(string=html, base_url=base).write_pdf(
        stylesheets=[
            *(str(pdf.LETTERS_DIR / name) for name in pdf.STYLESHEETS),
            weasyprint.CSS(string=envelopes.stylesheet()),
        ],
        **pdf.PDF_OPTIONS,
    )


def platform_render(letters: list[dict]) -> bytes:
    return pdf.render_letters(letters, title="Letters", language="en").content


def median_ms(work: Callable[[], object], runs: int) -> float:
    work()  # warm-up: imports, caches, the first font loads
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per figure")
    args = parser.parse_args()

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        print(f"WeasyPrint {weasyprint.__version__}, median of {args.runs} runs\n")
        print(f"{'case':<28}{'platform':>12}{'bare':>12}{'ratio':>8}")
        for label, count, runs in (
            ("1 letter", 1, args.runs),
            ("100 letters, one document", 100, max(3, args.runs // 5)),
        ):
            letters = [LETTER] * count
            html = pdf.letters_html(letters, title="Letters", language="en")
            ours = median_ms(lambda letters=letters: platform_render(letters), runs) / count
            bare = median_ms(lambda html=html: bare_render(html), runs) / count
            verdict = "ok" if ours / bare < 1.3 else "OVER 1.3"
            print(
                f"{label:<28}{ours:>9.1f} ms{bare:>9.1f} ms{ours / bare:>7.2f}x  {verdict}"
                "  (per letter)"
            )


if __name__ == "__main__":
    main()
