"""Accounts: sign-up, log-in, log-out, password hashing, session cookies, API tokens."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from helpers import PASSWORD, api_sign_up, csrf, log_in, sign_up
from sqlalchemy import select

from {{ cookiecutter.package_name }}.accounts import passwords, sessions, users
from {{ cookiecutter.package_name }}.db import Database
from {{ cookiecutter.package_name }}.errors import BadRequest, Conflict
from {{ cookiecutter.package_name }}.jobs.maintenance import limits_of
from {{ cookiecutter.package_name }}.models import AuthSession, User, utcnow
from {{ cookiecutter.package_name }}.settings import Settings


def test_production_hashes_use_argon2id_at_a_real_cost() -> None:
    """The tests hash cheaply (conftest.py); the app must not: OWASP's floor is 19 MiB."""
    hasher = passwords.DEFAULT_HASHER
    assert hasher.type.name == "ID"
    assert hasher.memory_cost >= 19 * 1024 and hasher.time_cost >= 2


@pytest.mark.stage(1)
def test_sessions_store_only_a_hash_and_end_or_expire(database: Database) -> None:
    with database.session() as db:
        user = users.sign_up(db, " Ada@Example.com", PASSWORD)
        assert user.email == "ada@example.com"
        assert user.password_hash.startswith("$argon2") and PASSWORD not in user.password_hash
        token = sessions.start_session(db, user, "web", days=1)
        db.flush()
        stored = db.scalars(select(AuthSession.token_hash)).all()
        assert stored == [hashlib.sha256(token.encode()).hexdigest()]  # never the token itself
        found = sessions.user_for_token(db, token, "web")
        assert found is not None and found.id == user.id
        assert sessions.user_for_token(db, token, "api") is None  # another kind of session
        assert sessions.user_for_token(db, token[:-1], "web") is None
        row = db.get(AuthSession, stored[0])
        assert row is not None
        row.expires_at = utcnow() - timedelta(seconds=1)
        assert sessions.user_for_token(db, token, "web") is None


@pytest.mark.stage(1)
def test_authenticate_answers_alike_for_wrong_passwords_and_unknown_emails(
    database: Database, settings: Settings
) -> None:
    limits = limits_of(settings)
    with database.session() as db:
        users.sign_up(db, "ada@example.com", PASSWORD)
    with database.session() as db:
        with pytest.raises(Conflict):
            users.sign_up(db, "ADA@example.com", PASSWORD)
        with pytest.raises(BadRequest):
            users.sign_up(db, "bob@example.com", "short")
        user = users.authenticate(db, database.engine, limits, "Ada@example.com", PASSWORD, "ip")
        assert user.email == "ada@example.com"
        for email, password in (
            ("ada@example.com", "not the password"),
            ("no@example.com", PASSWORD),
        ):
            with pytest.raises(BadRequest, match="^Wrong email or password.$"):
                users.authenticate(db, database.engine, limits, email, password, "ip")


@pytest.mark.stage(2)
def test_sign_up_logs_in_and_opens_a_personal_workspace(client) -> None:
    workspace_id = sign_up(client, "ada@example.com")
    page = client.get(f"/w/{workspace_id}")
    assert page.status_code == 200
    assert "ada@example.com" in page.text
    assert "ada&#39;s workspace" in page.text or "ada's workspace" in page.text


@pytest.mark.stage(1)
def test_password_is_stored_as_an_argon2_hash(client) -> None:
    sign_up(client, "ada@example.com")
    with client.app.state.db.session() as db:
        stored = db.scalar(select(User.password_hash).where(User.email == "ada@example.com"))
    assert stored.startswith("$argon2")
    assert PASSWORD not in stored


def _session_cookie(client) -> str:  # noqa: ANN001
    """Sign up and return the Set-Cookie header of the session cookie."""
    response = client.post(
        "/signup",
        data={"email": "ada@example.com", "password": PASSWORD, "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    cookies = response.headers.get_list("set-cookie")
    return next(c for c in cookies if c.startswith(("session=", "__Host-session=")))


@pytest.mark.stage(1)
def test_session_cookie_is_a_secure_host_cookie_outside_development(client) -> None:
    cookie = _session_cookie(client)
    assert cookie.startswith("__Host-session=")
    assert "HttpOnly" in cookie and "Secure" in cookie and "Path=/" in cookie
    assert "samesite=lax" in cookie.lower() and "domain" not in cookie.lower()


@pytest.mark.stage(1)
def test_development_uses_plain_cookies_over_http(make_client) -> None:
    cookie = _session_cookie(make_client(environment="development"))
    assert cookie.startswith("session=") and "Secure" not in cookie


@pytest.mark.stage(1)
def test_cookie_secure_can_be_forced_in_development(make_client) -> None:
    cookie = _session_cookie(make_client(environment="development", cookie_secure=True))
    assert cookie.startswith("__Host-session=") and "Secure" in cookie


@pytest.mark.stage(1)
def test_log_out_ends_the_session_on_the_server(client) -> None:
    sign_up(client, "ada@example.com")
    old_cookie = client.cookies.get("__Host-session")
    assert client.get("/workspaces").status_code == 200
    response = client.post("/logout", data={"csrf_token": csrf(client, "/workspaces")})
    assert response.status_code == 200  # followed the redirect to the landing page
    assert client.get("/workspaces", follow_redirects=False).status_code == 303
    # replaying the old cookie does not work either
    client.cookies.set("__Host-session", old_cookie)
    response = client.get("/workspaces", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


@pytest.mark.stage(1)
def test_log_in_checks_the_password(make_client) -> None:
    sign_up(make_client(), "ada@example.com")
    client = make_client()
    wrong = client.post(
        "/login",
        data={"email": "ada@example.com", "password": "wrong password", "csrf_token": csrf(client)},
    )
    assert wrong.status_code == 400
    assert "Wrong email or password" in wrong.text
    assert "__Host-session" not in client.cookies
    right = client.post(
        "/login",
        data={"email": "ADA@example.com ", "password": PASSWORD, "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert right.status_code == 303
    assert client.get("/workspaces").status_code == 200


@pytest.mark.stage(1)
def test_sign_up_rejects_duplicates_and_short_passwords(make_client) -> None:
    sign_up(make_client(), "ada@example.com")
    client = make_client()
    again = client.post(
        "/signup",
        data={"email": "ada@example.com", "password": PASSWORD, "csrf_token": csrf(client)},
    )
    assert again.status_code == 409
    assert "already exists" in again.text
    short = client.post(
        "/signup", data={"email": "bo@example.com", "password": "short", "csrf_token": csrf(client)}
    )
    assert short.status_code == 400
    assert "at least 10 characters" in short.text


def test_pages_need_a_log_in(client) -> None:
    response = client.get("/workspaces", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/workspaces"


@pytest.mark.stage(1)
def test_log_in_never_redirects_off_site(make_client) -> None:
    sign_up(make_client(), "ada@example.com")
    client = make_client()
    response = client.post(
        "/login",
        data={
            "email": "ada@example.com",
            "password": PASSWORD,
            "next": "//evil.example/",
            "csrf_token": csrf(client),
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/workspaces"


@pytest.mark.stage(1)
def test_password_policy(make_client) -> None:
    client = make_client()

    def attempt(password: str, email: str = "bo@example.com"):  # noqa: ANN202
        data = {"email": email, "password": password, "csrf_token": csrf(client, "/signup")}
        return client.post("/signup", data=data, follow_redirects=False)

    huge = attempt("x" * 5_000_000)  # over the body limit: refused before parsing
    assert huge.status_code == 413
    too_long = attempt("a-long-but-fine-" * 9)
    assert too_long.status_code == 400 and "at most 128 characters" in too_long.text
    for common in ("password123", "qwertyuiop", "1234567890"):
        assert "too common" in attempt(common).text
    assert "too common" in attempt("bobby-tables-x", "bobby@example.com").text
    assert "too few characters" in attempt("aaaaaaaaaaaa").text
    assert attempt("a sound passphrase").status_code == 303


@pytest.mark.stage(2)
def test_sign_up_through_the_api_returns_a_workspace_api_key(client) -> None:
    headers, ws = api_sign_up(client, "ada@example.com")
    assert headers["Authorization"].startswith("Bearer sk_")
    assert client.get(f"/api/workspaces/{ws}/documents", headers=headers).status_code == 200
    # a key is scoped to its workspace: account routes need a browser session
    assert client.get("/api/me", headers=headers).status_code == 401
    log_in(client, "ada@example.com")
    assert client.get("/api/me").json()["email"] == "ada@example.com"
