"""Template helpers: names for codes, numbers and dates for people (in the visitor's
language, through Flask-Babel), progress toward a goal."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from babel import Locale
from flask import Flask, current_app, request, url_for
from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    format_percent,
    format_time,
    get_locale,
)
from jinja2 import pass_context
from markupsafe import Markup
from wtforms import Form

from webapp.utils.countries import country_name
from webapp.utils.languages import language_name, text_direction
from webapp.utils.markdown import render_markdown
from webapp.web import locales, pagecache
from webapp.web.auth import current_user, student_in_session


def progress_percent(count: int, goal: int) -> int:
    """How far a count is toward its goal, 0-100, for a progress bar."""
    if goal <= 0:
        return 100
    return max(0, min(100, round(100 * count / goal)))


def datetime_short(value: datetime) -> str:
    """A date and time to the minute, in the visitor's language: "Mar 1, 2025, 2:00 PM",
    "1 mars 2025, 14:00". CLDR has no such length of its own: its medium date and short
    time, joined as the language joins them."""
    locale = get_locale()
    pattern = (
        locale.datetime_formats["medium"]
        .replace("{1}", locale.date_formats["medium"].pattern)
        .replace("{0}", locale.time_formats["short"].pattern)
    )
    return format_datetime(value, pattern)


def isolate(value: object) -> Markup:
    """A name or other typed-in text set inside a sentence, in <bdi>: right-to-left
    letters in it cannot reorder the sentence around it (HTML element content only)."""
    return Markup("<bdi>%s</bdi>") % ("" if value is None else value)


def _foreign_language(text: object) -> str | None:
    """The language of a text that knows it (LocalText) when it is not the page's."""
    language = getattr(text, "lang", None)
    return language if language and language != locales.current() else None


def lang_attr(text: object) -> Markup:
    """` lang="en" dir="ltr"` on the element holding a text whose language is not the
    page's (an original not yet translated, issue 20), so screen readers switch voice
    and right-to-left text runs the right way; nothing where it is the page's."""
    language = _foreign_language(text)
    if language is None:
        return Markup("")
    return Markup(' lang="%s" dir="%s"') % (language, text_direction(language))


def untranslated(text: object) -> bool:
    """Whether a text is an original shown because no translation into the page's
    language exists yet: the page then says so, once (issue 20)."""
    return _foreign_language(text) is not None and not text.translated


def interface_language_name() -> str:
    """The page's language named in itself, as inside a sentence: "français", "español"."""
    code = locales.current()
    return Locale.parse(code).get_display_name(code) or code


def page_to_return_to() -> str:
    """This page's address for the picker's `next`, so the visitor comes back to it."""
    rule = request.url_rule
    if rule is not None and "GET" not in (rule.methods or ()):
        # A page shown after a form was sent to an address that only takes forms: back
        # to the page the form was on (same site only), else home.
        referrer = urlsplit(request.referrer or "")
        if referrer.netloc == request.host and referrer.path:
            return referrer.path + (f"?{referrer.query}" if referrer.query else "")
        return url_for("campaigns.home")
    if pagecache.rendering_for_everyone():
        return request.path  # a kept page must not carry one visitor's query string
    return request.full_path.rstrip("?")


def canonical_url() -> str:
    """This page's one address for search engines and link previews: BASE_URL and the
    path, without the query (tracking tags, paging) that would split it in several, but
    with the language where the address names one (each language's page is its own,
    as hreflang says)."""
    return _page_url(locales.in_address())


def _page_url(language: str | None) -> str:
    base = current_app.config["BASE_URL"].rstrip("/") + request.path
    return f"{base}?{locales.ADDRESS_PARAMETER}={language}" if language else base


def language_alternates() -> list[tuple[str, str]]:
    """(hreflang, address) of this page in each interface language, and x-default (the
    address without a language: the visitor's choice or browser decides): for search
    engines to show each reader the page in their language."""
    return [(code, _page_url(code)) for code in locales.SUPPORTED_LOCALES] + [
        ("x-default", _page_url(None))
    ]


@pass_context
def form_errors_on_page(context) -> bool:
    """Whether the page shows a form with errors: its <title> then starts with "Error: ",
    the first thing a screen reader says of the page shown again (issue 15, item 9; as
    GOV.UK does). Any form the view handed to the template counts."""
    return any(
        isinstance(value, Form) and bool(value.errors) for value in context.get_all().values()
    )


def register(app: Flask) -> None:
    """Make the helpers available in every template."""
    # In the reader's language, unless a template names one (a letter's, say).
    app.jinja_env.filters["country_name"] = lambda code, language=None: country_name(
        code, language or locales.current()
    )
    app.jinja_env.filters["number"] = lambda value: format_decimal(value or 0)
    app.jinja_env.filters["percent"] = lambda value: format_percent((value or 0) / 100)
    app.jinja_env.filters["date_long"] = lambda value: format_date(value, "long")
    app.jinja_env.filters["datetime_short"] = datetime_short
    # With seconds, for the audit log: "Mar 1, 2025, 2:00:05 PM".
    app.jinja_env.filters["datetime_medium"] = lambda value: format_datetime(value, "medium")
    app.jinja_env.filters["time_short"] = lambda value: format_time(value, "short")
    app.jinja_env.filters["bdi"] = isolate
    app.jinja_env.filters["lang_attr"] = lang_attr
    app.jinja_env.tests["untranslated"] = untranslated
    # A language as organisers pick it: its name in itself and its code, "Français (fr)".
    app.jinja_env.filters["language_label"] = lambda code: f"{language_name(code)} ({code})"
    app.jinja_env.globals["interface_language_name"] = interface_language_name
    # {% trans %} blocks lose their line breaks and indentation, as babel.cfg extracts them.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.filters["text_direction"] = text_direction
    # Stories are Markdown: `{{ case.story|markdown }}` renders and sanitises them.
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals["progress_percent"] = progress_percent
    app.jinja_env.globals["form_errors_on_page"] = form_errors_on_page
    app.jinja_env.globals["canonical_url"] = canonical_url
    app.jinja_env.globals["language_alternates"] = language_alternates
    # Drop empty attributes, so a field renders no aria-describedby="" or "None".
    app.jinja_env.filters["compact"] = lambda attrs: {k: v for k, v in attrs.items() if v}

    @app.context_processor
    def site():
        return {
            "organisation_name": current_app.config["ORGANISATION_NAME"],
            "dev_mailbox": "outbox" in current_app.blueprints,
            "current_locale": locales.current(),
            "current_user": current_user(),
            "student_in_class": student_in_session()[0] is not None,
            # The language picker in every page's footer.
            "interface_languages": locales.language_names(),
            "page_to_return_to": page_to_return_to,
        }
