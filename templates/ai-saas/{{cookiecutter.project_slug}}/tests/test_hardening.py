"""Hardening: production settings, security headers, CSRF binding, logs without secrets,
500s with request ids, links from the configured URL, purging, migrations under a lock."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from helpers import PASSWORD, api_sign_up, csrf, log_in, sign_up
from pydantic import ValidationError
from sqlalchemy import func, inspect, select

from {{ cookiecutter.package_name }} import migrate
from {{ cookiecutter.package_name }}.__main__ import main
from {{ cookiecutter.package_name }}.db import Database, make_engine
from {{ cookiecutter.package_name }}.jobs.maintenance import purge_expired
from {{ cookiecutter.package_name }}.models import AuthSession, ThrottleCounter, utcnow
from {{ cookiecutter.package_name }}.settings import Settings


def test_production_refuses_the_default_secret_key(monkeypatch) -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings.from_env({"ENVIRONMENT": "production"})
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings.from_env({"ENVIRONMENT": "production", "SECRET_KEY": "short"})
    ok = Settings.from_env({"ENVIRONMENT": "production", "SECRET_KEY": "k" * 40})
    assert ok.secure_cookies  # and cookies are Secure by default there
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(SystemExit) as stopped:  # `python -m ...`: one line, no traceback
        main([])
    assert str(stopped.value).startswith("configuration error: SECRET_KEY must be set")


def test_security_headers(client) -> None:
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in csp
    assert page.headers["strict-transport-security"].startswith("max-age=")
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "hx-on" not in page.text and "<script>" not in page.text  # nothing inline to allow


def test_no_hsts_over_plain_http_in_development(make_client) -> None:
    assert (
        "strict-transport-security" not in make_client(environment="development").get("/").headers
    )


@pytest.mark.stage(2)
def test_csrf_token_is_bound_to_the_session_and_rotated_at_log_in(make_client) -> None:
    sign_up(make_client(), "ada@example.com")
    client = make_client()
    before = csrf(client, "/login")
    assert log_in(client, "ada@example.com").status_code == 303
    stale = client.post("/workspaces", data={"name": "x", "csrf_token": before})
    assert stale.status_code == 403  # the pre-log-in token no longer works
    fresh = csrf(client, "/workspaces")
    assert fresh != before
    assert client.post("/workspaces", data={"name": "ok", "csrf_token": fresh}).status_code == 200
    other = make_client()  # another session, even with this session's token, is refused
    log_in(other, "ada@example.com")
    assert other.post("/workspaces", data={"name": "x", "csrf_token": fresh}).status_code == 403


def _log_lines(capsys) -> list[dict]:  # noqa: ANN001
    err = capsys.readouterr().err
    return [json.loads(line) for line in err.splitlines() if line.startswith("{")]


@pytest.mark.stage(2)
def test_logs_carry_no_tokens_hashes_or_passwords(make_client, outbox, capsys) -> None:
    client = make_client(log_level="INFO")
    ws = sign_up(client, "ada@example.com")
    sign_up_again = client.post(
        "/signup",
        data={
            "email": "ada@example.com",
            "password": PASSWORD,
            "csrf_token": csrf(client, "/signup"),
        },
    )
    assert sign_up_again.status_code == 409
    token = csrf(client, f"/w/{ws}/members")
    page = client.post(f"/w/{ws}/invites", data={"email": "bo@example.com", "csrf_token": token})
    invite_path = page.text.split('<code id="invite-url">', 1)[1].split("</code>")[0]
    invite_path = invite_path[invite_path.index("/invites/") :]
    client.get(invite_path)
    verify_path = outbox.link("ada@example.com", "/verify/")
    client.get(verify_path)
    lines = _log_lines(capsys)
    text = json.dumps(lines)
    assert lines and "request" in {line["message"] for line in lines}
    for secret in (
        invite_path.rsplit("/", 1)[1],
        verify_path.rsplit("/", 1)[1],
        PASSWORD,
        "$argon2",
    ):
        assert secret not in text, secret
    assert "/invites/<redacted>" in text and "/verify/<redacted>" in text


@pytest.mark.stage(1)
def test_every_500_is_logged_with_its_request_id(make_client, capsys) -> None:
    client = make_client(log_level="INFO")
    headers, ws = api_sign_up(client, "ada@example.com")

    def broken(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("disk on fire")

    client.app.state.jobs.submit = broken
    response = client.post(
        f"/api/workspaces/{ws}/documents", json={"title": "t", "content": "c"}, headers=headers
    )
    assert response.status_code == 500
    request_id = response.headers["x-request-id"]
    assert response.json()["request_id"] == request_id and "disk" not in response.text
    lines = _log_lines(capsys)
    error = next(line for line in lines if line["message"] == "unhandled error")
    assert error["request_id"] == request_id and "disk on fire" in error["exc"]
    access = next(line for line in lines if line.get("status") == 500)
    assert access["request_id"] == request_id


@pytest.mark.stage(1)
def test_invite_links_use_the_configured_public_url(client) -> None:
    headers, ws = api_sign_up(client, "ada@example.com")
    evil = {**headers, "Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    invite = client.post(
        f"/api/workspaces/{ws}/invites", json={"email": "b@example.com"}, headers=evil
    )
    assert invite.json()["invite_url"].startswith("https://app.example.test/invites/")


@pytest.mark.stage(1)
def test_expired_sessions_and_stale_counters_are_purged(client) -> None:
    sign_up(client, "ada@example.com")
    state = client.app.state
    with state.db.session() as db:
        db.add(ThrottleCounter(key="client:old", window_start=utcnow() - timedelta(days=1), hits=3))
        session = db.scalars(select(AuthSession)).first()
        session.expires_at = utcnow() - timedelta(seconds=1)
    counts = purge_expired(state.db, state.settings)
    assert counts["sessions"] == 1 and counts["throttle_counters"] >= 1
    with state.db.session() as db:
        assert db.scalar(select(func.count()).select_from(AuthSession)) == 0
        assert db.get(ThrottleCounter, "client:old") is None


def test_replicas_migrating_at_once_do_not_race(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'race.db'}"
    errors: list[BaseException] = []

    def start() -> None:
        database = Database(url)
        try:
            migrate.upgrade(database.engine)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)
        database.dispose()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    engine = make_engine(url)
    assert "workspaces" in inspect(engine).get_table_names()
    engine.dispose()


def test_migrating_again_under_the_lock_is_a_no_op(database_url: str) -> None:
    """On Postgres (with DATABASE_URL) this takes the advisory lock; SQLite the file lock."""
    database = Database(database_url)
    migrate.upgrade(database.engine)
    database.dispose()
