"""Configuration, read from the environment (names in DESIGN.md, table in README.md)."""

from __future__ import annotations

import os
import secrets
import tempfile
import time
from datetime import timedelta

# The fixed key of earlier versions' development default: public, so refused in production.
DEFAULT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - refused in production, see check()
# Without SECRET_KEY, development makes up a key on first run and keeps it here, in the
# instance folder (issue 21, item 15: a public default key let anyone forge links).
SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a key
TRANSLATIONS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "translations")


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def database_url(url: str | None) -> str | None:
    """Point plain PostgreSQL URLs at psycopg 3, the driver this project installs."""
    if not url:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    """Settings shared by every environment; each reads its environment variable."""

    ENV_NAME = "base"
    # None: development generates one into the instance folder (instance_secret_key);
    # production refuses to start.
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    GENERATE_SECRET_KEY = False
    # None means "a SQLite file in the instance folder", filled in by create_app.
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL") or None
    BASE_URL = os.environ.get("BASE_URL") or "http://127.0.0.1:5000"

    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = _int("MAIL_PORT", 25)
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER") or (
        "Write for Rights <no-reply@write-for-rights.localhost>"
    )
    MAIL_TIMEOUT_SECONDS = _int("MAIL_TIMEOUT_SECONDS", 20)
    # Flask-Mail silently drops mail when TESTING; here, MAIL_SERVER alone decides
    # where mail goes (a server, or the development mailbox).
    MAIL_SUPPRESS_SEND = False

    # Outbox: the web process delivers right after commit unless a worker does it.
    OUTBOX_IN_PROCESS = _bool("OUTBOX_IN_PROCESS", True)
    OUTBOX_MAX_ATTEMPTS = _int("OUTBOX_MAX_ATTEMPTS", 15)
    OUTBOX_BACKOFF_BASE_SECONDS = _int("OUTBOX_BACKOFF_BASE_SECONDS", 10)
    OUTBOX_BACKOFF_MAX_SECONDS = _int("OUTBOX_BACKOFF_MAX_SECONDS", 900)
    OUTBOX_LEASE_SECONDS = _int("OUTBOX_LEASE_SECONDS", 120)
    OUTBOX_KEEP_SENT_DAYS = _int("OUTBOX_KEEP_SENT_DAYS", 14)
    # Where mail goes when MAIL_SERVER is unset: .eml files here, listed at /dev/mail.
    DEV_MAILBOX = _bool("DEV_MAILBOX", True)

    SIGNATURE_CONFIRM_DAYS = _int("SIGNATURE_CONFIRM_DAYS", 7)
    # At most this many "confirm again" / "already signed" emails per signature per day.
    SIGNATURE_NOTICE_CAP = _int("SIGNATURE_NOTICE_CAP", 3)
    COUNTER_SHARDS = _int("COUNTER_SHARDS", 16)
    # The daily roll-up of signatures (dashboard, exports) is rebuilt this often, by the
    # web process unless a worker does it.
    ROLLUP_INTERVAL_SECONDS = _int("ROLLUP_INTERVAL_SECONDS", 10)
    ROLLUP_IN_PROCESS = _bool("ROLLUP_IN_PROCESS", True)

    # Rate limits ("N per period", several joined by ";"), per client address unless noted.
    # Stored in memory by default; with REDIS_URL, in Redis, shared by every web process.
    # If Redis is unreachable, limits fail open (the site keeps working) and it is logged.
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_SWALLOW_ERRORS = True
    # No X-RateLimit-* headers on every answer: each cost a second Redis round trip per
    # limited request (the window's reset time), on the signing POST among others, and
    # told a script its budget. A refusal (429) still says when to come back:
    # Retry-After, webapp/web/errors.py.
    RATELIMIT_HEADERS_ENABLED = False
    # An IPv6 client is counted by its network of this prefix length: one host is
    # often given a whole /64 (RFC 6177), and would otherwise have 2**64 budgets.
    RATELIMIT_IPV6_PREFIX = _int("RATELIMIT_IPV6_PREFIX", 64)
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT") or "20 per minute;200 per day"
    # Failed logins for one account from one client, and for one account from anywhere:
    # a guesser is stopped early; the account's owner, elsewhere, only by a botnet.
    LOGIN_FAILURE_LIMIT = os.environ.get("LOGIN_FAILURE_LIMIT") or "5 per 15 minutes"
    LOGIN_ACCOUNT_FAILURE_LIMIT = os.environ.get("LOGIN_ACCOUNT_FAILURE_LIMIT") or "50 per hour"
    # The account-wide limit spares browsers that logged in to the account before (a
    # signed cookie, kept this long): a botnet cannot lock the owner out of their own
    # devices (webapp/web/limits.py, "Known devices").
    LOGIN_KNOWN_DEVICE_DAYS = _int("LOGIN_KNOWN_DEVICE_DAYS", 180)
    SIGNUP_RATE_LIMIT = os.environ.get("SIGNUP_RATE_LIMIT") or "10 per hour"
    PASSWORD_RESET_RATE_LIMIT = os.environ.get("PASSWORD_RESET_RATE_LIMIT") or "5 per hour"
    # Per recipient, from anywhere: account emails the public can have sent (confirm your
    # address, you already have an account, reset your password) to one address, counted
    # from the outbox. Past it nothing is sent, and the page says the same as ever.
    ACCOUNT_EMAILS_PER_ADDRESS = (
        os.environ.get("ACCOUNT_EMAILS_PER_ADDRESS") or "3 per hour;10 per day"
    )
    # Generous per address: on campaign day a mobile carrier or a university puts many
    # supporters behind one address. Bots are met by the form's own defences instead.
    SIGN_RATE_LIMIT = os.environ.get("SIGN_RATE_LIMIT") or "30 per minute;1000 per day"
    # Signatures sent without a solved proof of work (browsers without JavaScript, and
    # simple bots) count against this too; only while PROOF_OF_WORK is on.
    SIGN_UNPROVEN_RATE_LIMIT = (
        os.environ.get("SIGN_UNPROVEN_RATE_LIMIT") or "10 per minute;100 per day"
    )
    # "Send it again" on the check-your-email page (issue 15, item 3): per client, and per
    # address (keyed by a hash of it); each signature's emails are capped besides
    # (SIGNATURE_NOTICE_CAP).
    SIGN_RESEND_CLIENT_LIMIT = (
        os.environ.get("SIGN_RESEND_CLIENT_LIMIT") or "5 per 10 minutes;20 per day"
    )
    SIGN_RESEND_ADDRESS_LIMIT = (
        os.environ.get("SIGN_RESEND_ADDRESS_LIMIT") or "2 per 10 minutes;5 per day"
    )
    LETTER_RATE_LIMIT = os.environ.get("LETTER_RATE_LIMIT") or "20 per minute;300 per day"
    # Renders of a supporter's letter (an edit, which renders the PDF again, and each page
    # preview not already rasterised), per letter and per client: each costs 0.1-0.6 s.
    LETTER_RENDER_LIMIT = os.environ.get("LETTER_RENDER_LIMIT") or "20 per 10 minutes;100 per day"
    LETTER_RENDER_CLIENT_LIMIT = (
        os.environ.get("LETTER_RENDER_CLIENT_LIMIT") or "30 per minute;600 per day"
    )
    # "Email me this link" on a letter's page (issue 15, item 7): per letter, and per
    # client, so the link's holder cannot make the platform mail strangers much.
    LETTER_LINK_EMAIL_LIMIT = os.environ.get("LETTER_LINK_EMAIL_LIMIT") or "3 per hour;5 per day"
    LETTER_LINK_EMAIL_CLIENT_LIMIT = (
        os.environ.get("LETTER_LINK_EMAIL_CLIENT_LIMIT") or "10 per hour;30 per day"
    )
    # Wrong join codes only: a whole class joins from one school address at once.
    JOIN_FAILURE_LIMIT = os.environ.get("JOIN_FAILURE_LIMIT") or "20 per 10 minutes"
    # Wrong resume codes only, counted apart from join codes: guessing one never locks a
    # class out of joining.
    RESUME_FAILURE_LIMIT = os.environ.get("RESUME_FAILURE_LIMIT") or "20 per 10 minutes"

    # Petition delivery packs: with signers' names, more than this many are built in the
    # background (by the web process unless a worker does), a part of names at a time.
    DELIVERY_INLINE_MAX = _int("DELIVERY_INLINE_MAX", 2000)
    DELIVERY_IN_PROCESS = _bool("DELIVERY_IN_PROCESS", True)
    DELIVERY_LEASE_SECONDS = _int("DELIVERY_LEASE_SECONDS", 1800)
    DELIVERY_NAMES_PER_PART = _int("DELIVERY_NAMES_PER_PART", 3000)
    # Parts of a pack's list of signers laid out at once, in worker processes
    # (webapp/printing/parallel.py); 1 renders them one by one in the building process.
    DELIVERY_RENDER_PROCESSES = _int("DELIVERY_RENDER_PROCESSES", min(2, os.cpu_count() or 1))

    # Public forms refuse a filled honeypot and a send quicker than this after showing.
    HUMAN_CHECKS = _bool("HUMAN_CHECKS", True)
    FORM_MIN_FILL_SECONDS = _int("FORM_MIN_FILL_SECONDS", 2)
    # And they carry a proof-of-work challenge (webapp/proof_of_work.py) that the browser
    # solves while the person fills the form in. A form sent without a proof (no
    # JavaScript) is still taken; signing then has a stricter rate limit.
    PROOF_OF_WORK = _bool("PROOF_OF_WORK", True)
    # The secret number is drawn from 0..MAX, so a browser tries MAX/2 hashes on average.
    # 30,000: Chromium on a 2-core server solves it in 0.1-0.17 s on average, 0.2-0.28 s at
    # worst (python -m bench.proof_of_work), so a mid-range phone (2-4x slower) in about
    # 0.3-0.6 s, while the form is being filled in; a low-end phone (15x) still within
    # the 5 s the page waits after the button is pressed.
    PROOF_OF_WORK_MAX_NUMBER = _int("PROOF_OF_WORK_MAX_NUMBER", 30_000)

    # Privacy: signers' names, emails and client hashes are wiped this many months after
    # their petition closes (counts stay); links to a supporter's data last this long.
    SIGNER_DATA_MONTHS = _int("SIGNER_DATA_MONTHS", 6)
    MY_DATA_LINK_HOURS = _int("MY_DATA_LINK_HOURS", 24)
    # Supporters' letters: name, town and text are wiped this many days after the last
    # change (the letter's link then says so); that a letter was written stays counted.
    LETTER_DATA_DAYS = _int("LETTER_DATA_DAYS", 90)
    # The home page shows a running total (signatures, letters written, letters posted)
    # once it reaches HOME_TOTALS_MIN: "3 letters written" is no encouragement. The totals
    # are counted at most every HOME_TOTALS_SECONDS per process.
    HOME_TOTALS_MIN = _int("HOME_TOTALS_MIN", 100)
    HOME_TOTALS_SECONDS = _int("HOME_TOTALS_SECONDS", 30)
    # A writer who had their letter's link emailed is reminded once, this many days later,
    # if they have not said they posted it (and did not untick the reminder). The job
    # looks for letters due every LETTER_REMINDER_INTERVAL_SECONDS.
    LETTER_REMINDER_DAYS = _int("LETTER_REMINDER_DAYS", 10)
    LETTER_REMINDER_INTERVAL_SECONDS = _int("LETTER_REMINDER_INTERVAL_SECONDS", 3600)
    LETTER_REMINDER_IN_PROCESS = _bool("LETTER_REMINDER_IN_PROCESS", True)
    # Emailing an update (issue 18): at most UPDATE_SEND_PER_MINUTE emails a minute are
    # handed to the outbox, across every mailing, so a mailing to a campaign's signers
    # keeps within the mail provider's rate and leaves room for confirmation emails. The
    # job looks every UPDATE_SEND_INTERVAL_SECONDS; a run holds a mailing for
    # UPDATE_SEND_LEASE_SECONDS, after which another worker may take it over.
    UPDATE_SEND_PER_MINUTE = _int("UPDATE_SEND_PER_MINUTE", 600)
    # Lists of up to this many people are counted in the organiser's request; longer ones
    # by the job, a chunk per transaction (a million take about half a minute).
    UPDATE_LIST_INLINE_MAX = _int("UPDATE_LIST_INLINE_MAX", 20_000)
    # A list of recipients counted and never sent is deleted after this many days
    # (retention): its addresses were kept only to send.
    UPDATE_LIST_KEEP_DAYS = _int("UPDATE_LIST_KEEP_DAYS", 14)
    UPDATE_SEND_INTERVAL_SECONDS = _int("UPDATE_SEND_INTERVAL_SECONDS", 10)
    UPDATE_SEND_LEASE_SECONDS = _int("UPDATE_SEND_LEASE_SECONDS", 300)
    UPDATE_SEND_IN_PROCESS = _bool("UPDATE_SEND_IN_PROCESS", True)
    # The one-click unsubscribe takes no login and no form token: a client may press it
    # a few times, not fill the suppression list by script.
    UNSUBSCRIBE_RATE_LIMIT = os.environ.get("UNSUBSCRIBE_RATE_LIMIT") or "20 per minute;200 per day"
    MY_DATA_RATE_LIMIT = os.environ.get("MY_DATA_RATE_LIMIT") or "5 per hour"
    # Dashboard alerts: more signatures than this in one hour from one client (hashed
    # address), or from one email domain. Big webmail domains are left out of the
    # domain alert: on campaign day they pass any sensible number.
    ALERT_CLIENT_PER_HOUR = _int("ALERT_CLIENT_PER_HOUR", 30)
    ALERT_DOMAIN_PER_HOUR = _int("ALERT_DOMAIN_PER_HOUR", 100)
    ALERT_DOMAIN_IGNORE = tuple(
        (
            os.environ.get("ALERT_DOMAIN_IGNORE")
            or "gmail.com,outlook.com,hotmail.com,live.com,yahoo.com,icloud.com,me.com,"
            "proton.me,protonmail.com,gmx.de,gmx.net,web.de,aol.com,orange.fr,free.fr,"
            "yandex.ru,mail.ru,qq.com,163.com"
        ).split(",")
    )

    # Public pages with a form (a case page) are rendered once this often per process and
    # shared by anonymous visitors, with fresh form tokens each: counts on them are at most
    # this old. 0 renders every request.
    PAGE_CACHE_SECONDS = _int("PAGE_CACHE_SECONDS", 5)
    # A signing POST reads its petition's id, state and dates once this often per process
    # (closing dates are still checked against the clock each time): closing a petition
    # or hiding its case stops signatures within this many seconds. 0 reads it every time.
    PETITION_CACHE_SECONDS = _int("PETITION_CACHE_SECONDS", 5)

    # Classrooms: students' letters are deleted this many days after the class closes.
    CLASSROOM_RETENTION_DAYS = _int("CLASSROOM_RETENTION_DAYS", 30)
    # A resume code (a student continuing on another device) works once, for this long.
    CLASS_RESUME_MINUTES = _int("CLASS_RESUME_MINUTES", 30)
    # A teacher's hand tally above this many letters (or cards) for one case waits for an
    # organiser's approval before it counts publicly (issue 21, item 13) ...
    TALLY_REVIEW_ABOVE = _int("TALLY_REVIEW_ABOVE", 60)
    # ... and no single number may be above this one.
    TALLY_MAX = _int("TALLY_MAX", 1000)
    # Class PDFs with more approved letters than this are built in the background.
    CLASS_PDF_INLINE_MAX = _int("CLASS_PDF_INLINE_MAX", 60)
    CLASS_PDF_LEASE_SECONDS = _int("CLASS_PDF_LEASE_SECONDS", 600)
    # The web process builds large class PDFs itself unless a worker does.
    CLASS_PDF_IN_PROCESS = _bool("CLASS_PDF_IN_PROCESS", True)

    # How many proxies in front of the app set X-Forwarded-For/-Proto/-Host (0: none, so
    # those headers are ignored). Rate limits key on the client's address: behind a proxy
    # without this, every client would share the proxy's address, and so one limit.
    PROXY_FIX_HOPS = _int("PROXY_FIX_HOPS", 0)

    # Case photos organisers upload: larger files, or more pixels, are refused.
    PHOTO_MAX_BYTES = _int("PHOTO_MAX_BYTES", 5 * 1024 * 1024)
    PHOTO_MAX_PIXELS = _int("PHOTO_MAX_PIXELS", 40_000_000)

    MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 1024 * 1024)
    MAX_FORM_MEMORY_SIZE = MAX_CONTENT_LENGTH
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(days=1)
    # A login lasts this long however much it is used, and ends after this long unused;
    # logging out ends it everywhere its cookie was copied to (webapp/web/auth.py).
    SESSION_ABSOLUTE_HOURS = _int("SESSION_ABSOLUTE_HOURS", 12)
    SESSION_IDLE_MINUTES = _int("SESSION_IDLE_MINUTES", 180)
    WTF_CSRF_TIME_LIMIT = 6 * 3600
    # A challenge lasts as long as the form's CSRF token: a page left open works as long.
    PROOF_OF_WORK_SECONDS = WTF_CSRF_TIME_LIMIT
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    # The interface's catalogs: webapp/translations/<locale>/LC_MESSAGES/messages.po,
    # compiled to .mo by `make translations`. Flask-Babel's default place too, said here
    # so the Makefile, the tests and the app name one folder.
    BABEL_TRANSLATION_DIRECTORIES = TRANSLATIONS_DIR
    ORGANISATION_NAME = os.environ.get("ORGANISATION_NAME") or "Write for Rights"
    # Printed on delivery packs, so the authority knows who hands them over and how to
    # answer. The address's lines are separated by newlines (or " | " in one-line files).
    ORGANISATION_ADDRESS = (
        os.environ.get("ORGANISATION_ADDRESS")
        or "1 Example Street | London EC1A 1AA | United Kingdom"
    )
    ORGANISATION_CONTACT = os.environ.get("ORGANISATION_CONTACT") or "delivery@example.org"
    # Passwords: argon2id at argon2-cffi's costs (RFC 9106's second recommendation: 3
    # passes over 64 MiB, 4 lanes), about 50 ms a hash. A login rehashes a password
    # made with other costs.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_KIB = 64 * 1024
    ARGON2_PARALLELISM = 4

    @classmethod
    def check(cls, config: dict) -> None:
        """Refuse settings that are unsafe for this environment."""


class DevelopmentConfig(Config):
    """One machine, no services: SQLite, in-process mail delivery, mail to files."""

    ENV_NAME = "development"
    GENERATE_SECRET_KEY = True


class TestingConfig(Config):
    """Unit tests: no background threads, no real mail unless a test starts a server."""

    ENV_NAME = "testing"
    TESTING = True
    # Fixed, so that links made in one test open in another; never used outside tests.
    SECRET_KEY = "testing-only-not-secret"  # noqa: S105
    WTF_CSRF_ENABLED = False
    OUTBOX_IN_PROCESS = False
    CLASS_PDF_IN_PROCESS = False
    ROLLUP_IN_PROCESS = False
    DELIVERY_IN_PROCESS = False
    LETTER_REMINDER_IN_PROCESS = False
    UPDATE_SEND_IN_PROCESS = False
    # Like CSRF: off in unit tests, which send forms at once; tests/web/test_human_check.py
    # switches it on.
    HUMAN_CHECKS = False
    # The same: tests/web/test_proof_of_work.py switches it on.
    PROOF_OF_WORK = False
    # Pages show what each test just wrote; tests/web/test_pagecache.py switches it on.
    PAGE_CACHE_SECONDS = 0
    PETITION_CACHE_SECONDS = 0
    HOME_TOTALS_SECONDS = 0
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("TEST_DATABASE_URL")) or "sqlite://"
    MAIL_SERVER = None
    DEV_MAILBOX = True
    BASE_URL = "http://localhost"
    # argon2's least costs: the tests log in hundreds of times, and what they check is
    # what is stored, not how hard it is to guess (tests/accounts/test_passwords.py
    # checks the production costs).
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_KIB = 8
    ARGON2_PARALLELISM = 1


class ProductionConfig(Config):
    """Many stateless web processes; a worker delivers mail; secrets are mandatory."""

    ENV_NAME = "production"
    OUTBOX_IN_PROCESS = _bool("OUTBOX_IN_PROCESS", False)
    CLASS_PDF_IN_PROCESS = _bool("CLASS_PDF_IN_PROCESS", False)
    ROLLUP_IN_PROCESS = _bool("ROLLUP_IN_PROCESS", False)
    DELIVERY_IN_PROCESS = _bool("DELIVERY_IN_PROCESS", False)
    LETTER_REMINDER_IN_PROCESS = _bool("LETTER_REMINDER_IN_PROCESS", False)
    UPDATE_SEND_IN_PROCESS = _bool("UPDATE_SEND_IN_PROCESS", False)
    DEV_MAILBOX = False
    SESSION_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def check(cls, config: dict) -> None:
        """Production refuses to start with a missing or default secret key."""
        key = config.get("SECRET_KEY") or ""
        if key == DEFAULT_SECRET_KEY or len(key) < 32:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least 32 characters in "
                "production (python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )


def instance_secret_key(instance_path: str) -> str:
    """The development key kept in the instance folder, made up on first run.

    Several processes may start at once on a fresh folder (a reloader and its child,
    gunicorn's workers): each writes its candidate to a file of its own and links it into
    place, which succeeds for one only (like O_EXCL, and the file appears whole); then all
    read the one that won.
    """
    path = os.path.join(instance_path, SECRET_KEY_FILE)
    for _attempt in range(50):
        try:
            with open(path, encoding="ascii") as handle:
                key = handle.read().strip()
        except FileNotFoundError:
            _write_new_key(instance_path, path)
            continue
        if len(key) >= 32:
            return key
        # A file being written by a process without os.link (the O_EXCL fallback below).
        time.sleep(0.02)
    raise RuntimeError(f"{path} holds no usable key: delete it, or set SECRET_KEY.")


def _write_new_key(instance_path: str, path: str) -> None:
    key = secrets.token_urlsafe(48) + "\n"
    descriptor, candidate = tempfile.mkstemp(prefix=".secret_key-", dir=instance_path)  # 0600
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(key)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(candidate, path)
        except FileExistsError:
            pass  # another process got there first: its key is the one
        except OSError:
            _write_exclusively(path, key)  # a file system without hard links
    finally:
        os.unlink(candidate)


def _write_exclusively(path: str, key: str) -> None:
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key)


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for_environment() -> type[Config]:
    """The config class named by APP_ENV (development unless told otherwise)."""
    name = os.environ.get("APP_ENV", "development").strip().lower()
    if name not in CONFIGS:
        raise RuntimeError(f"APP_ENV must be one of {', '.join(CONFIGS)}, not {name!r}.")
    return CONFIGS[name]
