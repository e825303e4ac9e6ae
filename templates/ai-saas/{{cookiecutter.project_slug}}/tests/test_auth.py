"""Accounts: sign-up, log-in, log-out, password hashing, session cookies, API tokens."""

from __future__ import annotations

from helpers import PASSWORD, api_sign_up, csrf, sign_up
from sqlalchemy import select

from {{ cookiecutter.package_name }}.models import User


def test_sign_up_logs_in_and_opens_a_personal_workspace(client) -> None:
    workspace_id = sign_up(client, "ada@example.com")
    page = client.get(f"/w/{workspace_id}")
    assert page.status_code == 200
    assert "ada@example.com" in page.text
    assert "ada&#39;s workspace" in page.text or "ada's workspace" in page.text


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
    return next(c for c in response.headers.get_list("set-cookie") if c.startswith("session="))


def test_session_cookie_is_http_only_and_same_site(client) -> None:
    cookie = _session_cookie(client)
    assert "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()
    assert "Secure" not in cookie  # plain HTTP in development


def test_session_cookie_is_secure_when_configured(make_client) -> None:
    assert "Secure" in _session_cookie(make_client(cookie_secure=True))


def test_log_out_ends_the_session_on_the_server(client) -> None:
    sign_up(client, "ada@example.com")
    old_cookie = client.cookies.get("session")
    assert client.get("/workspaces").status_code == 200
    response = client.post("/logout", data={"csrf_token": csrf(client, "/workspaces")})
    assert response.status_code == 200  # followed the redirect to the landing page
    assert client.get("/workspaces", follow_redirects=False).status_code == 303
    client.cookies.set("session", old_cookie)  # replaying the old cookie does not work either
    response = client.get("/workspaces", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def test_log_in_checks_the_password(make_client) -> None:
    sign_up(make_client(), "ada@example.com")
    client = make_client()
    wrong = client.post(
        "/login",
        data={"email": "ada@example.com", "password": "wrong password", "csrf_token": csrf(client)},
    )
    assert wrong.status_code == 400
    assert "Wrong email or password" in wrong.text
    assert "session" not in client.cookies
    right = client.post(
        "/login",
        data={"email": "ADA@example.com ", "password": PASSWORD, "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert right.status_code == 303
    assert client.get("/workspaces").status_code == 200


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
    assert "at least 8 characters" in short.text


def test_pages_need_a_log_in(client) -> None:
    response = client.get("/workspaces", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/workspaces"


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


def test_api_tokens_log_in_and_out(client) -> None:
    headers, _ = api_sign_up(client, "ada@example.com")
    assert client.get("/api/me", headers=headers).json()["email"] == "ada@example.com"
    token = client.post(
        "/api/auth/token", json={"email": "ada@example.com", "password": PASSWORD}
    ).json()["token"]
    second = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/me", headers=second).status_code == 200
    assert client.post("/api/auth/logout", headers=second).status_code == 204
    assert client.get("/api/me", headers=second).status_code == 401
    assert client.get("/api/me", headers=headers).status_code == 200  # other token unaffected
    bad = client.post("/api/auth/token", json={"email": "ada@example.com", "password": "nope"})
    assert bad.status_code == 400


def test_repeated_wrong_passwords_are_throttled(make_client) -> None:
    sign_up(make_client(), "ada@example.com")
    client = make_client(login_max_failures=3)

    def log_in(email: str, password: str):  # noqa: ANN202
        data = {"email": email, "password": password, "csrf_token": csrf(client)}
        return client.post("/login", data=data, follow_redirects=False)

    for _ in range(3):
        assert log_in("ada@example.com", "guess").status_code == 400
    blocked = log_in("ada@example.com", PASSWORD)  # even the right password, for now
    assert blocked.status_code == 429
    assert "Too many failed log-ins" in blocked.text
    assert int(blocked.headers["retry-after"]) == 15 * 60
    api = client.post("/api/auth/token", json={"email": "ada@example.com", "password": PASSWORD})
    assert api.status_code == 429
    assert log_in("someone@example.com", "guess").status_code == 400  # per email


def test_a_successful_log_in_clears_the_failures(make_client) -> None:
    sign_up(make_client(), "ada@example.com")
    client = make_client(login_max_failures=2)
    data = {"email": "ada@example.com", "password": "guess", "csrf_token": csrf(client)}
    assert client.post("/login", data=data).status_code == 400
    good = {**data, "password": PASSWORD}
    assert client.post("/login", data=good, follow_redirects=False).status_code == 303
    assert (
        client.post("/logout", data={"csrf_token": csrf(client, "/workspaces")}).status_code == 200
    )
    assert client.post("/login", data=data).status_code == 400  # one failure again, not two
    assert client.post("/login", data=good, follow_redirects=False).status_code == 303
