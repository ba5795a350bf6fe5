"""Public pages with a form, rendered once every few seconds per process instead of on
every request: on a campaign day the case page is read tens of times a second, and
rendering it was most of the cost of a signature (bench/sign.py).

A page is kept with its form's per-visitor values (CSRF token, the signed "shown at"
stamp, the proof-of-work challenge) cut out; each visitor gets the kept page with fresh
ones put back. Counts on it are at most PAGE_CACHE_SECONDS old. Only anonymous visitors
with nothing to be told (no flashed message) get a kept page; everyone else, and every
page with an error, is rendered as before.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, g, session
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

from webapp.web import locales, proof_of_work
from webapp.web.auth import current_user, student_in_session
from webapp.web.human_check import HumanCheckForm, new_shown_stamp


@dataclass(frozen=True)
class _Kept:
    # The page cut at its slots: text, a slot's name, text, ... (always an odd count).
    parts: tuple[str, ...]
    expires: float
    form_name: str  # the form a fresh "shown at" stamp is made for

    def filled(self, values: dict[str, str]) -> str:
        """The page with these values in its slots, built in one pass: replacing each
        slot in turn copied the whole page once per slot (issue 19)."""
        pieces = list(self.parts)
        pieces[1::2] = [values[name] for name in self.parts[1::2]]
        return "".join(pieces)


_kept: dict[tuple, _Kept] = {}
_lock = threading.Lock()


def _slot_values(shown_at: str, challenge: dict | None) -> dict[str, str]:
    """Each slot's value, escaped as the page holds it. The CSRF token is this request's
    (the same one the form rendered, if it did)."""
    values = {"csrf": generate_csrf(), "shown_at": shown_at}
    if challenge:
        values |= {name: challenge[name] for name in ("salt", "challenge", "signature")}
    return {name: str(escape(value)) for name, value in values.items()}


def _fresh_values(form_name: str) -> dict[str, str]:
    """New values for one more visitor of a kept page."""
    challenge = proof_of_work.new_challenge() if current_app.config["PROOF_OF_WORK"] else None
    return _slot_values(new_shown_stamp(form_name), challenge)


def _may_share() -> bool:
    """Whether this visitor may get the page everyone gets."""
    seconds = current_app.config["PAGE_CACHE_SECONDS"]
    # get_flashed_messages() would take the messages away: look without touching.
    # A signed-in user or a student sees their own links in the header.
    return (
        seconds > 0
        and current_user() is None
        and student_in_session()[0] is None
        and not session.get("_flashes")
    )


def rendering_for_everyone() -> bool:
    """Whether the page being rendered will be kept for other visitors too (so it must
    hold nothing of this visitor's request, such as its query string)."""
    return bool(g.get("page_for_everyone"))


def serve(key: tuple, render: Callable[[], tuple[str, HumanCheckForm]]) -> str:
    """The page for `key`: kept (with fresh values) if one is, or rendered and kept.

    render() returns the page and the form it was rendered with."""
    if not _may_share():
        return render()[0]
    # Visitors in different languages never share a page (webapp.web.locales).
    key = (*key, locales.current())
    kept = _kept.get(key)
    if kept is not None and kept.expires > time.monotonic():
        return kept.filled(_fresh_values(kept.form_name))
    g.page_for_everyone = True
    page, form = render()
    # In the kept copy, each per-visitor value becomes a slot (NUL never occurs in a page).
    template = page
    for name, value in _slot_values(form.shown_at.data, form.proof_challenge).items():
        template = template.replace(value, f"\x00{name}\x00")
    with _lock:
        expires = time.monotonic() + current_app.config["PAGE_CACHE_SECONDS"]
        _kept[key] = _Kept(tuple(template.split("\x00")), expires, form.stamp_name())
    return page


def clear() -> None:
    """Forget every kept page (tests, and after content changes in this process)."""
    with _lock:
        _kept.clear()
