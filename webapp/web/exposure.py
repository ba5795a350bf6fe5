"""The development set-up is for one machine: say so loudly when it is reachable from others.

A development server runs with the development mailbox (/dev/mail shows every reset
link) and other conveniences that must not face a network (issue 21, item 15). Two
checks, both only logging: at start, `flask run --host` naming a non-loopback address;
and, once per process, the first request that comes from another machine.
"""

from __future__ import annotations

import ipaddress
import logging

import click
from flask import Flask, current_app, request

log = logging.getLogger(__name__)

WARNING = (
    "THE DEVELOPMENT SET-UP IS REACHABLE FROM OTHER MACHINES (%s). It is not made for "
    "that: set APP_ENV=production and a SECRET_KEY, or bind to 127.0.0.1."
)


def is_loopback(address: str | None) -> bool:
    """Whether an address is this machine's own (127.0.0.0/8, ::1, or IPv4 mapped in IPv6)."""
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return (mapped or ip).is_loopback


def request_is_local() -> bool:
    """Whether this request comes from this machine itself. A request relayed by a proxy
    on this machine is not, unless PROXY_FIX_HOPS says whose address to believe."""
    if not is_loopback(request.remote_addr):
        return False
    relayed = "X-Forwarded-For" in request.headers or "Forwarded" in request.headers
    return not relayed or bool(current_app.config["PROXY_FIX_HOPS"])


def register(app: Flask) -> None:
    """In development, warn when the server is (or turns out to be) exposed."""
    if app.config.get("ENV_NAME") != "development":
        return
    host = _flask_run_host()
    if host is not None and not _names_loopback(host):
        log.warning(WARNING, f"flask run --host {host}")
        return
    warned = False

    @app.before_request
    def warn_on_first_remote_request() -> None:
        nonlocal warned
        if not warned and not request_is_local():
            warned = True
            log.warning(WARNING, f"a request from {request.remote_addr}")


def _flask_run_host() -> str | None:
    """The --host of `flask run`, when this process was started by it."""
    context = click.get_current_context(silent=True)
    if context is None or context.info_name != "run":
        return None
    host = context.params.get("host")
    return host if isinstance(host, str) else None


def _names_loopback(host: str) -> bool:
    return host == "localhost" or is_loopback(host.strip("[]"))
