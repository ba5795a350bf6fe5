"""The age bands of classes: they decide the cases a class is offered, and the letter
texts and stories its students read (issue 16, item 5)."""

from __future__ import annotations

import enum


class AgeBand(enum.Enum):
    """The age of a class, which decides the cases it is offered and the texts it reads."""

    UNDER_11 = "under-11"
    FROM_11 = "11-13"
    FROM_14 = "14-18"

    @property
    def min_age(self) -> int:
        return {"under-11": 7, "11-13": 11, "14-18": 14}[self.value]
