"""A letter's renders cost the server 0.1-0.6 s each: a repeat costs nothing, and a
letter and a client each have a budget of them (issue 21, item 6)."""

from __future__ import annotations

from collections import OrderedDict

import pytest

from tests.letters.test_views import TEMPLATE_TEXT, written_letter
from webapp.extensions import db
from webapp.letters import views
from webapp.models import Letter


@pytest.fixture(autouse=True)
def _no_kept_previews(monkeypatch):
    monkeypatch.setattr(views, "_previews", OrderedDict(), raising=False)


@pytest.fixture
def rasterised(monkeypatch):
    """The pages rasterised, as (pdf, index) pairs."""
    calls = []
    real = views.pdf.page_png

    def counting(content, index, **kwargs):
        calls.append(index)
        return real(content, index, **kwargs)

    monkeypatch.setattr(views.pdf, "page_png", counting)
    return calls


def _edit(client, letter, sentence: str):
    data = {
        "writer_name": "Ana Pérez",
        "writer_town": "Lyon",
        "writer_country": "FR",
        "body": TEMPLATE_TEXT + "\n\n" + sentence,
    }
    return client.post(f"/letters/{letter.token}/edit", data=data)


def test_a_preview_asked_again_is_not_rendered_again(client, case, rasterised):
    letter = written_letter(client, case)
    path = f"/letters/{letter.token}/page-1.png"
    first = client.get(path)
    assert first.status_code == 200 and first.mimetype == "image/png"
    for _ in range(5):
        assert client.get(path).data == first.data
    assert rasterised == [0]
    # The browser's own copy: nothing sent at all.
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert rasterised == [0]


def test_an_edit_makes_a_new_preview(client, case, rasterised):
    letter = written_letter(client, case)
    path = f"/letters/{letter.token}/page-1.png"
    before = client.get(path)
    assert _edit(client, letter, "My whole choir in Lyon writes to you.").status_code == 303
    after = client.get(path, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.data != before.data
    assert rasterised == [0, 0]


def test_one_letter_is_changed_only_so_often(app, client, case, monkeypatch):
    monkeypatch.setitem(app.config, "LETTER_RENDER_LIMIT", "3 per hour")
    letter = written_letter(client, case)
    for n in range(3):
        assert _edit(client, letter, f"Sentence {n} from Lyon, for Leyla.").status_code == 303
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "198.51.100.77"
    for sender in (client, elsewhere):  # the letter's own budget, from any client
        refused = _edit(sender, letter, "One edit too many, from Lyon, for Leyla.")
        assert refused.status_code == 429
        assert "changed or previewed many times" in refused.get_data(as_text=True)
        assert int(refused.headers["Retry-After"]) > 0
    db.session.expire_all()
    assert "Sentence 2 from" in db.session.get(Letter, letter.id).body


def test_one_client_rasterises_only_so_many_pages(app, client, case, monkeypatch, rasterised):
    monkeypatch.setitem(app.config, "LETTER_RENDER_CLIENT_LIMIT", "2 per hour")
    # Three different letters: the same PDF twice would be one preview, kept.
    letters = [
        written_letter(client, case, body=f"{TEMPLATE_TEXT}\n\nLetter {n} from Lyon, for Leyla.")
        for n in range(3)
    ]
    for letter in letters[:2]:
        assert client.get(f"/letters/{letter.token}/page-1.png").status_code == 200
    refused = client.get(f"/letters/{letters[2].token}/page-1.png")
    assert refused.status_code == 429
    # What is kept is still shown; another client has its own budget.
    assert client.get(f"/letters/{letters[0].token}/page-1.png").status_code == 200
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "198.51.100.77"
    assert other.get(f"/letters/{letters[2].token}/page-1.png").status_code == 200
    assert len(rasterised) == 3
