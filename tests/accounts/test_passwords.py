"""Passwords are stored as argon2id at the production costs; the tests' cheap costs are
the testing configuration's alone."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.profiles import RFC_9106_LOW_MEMORY

from webapp import create_app
from webapp.accounts import services
from webapp.config import DevelopmentConfig, ProductionConfig


def _hash_made_by(config_class) -> str:
    app = create_app(config_class)
    with app.app_context():
        return services.hash_password("correct horse battery staple")


def test_production_hashes_at_rfc_9106_costs(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 48)

    class Production(ProductionConfig):
        SECRET_KEY = "x" * 48
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    stored = _hash_made_by(Production)

    # RFC 9106's second recommendation: argon2id, 3 passes, 64 MiB, 4 lanes.
    profile = RFC_9106_LOW_MEMORY
    expected = f"m={profile.memory_cost},t={profile.time_cost},p={profile.parallelism}"
    assert stored.startswith(f"$argon2id$v=19${expected}$")
    assert PasswordHasher().verify(stored, "correct horse battery staple")


def test_the_development_setup_hashes_as_production_does():
    class Development(DevelopmentConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    stored = _hash_made_by(Development)
    assert not PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY).check_needs_rehash(stored)


def test_a_login_upgrades_a_hash_made_at_other_costs(app, db, client):
    """A password hashed at other costs is hashed again at the configured ones when its
    owner logs in."""
    from tests.factories import PASSWORD, UserFactory

    other = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    before = other.hash(PASSWORD)
    user = UserFactory(password_hash=before)
    db.session.commit()

    response = client.post("/account/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 303

    db.session.refresh(user)
    assert user.password_hash != before
    assert not services._hasher().check_needs_rehash(user.password_hash)
    assert services._hasher().verify(user.password_hash, PASSWORD)
