"""Error pages: in the site's style, with the right status, never a stack trace."""

from __future__ import annotations

import pytest
from flask import abort

from tests.factories import PetitionFactory
from webapp import create_app
from webapp.config import TestingConfig


def _site_page(response) -> str:
    page = response.get_data(as_text=True)
    assert 'class="site-header"' in page
    assert "Traceback" not in page
    return page


def test_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in _site_page(response)


def test_405_page(client):
    response = client.delete("/")
    assert response.status_code == 405
    assert "That action is not possible here" in _site_page(response)


def test_413_page(client, db):
    petition = PetitionFactory()
    response = client.post(
        f"/petitions/{petition.slug}/sign", data={"full_name": "x" * (2 * 1024 * 1024)}
    )
    assert response.status_code == 413
    assert "That was too large" in _site_page(response)


@pytest.fixture
def failing_app(database_uri):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_uri

    app = create_app(Config)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internal detail")

    @app.get("/gone")
    def gone():
        abort(410)

    yield app
    with app.app_context():
        from webapp.extensions import db

        db.engine.dispose()


def test_500_page_hides_the_error(failing_app):
    failing_app.config["PROPAGATE_EXCEPTIONS"] = False
    response = failing_app.test_client().get("/boom")
    assert response.status_code == 500
    page = _site_page(response)
    assert "Something went wrong on our side" in page
    assert "secret internal detail" not in page


def test_other_http_errors_keep_their_status(failing_app):
    response = failing_app.test_client().get("/gone")
    assert response.status_code == 410
    _site_page(response)


def test_forms_refuse_a_post_without_a_csrf_token(database_uri):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_uri
        WTF_CSRF_ENABLED = True

    app = create_app(Config)
    response = app.test_client().post("/petitions/anything/sign", data={"full_name": "A"})
    assert response.status_code == 400
    assert "This form expired or was sent from somewhere else" in _site_page(response)
    with app.app_context():
        from webapp.extensions import db

        db.engine.dispose()


def test_security_headers_on_pages(client):
    headers = client.get("/").headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_production_refuses_to_start_without_a_real_secret_key(monkeypatch):
    from webapp.config import DEFAULT_SECRET_KEY, ProductionConfig

    for key in (DEFAULT_SECRET_KEY, "", "short"):

        class Config(ProductionConfig):
            SECRET_KEY = key
            SQLALCHEMY_DATABASE_URI = "sqlite://"

        with pytest.raises(RuntimeError, match="SECRET_KEY"):
            create_app(Config)
