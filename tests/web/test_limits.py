"""Rate limits: per client on signing and writing, shared by web processes through Redis,
and failing open when Redis is down."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port
from tests.factories import PetitionFactory

ROOT = Path(__file__).resolve().parents[2]


def test_signing_is_limited_per_client(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "SIGN_RATE_LIMIT", "2 per minute")
    petition = PetitionFactory()
    db.session.commit()
    data = {"full_name": "Ada", "country": "GB"}
    for n in range(2):
        response = client.post(
            f"/petitions/{petition.slug}/sign", data={**data, "email": f"a{n}@x.org"}
        )
        assert response.status_code == 303
        # No budget in the headers: it cost a Redis round trip per signature.
        assert "X-RateLimit-Remaining" not in response.headers
    blocked = client.post(f"/petitions/{petition.slug}/sign", data={**data, "email": "b@x.org"})
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)
    # When the minute's window lets this client in again.
    assert 1 <= int(blocked.headers["Retry-After"]) <= 60


def _start(port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own app, our own arguments
        [sys.executable, "-m", "flask", "--app", "webapp", "run", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_until_up(port: int) -> None:
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/join", timeout=1)  # noqa: S310
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the app on port {port} did not start")


@pytest.mark.parametrize(
    ("storage", "statuses"),
    [
        ("redis", [422, 422, 422, 429]),  # one count, kept in Redis
        ("memory", [422, 422, 422, 422]),  # the control: each process counts its own
        ("redis-down", [422, 422, 422, 422]),  # Redis unreachable: limits fail open
    ],
)
def test_two_web_processes_sharing_redis_enforce_one_limit(tmp_path, storage, statuses):
    """Two processes, as two machines would be: guesses spread over both count together
    when the limits live in Redis; without Redis the site keeps working."""
    import redis

    database = tmp_path / "shared.sqlite3"
    env = {
        **os.environ,
        "APP_ENV": "development",
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "two processes, one secret, as behind a load balancer",
        "JOIN_FAILURE_LIMIT": "3 per 10 minutes",
        "HUMAN_CHECKS": "false",  # these guesses come at once, on purpose
        "OUTBOX_IN_PROCESS": "false",
        "CLASS_PDF_IN_PROCESS": "false",
        "ROLLUP_IN_PROCESS": "false",
        "DELIVERY_IN_PROCESS": "false",
    }
    env.pop("TEST_DATABASE_URL", None)
    if storage == "redis":
        env["REDIS_URL"] = "redis://127.0.0.1:6379/15"
        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    elif storage == "redis-down":
        env["REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    else:
        env.pop("REDIS_URL", None)
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "flask", "--app", "webapp", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    ports = [free_port(), free_port()]
    servers = [_start(port, env) for port in ports]
    try:
        for port in ports:
            _wait_until_up(port)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"http://127.0.0.1:{ports[0]}/join").read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

        def guess(port: int) -> int:
            data = urllib.parse.urlencode(
                {"csrf_token": token, "code": "AAAA-AAAA", "display_name": "X"}
            ).encode()
            try:
                return opener.open(f"http://127.0.0.1:{port}/join", data=data).status
            except urllib.error.HTTPError as error:
                return error.code

        seen = [guess(ports[n % 2]) for n in range(4)]
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
        if storage == "redis":
            redis.Redis.from_url("redis://127.0.0.1:6379/15").flushdb()
    assert seen == statuses


# IPv6: one host holds a /64 (issue 21, item 3) ------------------------------------------


def _from(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _sign_up(client, n: int) -> int:
    data = {"name": "Ada", "email": f"ada{n}@example.org", "password": "a long passphrase here"}
    return client.post("/account/signup", data=data).status_code


def _sign(client, n: int, petition) -> int:
    data = {"full_name": "Ada", "country": "GB", "email": f"a{n}@x.org"}
    return client.post(f"/petitions/{petition.slug}/sign", data=data).status_code


def _join(client, n: int, petition) -> int:
    return client.post("/join", data={"code": f"AAAA-AAA{n}", "display_name": "X"}).status_code


def _ask_my_data(client, n: int, petition) -> int:
    return client.post("/my-data", data={"email": f"a{n}@x.org"}).status_code


@pytest.mark.parametrize(
    ("setting", "send"),
    [
        ("SIGNUP_RATE_LIMIT", lambda client, n, petition: _sign_up(client, n)),
        ("SIGN_RATE_LIMIT", _sign),
        ("JOIN_FAILURE_LIMIT", _join),
        ("MY_DATA_RATE_LIMIT", _ask_my_data),
    ],
)
def test_every_address_of_one_ipv6_network_shares_one_budget(app, db, monkeypatch, setting, send):
    monkeypatch.setitem(app.config, setting, "2 per hour")
    petition = PetitionFactory()
    db.session.commit()
    assert send(_from(app, "2001:db8:5:6::1"), 1, petition) < 429
    assert send(_from(app, "2001:db8:5:6::2"), 2, petition) < 429
    assert send(_from(app, "2001:db8:5:6:abcd::3"), 3, petition) == 429
    assert send(_from(app, "2001:db8:5:7::1"), 4, petition) < 429  # the next network


def test_client_networks():
    from webapp.utils.network import client_network

    assert client_network("203.0.113.9") == "203.0.113.9"
    assert client_network("::ffff:203.0.113.9") == "203.0.113.9"
    assert client_network("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert client_network("2001:db8:1:2:3:4:5:6", 48) == "2001:db8:1::/48"
    assert client_network("2001:db8::1", 200) == "2001:db8::1/128"
    assert client_network("not an address") == "not an address"


# Several limits in one round trip (issue 19) ---------------------------------------------


@pytest.fixture
def redis_limits(app, monkeypatch):
    """The limiter's store pointed at a real Redis (database 15, emptied)."""
    from limits.storage import RedisStorage

    from webapp.extensions import limiter

    storage = RedisStorage("redis://127.0.0.1:6379/15")
    storage.get_connection().flushdb()
    monkeypatch.setattr(limiter, "_storage", storage)
    yield storage
    storage.get_connection().flushdb()


def test_take_all_charges_every_limit_in_one_round_trip_and_says_when_to_return(
    app, redis_limits, monkeypatch
):
    from webapp.web.limits import take_all

    monkeypatch.setitem(app.config, "SIGN_RATE_LIMIT", "3 per minute;10 per hour")
    monkeypatch.setitem(app.config, "SIGN_UNPROVEN_RATE_LIMIT", "2 per minute")
    charges = (("SIGN_RATE_LIMIT", "client-a"), ("SIGN_UNPROVEN_RATE_LIMIT", "client-a"))
    import redis.connection

    connection = redis_limits.get_connection()
    sent = []
    send = redis.connection.Connection.send_packed_command
    monkeypatch.setattr(
        redis.connection.Connection,
        "send_packed_command",
        lambda self, command, *args, **kwargs: (
            sent.append(1) or send(self, command, *args, **kwargs)
        ),
    )
    with app.test_request_context():
        assert take_all(*charges) is None
        assert take_all(*charges) is None
        assert len(sent) == 2  # three windows, one round trip each time
        wait = take_all(*charges)  # the unproven limit's third use in its minute
        assert wait is not None and 1 <= wait <= 60
        # Every window was charged, the broken one too: three uses each.
        counts = sorted(int(connection.get(key)) for key in connection.keys("*client-a*"))
        assert counts == [3, 3, 3]
        # Another client is not held back.
        assert take_all(("SIGN_UNPROVEN_RATE_LIMIT", "client-b")) is None


def test_take_all_fails_open_when_redis_is_down(app, monkeypatch):
    from limits.storage import RedisStorage

    from webapp.extensions import limiter
    from webapp.web.limits import take_all

    monkeypatch.setattr(limiter, "_storage", RedisStorage(f"redis://127.0.0.1:{free_port()}/0"))
    monkeypatch.setitem(app.config, "SIGN_RATE_LIMIT", "1 per minute")
    with app.test_request_context():
        assert [take_all(("SIGN_RATE_LIMIT", "c")) for _ in range(3)] == [None, None, None]
