"""The public forms' proof of work (webapp/proof_of_work.py): a solved challenge is taken
once; a wrong, forged, altered, expired, malformed or replayed one is refused in plain
words; a form without one (no JavaScript) still works, under a stricter limit on signing.
And in a real Chromium: the page's script solves it, and without JavaScript people sign."""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import logging
import re
import time
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from tests.factories import PetitionFactory
from webapp.extensions import limiter
from webapp.models import Signature
from webapp.web import proof_of_work
from webapp.web.human_check import HumanCheckForm

SMALL = 50  # a challenge Python solves at once


@pytest.fixture
def pow_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "PROOF_OF_WORK", True)
    monkeypatch.setitem(app.config, "PROOF_OF_WORK_MAX_NUMBER", SMALL)


@pytest.fixture
def petition(db):
    petition = PetitionFactory()
    db.session.commit()
    return petition


@pytest.fixture
def verified(monkeypatch):
    """Proofs the server accepted: how a test knows one was checked, and passed."""
    accepted = []
    real = proof_of_work.verify

    def verify(payload: str) -> None:
        real(payload)
        accepted.append(payload)

    monkeypatch.setattr(proof_of_work, "verify", verify)
    return accepted


def _challenge(page: str) -> dict:
    """The challenge a page carries, as the browser reads it from the proof field."""
    tag = re.search(r'<input type="hidden" id="proof"[^>]*>', page).group(0)
    return {
        name: html.unescape(value) for name, value in re.findall(r'data-pow-(\w+)="([^"]*)"', tag)
    }


def _hash(salt: str, number: int) -> str:
    return hashlib.sha256(f"{salt}{number}".encode()).hexdigest()


def _solve(challenge: dict) -> int:
    """The number, found as the browser finds it: by trying them all."""
    for number in range(int(challenge["maxnumber"]) + 1):
        if _hash(challenge["salt"], number) == challenge["challenge"]:
            return number
    raise AssertionError("no number solves the challenge")


def _payload(shown: dict, /, **changes) -> str:
    """The answer the browser sends for a challenge it was shown, with changes."""
    proof = {
        "algorithm": shown["algorithm"],
        "challenge": shown["challenge"],
        "number": _solve(shown),
        "salt": shown["salt"],
        "signature": shown["signature"],
    }
    proof.update(changes)
    return _encode(proof)


def _own_challenge(challenge: dict) -> str:
    """A proof for a challenge the client made up, with the salt and signature it was
    given: any number but the one the server chose (that would be the real solution)."""
    number = (_solve(challenge) + 1) % (SMALL + 1)
    return _payload(challenge, challenge=_hash(challenge["salt"], number), number=number)


def _encode(proof) -> str:
    return base64.b64encode(json.dumps(proof).encode()).decode()


def _page(client, petition) -> str:
    return client.get(f"/petitions/{petition.slug}", follow_redirects=True).get_data(as_text=True)


def _sign(client, petition, email: str = "ada@x.org", **extra):
    data = {"full_name": "Ada", "email": email, "country": "GB", **extra}
    return client.post(f"/petitions/{petition.slug}/sign", data=data)


def _signatures(db) -> int:
    return db.session.query(Signature).count()


# The challenge and its checks, on their own.


def test_a_challenge_is_in_altchas_format(app, pow_on):
    with app.test_request_context():
        challenge = proof_of_work.new_challenge()
        key = app.config["SECRET_KEY"].encode()
    assert challenge["algorithm"] == "SHA-256"
    assert challenge["maxnumber"] == SMALL
    expires = int(re.fullmatch(r"[0-9a-f]{24}\?expires=(\d+)&", challenge["salt"]).group(1))
    assert expires == pytest.approx(time.time() + app.config["WTF_CSRF_TIME_LIMIT"], abs=5)
    assert _hash(challenge["salt"], _solve(challenge)) == challenge["challenge"]
    # Signed with a key of its own, not SECRET_KEY itself.
    plain = hmac.new(key, challenge["challenge"].encode(), hashlib.sha256).hexdigest()
    assert re.fullmatch(r"[0-9a-f]{64}", challenge["signature"]) and challenge["signature"] != plain


def test_a_proof_checked_before_the_form_is_read_is_not_spent(app, pow_on):
    with app.test_request_context():
        payload = _payload(proof_of_work.new_challenge())
        assert proof_of_work.is_solved(payload) and proof_of_work.is_solved(payload)
        proof_of_work.verify(payload)
        with pytest.raises(proof_of_work.InvalidProof, match="already used"):
            proof_of_work.verify(payload)
        assert not proof_of_work.is_solved(None) and not proof_of_work.is_solved("x")


def test_digits_cannot_move_from_the_number_to_the_salt(app, pow_on):
    """Salt "…&" and number 12 hash as salt "…&1" and number 2 do: only the salt's shape
    tells them apart. (Without the "&", salt "…expires=T1" would live ten times longer.)"""
    with app.test_request_context():
        challenge = proof_of_work.new_challenge()
        number = _solve(challenge)
        while number < 10:
            challenge = proof_of_work.new_challenge()
            number = _solve(challenge)
        digits = str(number)
        spliced = {
            **json.loads(base64.b64decode(_payload(challenge))),
            "salt": challenge["salt"].rstrip("&") + "&" + digits[0],
            "number": int(digits[1:]),
        }
        with pytest.raises(proof_of_work.InvalidProof, match="salt"):
            proof_of_work.verify(_encode(spliced))


# The forms.


def test_each_showing_of_the_form_carries_a_fresh_challenge(client, db, pow_on, petition):
    page = _page(client, petition)
    first, second = _challenge(page), _challenge(_page(client, petition))
    assert first["challenge"] != second["challenge"] and first["salt"] != second["salt"]
    assert set(first) == {
        "algorithm",
        "challenge",
        "maxnumber",
        "salt",
        "signature",
        "worker",
        "checking",
    }
    assert re.search(r'<input type="hidden" id="proof" name="proof" value=""', page)
    assert '<script src="/static/js/proof-of-work.js" defer></script>' in page


def test_a_solved_challenge_signs_the_petition(client, db, pow_on, petition, verified):
    payload = _payload(_challenge(_page(client, petition)))
    assert _sign(client, petition, proof=payload).status_code == 303
    assert _signatures(db) == 1
    assert verified == [payload]


def test_a_valid_proof_marks_the_form_proven(app, pow_on):
    with app.test_request_context():
        payload = _payload(proof_of_work.new_challenge())
    with app.test_request_context(method="POST", data={"proof": payload}):
        form = HumanCheckForm(meta={"csrf": False})
        assert form.validate() and form.proven
    with app.test_request_context(method="POST", data={"proof": ""}):
        form = HumanCheckForm(meta={"csrf": False})
        assert form.validate() and not form.proven


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda c: _payload(c, number=_solve(c) + 1), id="wrong-number"),
        pytest.param(lambda c: _payload(c, signature="0" * 64), id="forged-signature"),
        pytest.param(lambda c: _payload(c, signature="é" * 64), id="non-ascii-signature"),
        pytest.param(
            lambda c: _payload(c, signature=hmac.new(b"guess", b"", "sha256").hexdigest()),
            id="signed-with-another-key",
        ),
        pytest.param(
            lambda c: _payload(
                c, salt=re.sub(r"=(\d+)", lambda m: f"={int(m[1]) + 9999}", c["salt"])
            ),
            id="later-expiry",
        ),
        pytest.param(
            lambda c: _payload(c, salt=c["salt"].replace(c["salt"][:4], "0000", 1)),
            id="other-salt",
        ),
        pytest.param(_own_challenge, id="own-challenge"),
        pytest.param(lambda c: _payload(c, algorithm="SHA-1"), id="other-algorithm"),
        pytest.param(lambda c: _payload(c, number=str(_solve(c))), id="number-as-text"),
        pytest.param(lambda c: _payload(c, number=float(_solve(c))), id="number-as-float"),
        pytest.param(lambda c: _payload(c, extra=1), id="extra-key"),
        pytest.param(lambda c: _encode([1, 2, 3]), id="not-an-object"),
        pytest.param(lambda c: base64.b64encode(b"\xff\xfe{").decode(), id="not-json"),
        pytest.param(lambda c: "not base64!", id="not-base64"),
        pytest.param(lambda c: _payload(c) + "=" * 2000, id="oversized"),
        pytest.param(lambda c: "A" * 1_000_000, id="huge"),
    ],
)
def test_a_bad_proof_is_refused_and_the_page_asks_again(client, db, pow_on, petition, tamper):
    challenge = _challenge(_page(client, petition))
    response = _sign(client, petition, proof=tamper(challenge))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert html.escape(HumanCheckForm.NOT_PROVEN) in page
    assert 'value="Ada"' in page  # what they typed is kept for the second press
    assert _challenge(page)["challenge"] != challenge["challenge"]  # a fresh one to solve
    assert _signatures(db) == 0


def test_an_expired_challenge_is_refused(client, db, pow_on, petition, monkeypatch):
    payload = _payload(_challenge(_page(client, petition)))
    later = time.time() + 6 * 3600 + 1  # the page was left open longer than its CSRF token
    monkeypatch.setattr(proof_of_work, "time", SimpleNamespace(time=lambda: later))
    response = _sign(client, petition, proof=payload)
    assert response.status_code == 422
    assert html.escape(HumanCheckForm.NOT_PROVEN) in response.get_data(as_text=True)
    assert _signatures(db) == 0


def test_a_solution_is_taken_once(client, db, pow_on, petition):
    payload = _payload(_challenge(_page(client, petition)))
    assert _sign(client, petition, proof=payload).status_code == 303
    replay = _sign(client, petition, email="bot@x.org", proof=payload)
    assert replay.status_code == 422
    assert html.escape(HumanCheckForm.NOT_PROVEN) in replay.get_data(as_text=True)
    assert _signatures(db) == 1


def test_a_solution_spent_on_a_refused_form_is_not_taken_again(client, db, pow_on, petition):
    """A form refused for another reason (no name) spends its proof; the page shown again
    carries a new challenge, which the browser solves for the second press."""
    page = _page(client, petition)
    payload = _payload(_challenge(page))
    refused = _sign(client, petition, full_name="", proof=payload)
    assert refused.status_code == 422
    again = _challenge(refused.get_data(as_text=True))
    assert again["challenge"] != _challenge(page)["challenge"]
    assert _sign(client, petition, proof=payload).status_code == 422
    assert _sign(client, petition, proof=_payload(again)).status_code == 303


# Autofill: a solved proof lifts the least fill time; without one it stays (issue 15, item 8).


@pytest.fixture
def checks_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "HUMAN_CHECKS", True)
    monkeypatch.setitem(app.config, "FORM_MIN_FILL_SECONDS", 2)


def _stamp(page: str) -> str:
    return re.search(r'name="shown_at" type="hidden" value="([^"]+)"', page).group(1)


def test_an_autofilled_form_with_a_solved_proof_is_taken_at_once(
    client, db, pow_on, checks_on, petition
):
    page = _page(client, petition)  # shown now, sent at once: as a browser's autofill does
    response = _sign(client, petition, shown_at=_stamp(page), proof=_payload(_challenge(page)))
    assert response.status_code == 303
    assert _signatures(db) == 1


def test_a_send_at_once_without_a_proof_is_still_refused(client, db, pow_on, checks_on, petition):
    page = _page(client, petition)
    response = _sign(client, petition, shown_at=_stamp(page))
    assert response.status_code == 422
    assert html.escape(str(HumanCheckForm.TOO_FAST)) in response.get_data(as_text=True)
    assert _signatures(db) == 0


def test_a_solved_proof_does_not_excuse_a_forged_stamp(client, db, pow_on, checks_on, petition):
    page = _page(client, petition)
    response = _sign(client, petition, shown_at="forged", proof=_payload(_challenge(page)))
    assert response.status_code == 422
    assert _signatures(db) == 0


def test_the_join_form_refuses_a_bad_proof_too(client, db, pow_on):
    page = client.get("/join").get_data(as_text=True)
    challenge = _challenge(page)
    data = {"code": "AAAA-AAAA", "display_name": "Sam", "proof": _payload(challenge, number=-1)}
    response = client.post("/join", data=data)
    assert response.status_code == 422
    assert html.escape(HumanCheckForm.NOT_PROVEN) in response.get_data(as_text=True)


def test_without_a_proof_people_sign_under_the_stricter_limit(
    app, client, db, pow_on, petition, monkeypatch
):
    monkeypatch.setitem(app.config, "SIGN_UNPROVEN_RATE_LIMIT", "2 per minute")
    for n in range(2):
        assert _sign(client, petition, email=f"a{n}@x.org").status_code == 303
    blocked = _sign(client, petition, email="b@x.org")
    assert blocked.status_code == 429
    # A bad proof buys nothing: it counts as none.
    assert _sign(client, petition, email="c@x.org", proof="forged").status_code == 429
    # Proven sends are not counted, nor stopped, by it.
    for n in range(3):
        payload = _payload(_challenge(_page(client, petition)))
        assert _sign(client, petition, email=f"p{n}@x.org", proof=payload).status_code == 303
    assert _signatures(db) == 5


def test_with_proofs_off_there_is_no_challenge_and_no_stricter_limit(
    app, client, db, petition, monkeypatch
):
    monkeypatch.setitem(app.config, "SIGN_UNPROVEN_RATE_LIMIT", "1 per minute")
    assert "data-pow-challenge" not in _page(client, petition)
    for n in range(3):
        assert _sign(client, petition, email=f"a{n}@x.org", proof="ignored").status_code == 303


def test_a_body_too_large_to_read_meets_the_limits_and_a_plain_refusal(
    client, db, pow_on, petition, caplog
):
    """The limit's exempt_when reads the form first: a body over MAX_CONTENT_LENGTH must
    not make it fail (Flask-Limiter would then skip every limit, and log a traceback)."""
    response = _sign(client, petition, proof="A" * 2 * 1024 * 1024)
    assert response.status_code == 413
    assert "Failed to rate limit" not in caplog.text


def test_replays_are_let_through_when_the_limit_store_is_down(
    client, db, pow_on, petition, monkeypatch, caplog
):
    """As the rate limits do (RATELIMIT_SWALLOW_ERRORS): the site keeps working, and says so."""

    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    payload = _payload(_challenge(_page(client, petition)))
    monkeypatch.setattr(limiter.storage, "incr", unreachable)
    with caplog.at_level(logging.WARNING, logger="webapp.web.proof_of_work"):
        assert _sign(client, petition, proof=payload).status_code == 303
    assert _signatures(db) == 1
    assert "limiter storage unreachable" in caplog.text


# In a real browser (the live_server and chromium fixtures are in tests/conftest.py).


@pytest.fixture
def live_server(live_server, committed_db):
    """The shared live server, with all the human checks on, serving a petition."""
    slug = PetitionFactory().slug
    committed_db.session.commit()
    committed_db.session.remove()  # on SQLite, an open transaction would lock the server out
    return SimpleNamespace(url=live_server.url, slug=slug)


def _fill_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/petitions/{live_server.slug}")
    page.get_by_label("Full name", exact=True).fill("Ada Lovelace")
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Country", exact=True).select_option("GB")


def _signed(committed_db, email: str) -> bool:
    committed_db.session.remove()
    found = committed_db.session.query(Signature).filter_by(email=email).count() == 1
    committed_db.session.remove()
    return found


def _console(page) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    return messages


def test_in_chromium_the_page_solves_the_challenge_and_signs(
    chromium, live_server, committed_db, verified
):
    page = chromium.new_page()
    console = _console(page)
    _fill_in(page, live_server, "ada@chromium.example")
    page.wait_for_selector("input[name=proof][data-pow-state=solved]", state="attached")
    page.wait_for_timeout(1100)  # FORM_MIN_FILL_SECONDS
    page.get_by_role("button", name="Sign the petition").click()
    page.wait_for_url("**/check-your-email")
    assert _signed(committed_db, "ada@chromium.example")
    assert len(verified) == 1  # with a proof, solved by the page and accepted once
    assert not [text for text in console if "Content Security Policy" in text]


def test_in_chromium_a_press_before_the_answer_waits_for_it(
    chromium, live_server, committed_db, verified
):
    page = chromium.new_page()
    # The worker takes 3 s longer than it would: the press comes first.
    page.route("**/proof-of-work-worker.js", _slow_worker)
    _fill_in(page, live_server, "grace@chromium.example")
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Sign the petition").click()
    expect(page.locator(".proof-status")).to_have_text("Checking…")
    page.wait_for_url("**/check-your-email", timeout=10_000)
    assert _signed(committed_db, "grace@chromium.example")
    assert len(verified) == 1


def _slow_worker(route) -> None:
    if "real" in route.request.url:
        route.continue_()
        return
    route.fulfill(
        content_type="text/javascript",
        body=(
            'importScripts("/static/js/proof-of-work-worker.js?real");'
            "var solve = self.onmessage;"
            "self.onmessage = function (e) { setTimeout(function () { solve(e); }, 3000); };"
        ),
    )


def test_in_chromium_a_worker_that_never_answers_does_not_block_the_form(
    chromium, live_server, committed_db, verified
):
    page = chromium.new_page()
    page.route(
        "**/proof-of-work-worker.js",
        lambda route: route.fulfill(content_type="text/javascript", body="self.onmessage = null;"),
    )
    _fill_in(page, live_server, "hedy@chromium.example")
    page.wait_for_timeout(1100)
    started = time.monotonic()
    page.get_by_role("button", name="Sign the petition").click()
    expect(page.locator(".proof-status")).to_have_text("Checking…")
    page.wait_for_url("**/check-your-email", timeout=15_000)
    assert 4.5 < time.monotonic() - started < 12  # it waited, and gave up after 5 s
    assert _signed(committed_db, "hedy@chromium.example")
    assert verified == []  # sent without a proof, and taken


def test_in_chromium_without_javascript_people_sign(chromium, live_server, committed_db, verified):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    _fill_in(page, live_server, "ken@chromium.example")
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Sign the petition").click()
    page.wait_for_url("**/check-your-email")
    assert _signed(committed_db, "ken@chromium.example")
    assert verified == []
    context.close()
