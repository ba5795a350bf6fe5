"""Fixtures for case updates: the organisers' side (logged-in browsers, the audit log)."""

from __future__ import annotations

from tests.content.conftest import audit_actions, organiser  # noqa: F401 - fixtures
