"""Delivery pack benchmark: signers' names rendered per second, and peak memory as they grow.

    .venv/bin/python -m bench.delivery_pack [--sizes 3000 12000 30000] [--bare 2623]
        [--processes 1 2] [--runs 2]

Both sides lay out the same names (a deterministic mix of Latin, accented, Arabic,
Cyrillic and Chinese names, one in twenty long enough to wrap) with the same fonts and
stylesheets and PDF/UA output:

  platform   webapp.delivery.services.render_names, what a pack's build runs: pages laid
             out in Python (webapp.delivery.layout), rendered a part of about
             DELIVERY_NAMES_PER_PART names at a time, each with its running headers, and
             joined by webapp.printing.merge into a temporary file as it goes; the
             parts rendered in 1 or more worker processes (--processes, the setting
             DELIVERY_RENDER_PROCESSES; webapp.printing.parallel)
  bare       WeasyPrint used out of the box on the same names: one HTML document, an <li>
             a signer in a two-column list (the pack's layout before issue 17),
             HTML(...).write_pdf() with the same stylesheets

Each case runs in a fresh process (its peak RSS its own, the high-water mark reset after
start-up) and prints names per second of wall-clock time and of CPU time (the machine is
shared: CPU time is the steadier figure), peak RSS growth during the work, and the pages
made, after reading the output back with pypdf (page count, last number printed) so no
figure measures nothing. Target: platform at least 2,000 names a second of wall-clock
time on this 2-core machine, its memory flat as the names grow.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time

from bench.memory import peak_kib, start_measuring

MIB = 1024


def _names(count: int) -> list[tuple[str, str]]:
    rng = random.Random(17)  # noqa: S311 - test data, not secrets
    first = (
        "Maria John Leyla Zoë Jean-Pierre Ahmad Søren Nguyễn Ana Olena Chloé Dmitri Elif "
        "Femi Grace Hugo Ines Kofi Lena Mateo Nadia Omar Priya Rosa Tariq"
    ).split() + ["مريم", "Олег", "陳", "Ana Carolina"]
    last = (
        "Pérez Smith Ahmadi O'Neil Dupont Karimi Larsen Hương Oliveira Kowalski Müller "
        "Novak Haddad Okafor Tanaka García Rossi Jensen"
    ).split() + ["Иванов", "حسینی", "林"]
    countries = ["GB", "FR", "IR", "MX", "BR", "DE", "ES", "EG", "UA", "TW"]
    names = []
    for n in range(count):
        name = f"{rng.choice(first)} {rng.choice(last)}"
        if n % 20 == 0:
            name += " " + " ".join(rng.choice(last) for _ in range(5)) + " de la Rochefoucauld"
        names.append((name, rng.choice(countries)))
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3000, 12000, 30000])
    parser.add_argument("--bare", type=int, default=2623, help="names for bare WeasyPrint")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--child", choices=["platform", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.size, args.workers)))
        return
    cases = [("bare", args.bare, 1)] + [
        ("platform", size, processes) for processes in args.processes for size in args.sizes
    ]
    print(
        f"{'case':<14}{'names':>9}{'pages':>7}{'wall s':>9}{'names/s':>9}"
        f"{'cpu s':>8}{'names/cpu s':>13}{'peak +MiB':>11}{'worker MiB':>12}"
    )
    for run in range(args.runs):
        for role, size, processes in cases:
            command = ["--child", role, "--size", str(size), "--workers", str(processes)]
            done = subprocess.run(  # noqa: S603 - this very script, with our own arguments
                [sys.executable, "-m", "bench.delivery_pack", *command],
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode:
                raise SystemExit(f"{role} {size}: {done.stderr.strip().splitlines()[-1:]}")
            r = json.loads(done.stdout.strip().splitlines()[-1])
            name = role if role == "bare" else f"{role} x{processes}"
            worker = f"{r['worker_kib'] / MIB:>12.1f}" if r["worker_kib"] else f"{'-':>12}"
            print(
                f"{name:<14}{size:>9,}{r['pages']:>7,}{r['wall']:>9.2f}{size / r['wall']:>9,.0f}"
                f"{r['cpu']:>8.2f}{size / r['cpu']:>13,.0f}{r['growth_kib'] / MIB:>11.1f}{worker}"
                + (f"   (run {run + 1})" if args.runs > 1 else "")
            )


def _child(role: str, size: int, workers: int) -> dict:
    import resource
    import tempfile
    from io import BytesIO

    from flask_babel import force_locale
    from pypdf import PdfReader

    from webapp import create_app
    from webapp.delivery import layout, services
    from webapp.printing import pdf
    from webapp.printing.merge import StreamingPdfMerger

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "DELIVERY_IN_PROCESS": False})
    names = _names(size)
    with app.app_context(), force_locale("en"), tempfile.TemporaryFile() as output:
        # Warm up as a worker would be: stylesheets parsed and fonts loaded once.
        pdf.render_pdf(
            pdf.delivery_names_html(
                {
                    "language": "en",
                    "title": "warm-up",
                    "page_css": "",
                    "pages": [[[{"wraps": False, "text": "1. Warm Up, France"}]]],
                }
            )
        )
        entries = services._Entries("en", size)
        if role == "platform":
            counter = layout.Placement()
            for number, (name, country) in enumerate(names, start=1):
                counter.add(number, entries.text(name, country), "")
            expected_pages = counter.finish()
            numbering = services._Numbering(
                "Free Leyla Ahmadi", size, expected_pages, entries.number
            )
            baseline = start_measuring()
            started, cpu = time.perf_counter(), time.process_time()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)  # start-up's (ldconfig)
            merger = StreamingPdfMerger(output)
            services.render_names(
                merger,
                iter(names),
                entries,
                numbering,
                first_page=1,
                part_size=app.config["DELIVERY_NAMES_PER_PART"],
                language="en",
                title="Free Leyla Ahmadi",
                processes=workers,
            )
            pages = merger.finish(title="Free Leyla Ahmadi", language="en", producer="bench")
        else:
            import weasyprint

            items = "".join(
                f'<li><span class="names__number">{n}.</span> <span dir="auto">{_escape(name)}'
                f"</span>, {country}</li>"
                for n, (name, country) in enumerate(names, start=1)
            )
            html = (
                '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare</title>'
                "<style>.names__list{columns:2;column-gap:8mm;list-style:none;padding:0}"
                ".names__list li{break-inside:avoid}</style></head><body>"
                f'<ul class="names__list">{items}</ul></body></html>'
            )
            stylesheets = [
                weasyprint.CSS(
                    string=pdf._read_asset(pdf._asset_path(n)).decode(),
                    base_url=pdf.ASSET_BASE + n,
                    url_fetcher=pdf.LetterAssetFetcher(),
                )
                for n in pdf.STYLESHEETS
            ]
            expected_pages = None
            baseline = start_measuring()
            started, cpu = time.perf_counter(), time.process_time()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            content = weasyprint.HTML(
                string=html, base_url=pdf.ASSET_BASE, url_fetcher=pdf.LetterAssetFetcher()
            ).write_pdf(stylesheets=stylesheets, **pdf.PDF_OPTIONS)
            output.write(content)
            pages = None
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        growth = peak_kib() - baseline
        # The workers are gone (the pool shuts down at the end): their CPU and peak count.
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu += children.ru_utime + children.ru_stime - before.ru_utime - before.ru_stime
        output.seek(0)
        reader = PdfReader(BytesIO(output.read()))
        count = len(reader.pages)
        # Bare WeasyPrint balances its columns: look for the last number in the whole text.
        last = "".join(page.extract_text() for page in reader.pages[-1 if pages else 0 :])
        last = last.replace("\x00", "")  # pypdf reads some two-byte codes of bare output so
        if (pages is not None and count != pages) or (
            expected_pages is not None and count != expected_pages
        ):
            raise SystemExit(f"{role}: {count} pages, expected {expected_pages}")
        if f"{size:,}." not in last and f"{size}." not in last:
            raise SystemExit(f"{role}: the last signer's number is not in the output")
    return {
        "pages": count,
        "wall": wall,
        "cpu": cpu,
        "growth_kib": growth,
        "worker_kib": children.ru_maxrss if workers > 1 and role == "platform" else 0,
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


if __name__ == "__main__":
    main()
