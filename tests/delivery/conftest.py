"""The organisers' fixtures (people, browser_for) for delivery tests."""

from tests.admin.conftest import browser_for, people  # noqa: F401  (fixtures)
