"""The development set-up is safe to expose by accident (issue 21, item 15): no public
key, a mailbox only for this machine, and a loud warning when others can reach it."""

from __future__ import annotations

import logging
import multiprocessing
import os
import stat

import pytest
from itsdangerous import URLSafeTimedSerializer

from webapp import create_app
from webapp.background.registry import registered_jobs
from webapp.config import DEFAULT_SECRET_KEY, SECRET_KEY_FILE, instance_secret_key

# Every job's in-process flag, off: these apps have no tables for a job to read, and a
# loop left failing in the background would log tracebacks for the rest of the run.
NO_JOBS = {job.in_process: False for job in registered_jobs() if job.in_process}


@pytest.fixture
def unset_environment(monkeypatch, tmp_path):
    """APP_ENV and SECRET_KEY unset, as on a fresh checkout; SQLite in memory."""
    monkeypatch.delenv("APP_ENV", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    return {"SQLALCHEMY_DATABASE_URI": "sqlite://", **NO_JOBS}


def _fresh(tmp_path, name: str, overrides: dict):
    return create_app(overrides, instance_path=str(tmp_path / name))


def test_two_fresh_instances_never_share_a_key(unset_environment, tmp_path):
    first = _fresh(tmp_path, "one", unset_environment)
    second = _fresh(tmp_path, "two", unset_environment)
    assert first.config["ENV_NAME"] == "development"
    keys = {first.config["SECRET_KEY"], second.config["SECRET_KEY"]}
    assert len(keys) == 2
    assert DEFAULT_SECRET_KEY not in keys and all(len(key) >= 32 for key in keys)


def test_an_instance_keeps_its_key_in_a_private_file(unset_environment, tmp_path):
    first = _fresh(tmp_path, "one", unset_environment)
    again = _fresh(tmp_path, "one", unset_environment)
    assert again.config["SECRET_KEY"] == first.config["SECRET_KEY"]
    path = tmp_path / "one" / SECRET_KEY_FILE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert path.read_text().strip() == first.config["SECRET_KEY"]
    # Nothing else is left behind in the instance folder.
    assert not [name for name in os.listdir(tmp_path / "one") if name.startswith(".secret")]


def test_a_link_forged_with_the_old_public_key_opens_nothing(unset_environment, tmp_path):
    app = _fresh(tmp_path, "one", unset_environment)
    forged = URLSafeTimedSerializer(DEFAULT_SECRET_KEY, salt="my-data").dumps("a@example.org")
    response = app.test_client().get(f"/my-data/{forged}")
    assert response.status_code == 404


def _key_in(folder: str, queue) -> None:
    queue.put(instance_secret_key(folder))


def test_processes_starting_at_once_end_with_one_key(tmp_path):
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    processes = [context.Process(target=_key_in, args=(str(tmp_path), queue)) for _ in range(6)]
    for process in processes:
        process.start()
    keys = {queue.get(timeout=60) for _ in processes}
    for process in processes:
        process.join(10)
    assert len(keys) == 1
    assert (tmp_path / SECRET_KEY_FILE).read_text().strip() in keys


def test_an_explicit_key_is_used_and_nothing_is_written(unset_environment, tmp_path, monkeypatch):
    app = _fresh(tmp_path, "one", {**unset_environment, "SECRET_KEY": "k" * 40})
    assert app.config["SECRET_KEY"] == "k" * 40
    assert not (tmp_path / "one" / SECRET_KEY_FILE).exists()


def test_production_still_refuses_to_start_without_a_key(unset_environment, tmp_path, monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        _fresh(tmp_path, "one", unset_environment)
    assert not (tmp_path / "one" / SECRET_KEY_FILE).exists()


@pytest.mark.parametrize("address", ["203.0.113.9", "192.168.1.20", "2001:db8::1", "10.0.0.2"])
def test_the_dev_mailbox_answers_only_this_machine(unset_environment, tmp_path, address):
    app = _fresh(tmp_path, "one", unset_environment)
    client = app.test_client()
    assert client.get("/dev/mail/").status_code == 200  # 127.0.0.1, the test client's
    assert client.get("/dev/mail/", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200
    remote = {"REMOTE_ADDR": address}
    assert client.get("/dev/mail/", environ_base=remote).status_code == 404
    name = "/dev/mail/20260101T000000-0123abcd.eml"
    assert client.get(name, environ_base=remote).status_code == 404


def test_a_local_proxy_does_not_make_the_mailbox_local(unset_environment, tmp_path):
    """nginx on the same machine relays the world's requests from 127.0.0.1."""
    app = _fresh(tmp_path, "one", unset_environment)
    relayed = app.test_client().get("/dev/mail/", headers={"X-Forwarded-For": "203.0.113.9"})
    assert relayed.status_code == 404


def test_the_first_request_from_another_machine_logs_a_warning(unset_environment, tmp_path, caplog):
    app = _fresh(tmp_path, "one", unset_environment)
    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="webapp.web.exposure"):
        client.get("/privacy")
        assert not caplog.records
        for _ in range(3):
            client.get("/privacy", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    [warning] = caplog.records
    assert "REACHABLE FROM OTHER MACHINES" in warning.getMessage()
    assert "203.0.113.9" in warning.getMessage()


def test_flask_run_on_a_public_address_logs_a_warning(unset_environment, tmp_path, caplog):
    import click

    command = click.Command("run", params=[click.Option(["--host"])])
    with command.make_context("run", ["--host", "0.0.0.0"]):  # noqa: S104 - the point
        with caplog.at_level(logging.WARNING, logger="webapp.web.exposure"):
            _fresh(tmp_path, "one", unset_environment)
    assert "flask run --host 0.0.0.0" in caplog.text
    caplog.clear()
    with command.make_context("run", ["--host", "127.0.0.1"]):
        with caplog.at_level(logging.WARNING, logger="webapp.web.exposure"):
            _fresh(tmp_path, "two", unset_environment)
    assert not caplog.records


def test_the_testing_config_keeps_a_fixed_key(app):
    assert app.config["SECRET_KEY"] == "testing-only-not-secret"
