"""Helpers for the organisers' side (the people and their browsers are in tests/conftest.py)."""

from __future__ import annotations


def confirmed_signatures(petition, people: list[tuple[str, str, str]], now=None) -> None:
    """Sign and confirm through the petition services, so counters and rows agree."""
    from webapp.extensions import db
    from webapp.models import Signature
    from webapp.petitions import services
    from webapp.petitions.links import confirmation_token

    for name, email, country in people:
        services.sign_petition(
            petition, full_name=name, email=email, country=country, opt_in=False, now=now
        )
        signature = db.session.scalars(db.select(Signature).where(Signature.email == email)).one()
        services.confirm_signature(confirmation_token(signature), now=now)
    db.session.commit()
