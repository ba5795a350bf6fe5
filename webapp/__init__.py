"""Write for Rights: the application factory."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp import sqlite
from webapp.config import Config, config_for_environment, instance_secret_key
from webapp.extensions import babel, csrf, db, limiter, mail, migrate
from webapp.web import converters, limits, transaction
from webapp.web.locales import select_locale

MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")


def create_app(
    config: type[Config] | Mapping[str, Any] | None = None, *, instance_path: str | None = None
) -> Flask:
    """Build the app: a config class, or overrides on top of the environment's config;
    `instance_path` (absolute) replaces the default instance folder, ./instance."""
    app = Flask(
        __name__,
        template_folder="../templates",
        instance_relative_config=True,
        instance_path=instance_path,
    )
    config_class = config if isinstance(config, type) else config_for_environment()
    app.config.from_object(config_class)
    if isinstance(config, Mapping):
        app.config.update(config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY") and app.config.get("GENERATE_SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        path = os.path.join(app.instance_path, "write-for-rights.sqlite3")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    config_class.check(app.config)
    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR)
    mail.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    with app.app_context():
        sqlite.tune(db.engine, reads_only=transaction.request_only_reads)

    # Before the routes are added: every `<int:>` in them is the bounded converter.
    converters.register(app)
    _register_blueprints(app)
    # Every limit is declared now (the views' decorators have run).
    limits.drop_empty_middleware(app)

    from webapp.background import loops, registry
    from webapp.cli import register_commands
    from webapp.web import errors, exposure, locales, security, templating

    errors.register(app)
    exposure.register(app)
    templating.register(app)
    locales.init_app(app)
    security.register(app)
    # The embedded default: the registered jobs whose in-process flag is on run in this
    # process (`flask worker` runs every registered job).
    loops.init_app(app, registry.registered_jobs())
    register_commands(app)
    # Last, so that it runs first of the after-request hooks (webapp.web.transaction).
    transaction.init_app(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from webapp.accounts.views import bp as accounts_bp
    from webapp.admin.views import bp as admin_bp
    from webapp.api.views import bp as api_bp
    from webapp.campaigns.views import bp as campaigns_bp
    from webapp.classrooms.student_views import bp as students_bp
    from webapp.classrooms.views import bp as classrooms_bp
    from webapp.letters.views import bp as letters_bp
    from webapp.outbox.views import bp as outbox_bp
    from webapp.petitions.views import bp as petitions_bp
    from webapp.privacy.views import bp as privacy_bp
    from webapp.updates.unsubscribe_views import bp as unsubscribe_bp
    from webapp.updates.views import bp as updates_bp

    app.register_blueprint(campaigns_bp)
    app.register_blueprint(petitions_bp)
    app.register_blueprint(letters_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(updates_bp)
    app.register_blueprint(unsubscribe_bp)
    app.register_blueprint(accounts_bp, url_prefix="/account")
    # A classroom's two sides: its teacher's (behind one access check) and its students'.
    app.register_blueprint(classrooms_bp, url_prefix="/classrooms")
    app.register_blueprint(students_bp)
    # The organisation's side: content, exports, moderation, delivery and updates are its
    # children, behind its one access check (webapp/admin/views.py).
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    # The API is read-only JSON: there are no forms, so no CSRF tokens to check.
    csrf.exempt(api_bp)
    if app.config["DEV_MAILBOX"] and not app.config["MAIL_SERVER"]:
        app.register_blueprint(outbox_bp, url_prefix="/dev/mail")
