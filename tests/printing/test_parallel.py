"""webapp.printing.parallel: documents rendered in worker processes come back whole and in
the order given; one document alone renders in the asking process, with no pool."""

from __future__ import annotations

import multiprocessing

import pytest

from tests.letters.reading import pdf_text
from webapp.printing import pdf
from webapp.printing.parallel import OrderedRenders


def _html(n: int) -> str:
    return pdf.delivery_names_html(
        {
            "language": "en",
            "title": f"Part {n}",
            "page_css": "",
            "pages": [[[{"wraps": False, "text": f"{n}. Signer number {n}, France"}]]],
        }
    )


def test_many_documents_render_in_worker_processes_and_come_back_in_order(app):
    received: list[str] = []
    workers_seen: list[int] = []

    def on_rendered(rendered: pdf.RenderedPdf) -> None:
        received.append(pdf_text(rendered.content))
        workers_seen.append(len(multiprocessing.active_children()))

    with app.app_context(), OrderedRenders(2, on_rendered) as renders:
        for n in range(1, 8):
            renders.submit(_html(n))
    assert [f"Signer number {n}," in text for n, text in enumerate(received, 1)] == [True] * 7
    assert max(workers_seen) == 2  # rendered by the two workers, not here
    assert multiprocessing.active_children() == []  # and the pool is gone afterwards


def test_one_document_renders_here_without_starting_workers(app):
    received: list[str] = []

    def on_rendered(rendered: pdf.RenderedPdf) -> None:
        received.append(pdf_text(rendered.content))
        assert multiprocessing.active_children() == []

    with app.app_context(), OrderedRenders(2, on_rendered) as renders:
        renders.submit(_html(1))
        assert received == []  # held until it is known whether a second one comes
    assert len(received) == 1 and "Signer number 1," in received[0]


def test_an_error_stops_the_workers_and_hands_back_nothing_more(app):
    received: list[bytes] = []
    with pytest.raises(RuntimeError), app.app_context():
        with OrderedRenders(2, lambda rendered: received.append(rendered.content)) as renders:
            renders.submit(_html(1))
            renders.submit(_html(2))
            raise RuntimeError("the list of signers changed")
    assert received == []
    assert multiprocessing.active_children() == []
