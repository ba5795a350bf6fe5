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
    blocked = client.post(f"/petitions/{petition.slug}/sign", data={**data, "email": "b@x.org"})
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)
    assert "Retry-After" in blocked.headers


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
