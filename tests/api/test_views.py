"""The public read API, through HTTP."""

from __future__ import annotations

import pytest

from tests.factories import PetitionFactory, SignatureFactory
from webapp.petitions.services import recount

REQUIRED = {"slug", "title", "status", "goal", "signature_count"}


def test_list_shows_public_petitions_with_counts(client, db):
    petition = PetitionFactory(goal=500)
    SignatureFactory.create_batch(3, petition=petition, confirmed=True)
    SignatureFactory(petition=petition)  # pending
    PetitionFactory(draft=True)
    recount()

    response = client.get("/api/v1/petitions")
    assert response.status_code == 200
    body = response.get_json()
    assert body["meta"] == {"page": 1, "per_page": 50, "total": 1}
    [item] = body["data"]
    assert REQUIRED <= item.keys()
    assert (item["slug"], item["status"], item["goal"], item["signature_count"]) == (
        petition.slug,
        "open",
        500,
        3,
    )


def test_one_petition_by_slug(client, db):
    petition = PetitionFactory(closed=True)
    body = client.get(f"/api/v1/petitions/{petition.slug}").get_json()
    assert body["slug"] == petition.slug
    assert body["status"] == "closed"
    assert body["url"] == f"http://localhost/petitions/{petition.slug}"


@pytest.mark.parametrize("trait", [{"draft": True}, {"case__draft": True}])
def test_hidden_or_unknown_petitions_are_a_json_404(client, db, trait):
    petition = PetitionFactory(**trait)
    for slug in (petition.slug, "no-such-petition"):
        response = client.get(f"/api/v1/petitions/{slug}")
        assert response.status_code == 404
        assert response.get_json()["error"]["status"] == 404


def test_no_signer_data_is_ever_in_the_api(client, db):
    SignatureFactory(full_name="Secret Signer", email="secret@example.org", confirmed=True)
    text = client.get("/api/v1/petitions").get_data(as_text=True)
    assert "Secret Signer" not in text
    assert "secret@example.org" not in text


def test_paging(client, db):
    for _ in range(3):
        PetitionFactory()
    body = client.get("/api/v1/petitions?page=2&per_page=2").get_json()
    assert len(body["data"]) == 1
    assert body["meta"] == {"page": 2, "per_page": 2, "total": 3}


@pytest.mark.parametrize("query", ["page=0", "page=-1", "page=x", "per_page=101", "per_page=٣"])
def test_bad_paging_is_a_clear_400(client, db, query):
    response = client.get(f"/api/v1/petitions?{query}")
    assert response.status_code == 400
    assert "page" in response.get_json()["error"]["message"]


def test_writing_is_not_allowed(client, db):
    response = client.post("/api/v1/petitions")
    assert response.status_code == 405
    assert response.get_json()["error"]["status"] == 405


def test_openapi_document_describes_both_paths_and_their_fields(client, db):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    assert {"/petitions", "/petitions/{slug}"} <= doc["paths"].keys()
    schema = doc["components"]["schemas"]["Petition"]
    assert REQUIRED <= set(schema["required"])
    assert "email" not in schema["properties"]
    assert doc["servers"] == [{"url": "http://localhost/api/v1"}]
