"""The interface's language: which one a visitor gets, and how they choose another.

An address that names a language (`?lang=fr`, what search engines are given for each
language of a page: hreflang) comes first; then the visitor's own choice (the language
picker in every page's footer, kept in a cookie), then the best match for their
browser's Accept-Language, then English.
This is the interface only: a letter's language is chosen separately, on the composer.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Flask, Response, current_app, g, has_request_context, request, url_for
from flask_babel import get_locale

from webapp.utils.languages import language_name
from webapp.web.auth import safe_next

DEFAULT_LOCALE = "en"
# Each needs a catalog in webapp/translations/<code>/ (see `make translations-extract`).
SUPPORTED_LOCALES = ("en", "es", "fr", "ar")
COOKIE_NAME = "locale"
ADDRESS_PARAMETER = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


@cache
def language_names() -> tuple[tuple[str, str], ...]:
    """Each language named in itself, as the picker offers it: "English", "Español",
    "Français" (read from CLDR at the first page, not when the app is imported)."""
    return tuple((code, language_name(code)) for code in SUPPORTED_LOCALES)


def select_locale() -> str:
    """Flask-Babel's locale selector: the cookie, else Accept-Language, else English."""
    if not has_request_context():
        return DEFAULT_LOCALE  # emails rendered by the worker; per-recipient language later
    g.locale_negotiated = True
    return (
        in_address()
        or _chosen()
        or request.accept_languages.best_match(SUPPORTED_LOCALES)
        or DEFAULT_LOCALE
    )


def in_address() -> str | None:
    """The interface language the page's address names (?lang=fr), if it is one we have."""
    asked = request.args.get(ADDRESS_PARAMETER)
    return asked if asked in SUPPORTED_LOCALES else None


def current() -> str:
    """The interface's language code now ("es"), as Flask-Babel chose it; English
    outside a request and an app."""
    return str(get_locale() or DEFAULT_LOCALE)


def _chosen() -> str | None:
    """The language the visitor chose in the picker, if it is one we have."""
    chosen = request.cookies.get(COOKIE_NAME)
    return chosen if chosen in SUPPORTED_LOCALES else None


def reading_languages() -> list[str]:
    """The languages this visitor reads, best first: the one they chose in the picker,
    each their browser asks for ("fa-IR", "fa"), then the interface's. For offering a
    letter's text in one of them (the interface has fewer languages than letters)."""
    chosen = _chosen()
    languages = [chosen] if chosen else []
    for code, _quality in request.accept_languages:
        languages += [code, code.split("-")[0]]
    return [*languages, select_locale()]


def remember_choice(response: Response, locale: str) -> None:
    """Keep a visitor's choice of language for a year (secure where the session is)."""
    response.set_cookie(
        COOKIE_NAME,
        locale,
        max_age=COOKIE_MAX_AGE,
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure,
        httponly=True,
        samesite="Lax",
    )


def return_path(target: str | None) -> str:
    """Where the picker sends the visitor back: a path on this site, or the home page.

    The `next` value comes from the query string, so anyone can write it into a link:
    an address on another site (absolute, or `//host`) is never followed. A `?lang=` in
    it is dropped: it would outrank the language just chosen."""
    path = safe_next(target)
    if not path:
        return url_for("campaigns.home")
    parts = urlsplit(path)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key != ADDRESS_PARAMETER]
    return urlunsplit(("", "", parts.path, urlencode(query), parts.fragment))


# Addresses whose ?lang= names the language of what is shown, not the visitor's: an
# organiser's preview of a translation, the API's documents.
_NOT_A_CHOICE = ("/admin/", "/api/")


def init_app(app: Flask) -> None:
    """Vary on what chose the language; keep a language the address named."""

    @app.after_request
    def vary_on_language(response: Response) -> Response:
        # A response in the visitor's language depends on their cookie and browser: a
        # shared cache must not hand it to someone else.
        if g.get("locale_negotiated"):
            response.vary.update(("Accept-Language", "Cookie"))
        return response

    @app.after_request
    def keep_address_language(response: Response) -> Response:
        # Someone who followed a link to the French page reads on in French: the form
        # they send next and the pages after it carry no ?lang= (the sign form, "check
        # your email", the confirmation email, which is written in the signing's
        # language). So the language the address named becomes their choice, as the
        # picker's would.
        named = in_address() if has_request_context() else None
        if (
            named
            and named != _chosen()
            and request.method == "GET"
            and not request.path.startswith(_NOT_A_CHOICE)
        ):
            remember_choice(response, named)
        return response
