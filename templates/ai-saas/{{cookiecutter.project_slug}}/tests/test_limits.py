"""Limits that hold: log-in throttling that cannot lock out the owner, body-size limits."""

from __future__ import annotations

import pytest
from helpers import PASSWORD, csrf, log_in, sign_up

from {{ cookiecutter.package_name }}.accounts import users


def _fail(client, email: str = "ada@example.com"):  # noqa: ANN001, ANN202
    return log_in(client, email, "not the password")


@pytest.mark.stage(1)
def test_wrong_passwords_are_throttled_per_client_and_account(make_client) -> None:
    sign_up(make_client(), "ada@example.com")
    attacker = make_client(client=("198.51.100.9", 4000), login_max_failures=3)
    for _ in range(3):
        assert _fail(attacker).status_code == 400
    blocked = _fail(attacker)
    assert blocked.status_code == 429
    assert "Too many log-in attempts" in blocked.text
    assert 1 <= int(blocked.headers["retry-after"]) <= 15 * 60
    assert log_in(attacker, "ada@example.com").status_code == 429  # this pair waits
    # the owner, elsewhere, is not locked out by someone else's guesses
    owner = make_client(client=("192.0.2.50", 5000), login_max_failures=3)
    assert log_in(owner, "ada@example.com").status_code == 303


@pytest.mark.stage(1)
def test_the_owners_known_browser_gets_in_during_an_attack(make_client) -> None:
    sign_up(make_client(), "ada@example.com")
    limits = {"login_max_failures": 3, "login_max_per_account": 5, "login_max_per_client": 100}
    owner = make_client(client=("192.0.2.50", 5000), **limits)
    assert log_in(owner, "ada@example.com").status_code == 303  # gets a device cookie
    owner.post("/logout", data={"csrf_token": csrf(owner, "/workspaces")})
    for n in range(6):  # a distributed attack: many addresses, one account
        attacker = make_client(client=(f"198.51.100.{n}", 4000), **limits)
        _fail(attacker)
    stranger = make_client(client=("203.0.113.99", 4000), **limits)
    assert log_in(stranger, "ada@example.com").status_code == 429  # unknown browsers wait
    assert log_in(owner, "ada@example.com").status_code == 303  # the owner's browser does not


@pytest.mark.stage(1)
def test_one_client_trying_many_emails_is_limited(make_client) -> None:
    client = make_client(login_max_per_client=5)
    for n in range(5):
        assert _fail(client, f"user{n}@example.com").status_code == 400
    assert _fail(client, "user99@example.com").status_code == 429


@pytest.mark.stage(1)
def test_a_global_ceiling_stops_floods_from_many_clients(make_client) -> None:
    for n in range(3):
        assert (
            _fail(make_client(client=(f"198.51.100.{n}", 1), login_max_overall=3)).status_code
            == 400
        )
    assert _fail(make_client(client=("198.51.100.77", 1), login_max_overall=3)).status_code == 429


@pytest.mark.stage(1)
def test_successful_log_ins_do_not_count_as_failures(make_client) -> None:
    sign_up(make_client(), "ada@example.com")
    client = make_client(login_max_failures=2, login_max_per_client=2)
    for _ in range(4):
        assert log_in(client, "ada@example.com").status_code == 303
    assert _fail(client).status_code == 400


@pytest.mark.stage(1)
def test_unknown_emails_cost_the_same_password_check(make_client, monkeypatch) -> None:
    """The response time must not reveal whether an account exists: both paths run argon2."""
    sign_up(make_client(), "ada@example.com")
    checked: list[str | None] = []
    real = users.verify_password

    def counting(password_hash, password):  # noqa: ANN001, ANN202
        checked.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(users, "verify_password", counting)
    client = make_client()
    unknown, known = _fail(client, "nobody@example.com"), _fail(client)
    assert unknown.status_code == known.status_code == 400
    assert "Wrong email or password" in unknown.text and "Wrong email or password" in known.text
    assert checked[0] is None and checked[1].startswith("$argon2")  # one hash check each


@pytest.mark.parametrize(
    "path",
    ["/signup", "/login", "/api/auth/signup"],
)
def test_large_bodies_are_refused_before_parsing(make_client, path: str) -> None:
    client = make_client(max_body_bytes=2000)
    token = csrf(client, "/signup")
    body = {"email": "a@example.com", "password": "x" * 5000, "csrf_token": token}
    response = (
        client.post(path, data=body)
        if not path.startswith("/api")
        else client.post(path, json=body)
    )
    assert response.status_code == 413
    assert "at most 2,000 bytes" in response.text


def test_a_chunked_body_is_cut_off_at_the_limit(make_client) -> None:
    client = make_client(max_body_bytes=2000)

    def pieces():  # noqa: ANN202 - no Content-Length: the server must count
        for _ in range(50):
            yield b"x" * 1000

    response = client.post(
        "/api/auth/signup", content=pieces(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


@pytest.mark.stage(2)
def test_uploads_have_their_own_larger_limit(make_client) -> None:
    client = make_client(max_body_bytes=2000, max_upload_bytes=20_000)
    ws = sign_up(client, "ada@example.com")
    token = csrf(client, f"/w/{ws}")
    small = ("notes.txt", b"Refunds take 14 days.\n" * 100, "text/plain")  # 2.2 kB
    ok = client.post(f"/w/{ws}/documents", data={"csrf_token": token}, files={"file": small})
    assert ok.status_code == 200 and "notes.txt" in ok.text
    big = ("big.txt", b"x" * 50_000, "text/plain")
    refused = client.post(f"/w/{ws}/documents", data={"csrf_token": token}, files={"file": big})
    assert refused.status_code == 413
    form = client.post(f"/w/{ws}/chats", data={"csrf_token": token, "title": "t" * 5000})
    assert form.status_code == 413  # other routes keep the small limit


def test_an_anonymous_multipart_flood_is_refused_without_a_csrf_cookie(make_client) -> None:
    client = make_client()
    response = client.post("/signup", files={"f": ("x", b"y" * 1000)}, data={"email": "a"})
    assert response.status_code == 403  # no CSRF cookie: refused before the body is parsed
    assert PASSWORD not in response.text
