"""CSRF: forms and cookie-authenticated API calls need the token paired with the cookie."""

from __future__ import annotations

import pytest
from helpers import PASSWORD, api_sign_up, csrf, sign_up


@pytest.mark.stage(1)
def test_log_in_form_without_token_is_rejected(make_client) -> None:
    sign_up(make_client(), "ada@example.com")
    client = make_client()
    client.get("/login")
    response = client.post("/login", data={"email": "ada@example.com", "password": PASSWORD})
    assert response.status_code == 403
    assert "CSRF check failed" in response.text
    assert "session" not in client.cookies


@pytest.mark.stage(1)
def test_forged_token_is_rejected(client) -> None:
    workspace_id = sign_up(client, "ada@example.com")
    response = client.post(
        "/workspaces", data={"name": "Evil", "csrf_token": "0" * 64}, follow_redirects=False
    )
    assert response.status_code == 403
    assert "Evil" not in client.get("/workspaces").text
    response = client.post(f"/w/{workspace_id}/chats", data={"title": "x"}, follow_redirects=False)
    assert response.status_code == 403


@pytest.mark.stage(1)
def test_token_from_another_browser_does_not_fit_this_cookie(make_client) -> None:
    victim, attacker = make_client(), make_client()
    sign_up(victim, "ada@example.com")
    stolen_form_token = csrf(attacker)  # paired with the attacker's cookie, not the victim's
    response = victim.post(
        "/workspaces",
        data={"name": "Evil", "csrf_token": stolen_form_token},
        follow_redirects=False,
    )
    assert response.status_code == 403


@pytest.mark.stage(1)
def test_valid_token_in_form_field_or_htmx_header_is_accepted(client) -> None:
    sign_up(client, "ada@example.com")
    token = csrf(client, "/workspaces")
    by_field = client.post(
        "/workspaces", data={"name": "Field", "csrf_token": token}, follow_redirects=False
    )
    assert by_field.status_code == 303
    by_header = client.post(
        "/workspaces",
        data={"name": "Header"},
        headers={"X-CSRF-Token": token, "HX-Request": "true"},
        follow_redirects=False,
    )
    assert by_header.status_code == 303


@pytest.mark.stage(1)
def test_api_with_the_browser_session_needs_the_header(client) -> None:
    sign_up(client, "ada@example.com")
    response = client.post("/api/workspaces", json={"name": "No header"})
    assert response.status_code == 403
    token = csrf(client, "/workspaces")
    ok = client.post(
        "/api/workspaces", json={"name": "With header"}, headers={"X-CSRF-Token": token}
    )
    assert ok.status_code == 201


@pytest.mark.stage(1)
def test_api_with_a_bearer_token_needs_no_csrf(make_client) -> None:
    client = make_client()
    headers, ws = api_sign_up(client, "ada@example.com")
    response = client.post(f"/api/workspaces/{ws}/chats", json={"title": "x"}, headers=headers)
    assert response.status_code == 201
