"""Template helpers: names for codes, numbers for people, progress toward a goal."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import format_date, format_decimal, get_locale

from webapp.auth import current_user
from webapp.countries import country_name
from webapp.languages import text_direction
from webapp.markdown import render_markdown


def progress_percent(count: int, goal: int) -> int:
    """How far a count is toward its goal, 0-100, for a progress bar."""
    if goal <= 0:
        return 100
    return max(0, min(100, round(100 * count / goal)))


def register(app: Flask) -> None:
    """Make the helpers available in every template."""
    app.jinja_env.filters["country_name"] = country_name
    app.jinja_env.filters["number"] = lambda value: format_decimal(value or 0)
    app.jinja_env.filters["date_long"] = lambda value: format_date(value, "long")
    app.jinja_env.filters["text_direction"] = text_direction
    # Stories are Markdown: `{{ case.story|markdown }}` renders and sanitises them.
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals["progress_percent"] = progress_percent
    # Drop empty attributes, so a field renders no aria-describedby="" or "None".
    app.jinja_env.filters["compact"] = lambda attrs: {k: v for k, v in attrs.items() if v}

    @app.context_processor
    def site():
        return {
            "organisation_name": current_app.config["ORGANISATION_NAME"],
            "dev_mailbox": "outbox" in current_app.blueprints,
            "current_locale": str(get_locale() or "en"),
            "current_user": current_user(),
        }
