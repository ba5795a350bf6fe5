"""Render a long run of documents on every core, handing them back in order.

A delivery pack for a million signers is a few hundred parts of names, each an HTML
document whose pages and page numbers are known before it is drawn (webapp.delivery.layout),
so the parts are independent: WeasyPrint can lay out several at once in worker processes
while this process builds the next part's HTML and joins the finished ones. WeasyPrint
holds the GIL for nearly all its work, so threads would not help; processes do.

Workers are started with "spawn", never "fork": the process asking may be a web server
or a worker with threads, database connections and locks, none of which a forked child
may safely inherit. Spawning costs about a second per worker, so a run of one document
renders here, in this process, and the pool starts only when a second document comes.
At most one part per worker, and one more, is in flight, so memory stays bounded
whatever the number of parts.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

from webapp.printing import pdf

# A worker is replaced after this many documents: WeasyPrint's font and shaping caches
# (C memory, out of Python's reach) grow by about 0.3 MiB per thousand names laid out,
# so a worker living through a million names would grow by 300 MiB. 40 parts of 3,000
# names cost a second's restart per minute of work.
TASKS_PER_WORKER = 40


class OrderedRenders:
    """Render HTML documents to PDF, with up to `processes` at once, and call
    `on_rendered` with each result in the order the documents were given.

    Use as a context manager: leaving it renders and hands back what is left (or, on an
    error, stops the workers and hands back nothing more)."""

    def __init__(self, processes: int, on_rendered: Callable[[pdf.RenderedPdf], None]) -> None:
        self.processes = max(1, processes)
        self.on_rendered = on_rendered
        self._held: str | None = None  # the first document, until a second one comes
        self._pool: ProcessPoolExecutor | None = None
        self._pending: deque[Future[pdf.RenderedPdf]] = deque()

    def __enter__(self) -> OrderedRenders:
        return self

    def __exit__(self, error_type, error, traceback) -> None:
        if error_type is None:
            self.finish()
        elif self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def submit(self, html: str) -> None:
        if self.processes == 1:
            self.on_rendered(pdf.render_pdf(html))
            return
        if self._pool is None and self._held is None:
            self._held = html
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                max_tasks_per_child=TASKS_PER_WORKER,
            )
            self._pending.append(self._pool.submit(pdf.render_pdf, self._held))
            self._held = None
        self._pending.append(self._pool.submit(pdf.render_pdf, html))
        # Every worker busy and one part queued behind them, so none waits while this
        # process joins a part or builds the next; no more, so memory stays bounded.
        while len(self._pending) > self.processes + 1:
            self.on_rendered(self._pending.popleft().result())

    def finish(self) -> None:
        if self._held is not None:
            self.on_rendered(pdf.render_pdf(self._held))
            self._held = None
        while self._pending:
            self.on_rendered(self._pending.popleft().result())
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
