"""Delivery pack options."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField


class PackForm(FlaskForm):
    """Whether the pack lists the signers."""

    include_names = BooleanField(
        "List the signers' names and countries (never their email addresses)", default=False
    )
