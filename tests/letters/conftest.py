"""Fixtures for letters: a case with texts in two languages, and a way to count fetches."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.factories import LetterTemplateFactory, leyla_ahmadi_case

PERSIAN_SALUTATION = "جناب آقای رئیس محترم قوه قضاییه،"
PERSIAN_TEXT = "من برای آزادی لیلا احمدی به شما نامه می‌نویسم.\n\nاو فقط یک شعر نوشته است."


@pytest.fixture
def case(db):
    """A published case taking appeals in English and Persian, and cards without address."""
    case = leyla_ahmadi_case()
    LetterTemplateFactory(case=case)
    LetterTemplateFactory(
        case=case,
        language="fa",
        salutation=PERSIAN_SALUTATION,
        closing="با احترام،",
        body=PERSIAN_TEXT,
        key_points=["آزادی فوری لیلا"],
        tips=["مودب باشید"],
    )
    LetterTemplateFactory(case=case, card=True)
    db.session.refresh(case)
    return case


class _CountingHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        self.server.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def outside_host():
    """A web server standing in for any outside host: it records every request it gets."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
