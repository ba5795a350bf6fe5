"""What a service raises when one of its rules refuses what it was asked.

Every feature's errors (LetterError, AccountError, CampaignError, ...) are DomainErrors:
the message is written for the person who asked, in their language, and `field` names
the form field it is about when it is about one. Views turn them into a form error or
a flashed message with one helper (webapp.web.transaction), never by hand.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule was broken; the message is fit to show the person who asked."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
