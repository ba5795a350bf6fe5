"""Flask extensions, created bare here and bound to an app in create_app."""

from __future__ import annotations

from flask import current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from webapp.models.base import Base
from webapp.utils.network import client_network

# create_savepoint lets tests wrap each test in an outer transaction that views'
# commits cannot end (pallets-eco/flask-sqlalchemy#1171).
db = SQLAlchemy(model_class=Base, session_options={"join_transaction_mode": "create_savepoint"})
migrate = Migrate()
mail = Mail()
csrf = CSRFProtect()
babel = Babel()


def client() -> str:
    """The client a limit counts: its address, or an IPv6 client's whole network
    (RATELIMIT_IPV6_PREFIX, /64 by default), which one host may hold."""
    return client_network(get_remote_address(), current_app.config["RATELIMIT_IPV6_PREFIX"])


# Limits are per client; each route names its limit from config (see webapp.web.limits).
limiter = Limiter(client)
