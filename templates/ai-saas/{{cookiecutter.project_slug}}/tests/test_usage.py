"""Usage: requests and tokens metered per workspace; quotas and the rate limit answer 429."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from helpers import add_document, api_sign_up, ask, csrf, log_in, new_chat, sign_up

from {{ cookiecutter.package_name }}.db import Database
from {{ cookiecutter.package_name }}.errors import LimitExceeded
from {{ cookiecutter.package_name }}.limits import quotas
from {{ cookiecutter.package_name }}.models import UsageEvent, Workspace
from {{ cookiecutter.package_name }}.settings import Plan, Settings


def _free(**limits: int) -> dict:
    base = {"requests_per_month": 1000, "tokens_per_month": 1_000_000, "requests_per_minute": 100}
    base.update(limits)
    pro = Plan(
        name="pro", requests_per_month=10_000, tokens_per_month=10**9, requests_per_minute=1000
    )
    return {"plans": {"free": Plan(name="free", **base), "pro": pro}}


@pytest.mark.stage(5)
def test_limits_count_the_last_minute_then_the_month(
    database: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = datetime(2030, 5, 15, 12, 0)  # mid-month: the month's window is known
    monkeypatch.setattr(quotas, "utcnow", lambda: now)
    limited = settings.model_copy(update=_free(requests_per_minute=2, requests_per_month=4))
    with database.session() as db:
        ws = Workspace(name="A")
        db.add(ws)
        db.flush()

        def used(seconds_ago: int, tokens: int = 0) -> None:
            at = now - timedelta(seconds=seconds_ago)
            db.add(UsageEvent(workspace_id=ws.id, kind="chat", tokens=tokens, created_at=at))
            db.flush()

        quotas.enforce_limits(db, limited, ws, now)  # nothing used yet
        used(50)
        used(10)
        with pytest.raises(LimitExceeded, match="allows 2 AI requests per minute") as rate:
            quotas.enforce_limits(db, limited, ws, now)
        assert rate.value.retry_after == 11  # the older one leaves the minute in 10 s
        used(3600)
        quotas.enforce_limits(db, limited, ws, now + timedelta(seconds=60))  # 3 of 4 this month
        used(7200)
        with pytest.raises(LimitExceeded, match="Monthly quota reached") as month:
            quotas.enforce_limits(db, limited, ws, now + timedelta(seconds=60))
        assert "resets on 2030-06-01" in month.value.message
        assert month.value.retry_after > 15 * 86400
        tokens = settings.model_copy(update=_free(tokens_per_month=100))
        used(9000, tokens=100)
        with pytest.raises(LimitExceeded, match="Monthly token quota reached"):
            quotas.enforce_limits(db, tokens, ws, now + timedelta(seconds=60))


@pytest.mark.stage(5)
def test_rate_limit_answers_429_with_a_clear_message(make_client) -> None:
    client = make_client(**_free(requests_per_minute=2))
    headers, ws = api_sign_up(client, "ada@example.com")
    chat = new_chat(client, headers, ws)
    assert ask(client, headers, ws, chat, "one").status_code == 200
    assert ask(client, headers, ws, chat, "two").status_code == 200
    third = ask(client, headers, ws, chat, "three")
    assert third.status_code == 429
    assert "Rate limit reached" in third.json()["detail"]
    assert "2 AI requests per minute" in third.json()["detail"]
    assert 1 <= int(third.headers["retry-after"]) <= 61


@pytest.mark.stage(5)
def test_rate_limit_on_the_html_chat(make_client) -> None:
    client = make_client(**_free(requests_per_minute=1))
    ws = sign_up(client, "ada@example.com")
    token = csrf(client, f"/w/{ws}")
    chat_url = client.post(f"/w/{ws}/chats", data={"csrf_token": token}).url.path
    form = {"content": "hello", "csrf_token": token}
    hx = {"HX-Request": "true"}
    assert client.post(f"{chat_url}/messages", data=form, headers=hx).status_code == 200
    blocked = client.post(f"{chat_url}/messages", data=form, headers=hx)
    assert blocked.status_code == 429
    assert "Rate limit reached" in blocked.text
    streamed = client.post(f"{chat_url}/stream", data=form, headers=hx)  # as static/chat.js
    assert streamed.status_code == 429
    assert streamed.text.startswith('<div class="alert error"')
    assert "Rate limit reached" in streamed.text


@pytest.mark.stage(5)
def test_monthly_request_quota(make_client) -> None:
    client = make_client(**_free(requests_per_month=2))
    headers, ws = api_sign_up(client, "ada@example.com")
    add_document(client, headers, ws, "Notes", "Some notes about quotas.")  # 1 request
    chat = new_chat(client, headers, ws)
    assert ask(client, headers, ws, chat, "quotas?").status_code == 200  # 2 requests
    blocked = ask(client, headers, ws, chat, "again?")
    assert blocked.status_code == 429
    detail = blocked.json()["detail"]
    assert "Monthly quota reached" in detail and "upgrade to pro" in detail
    upload = client.post(
        f"/api/workspaces/{ws}/documents", json={"title": "t", "content": "c"}, headers=headers
    )
    assert upload.status_code == 429


@pytest.mark.stage(5)
def test_monthly_token_quota(make_client) -> None:
    client = make_client(**_free(tokens_per_month=60))
    headers, ws = api_sign_up(client, "ada@example.com")
    chat = new_chat(client, headers, ws)
    assert ask(client, headers, ws, chat, "first").status_code == 200  # fake model: 50 tokens
    assert ask(client, headers, ws, chat, "second").status_code == 200  # 100 tokens now
    blocked = ask(client, headers, ws, chat, "third")
    assert blocked.status_code == 429
    assert "token quota" in blocked.json()["detail"]


@pytest.mark.stage(4)
def test_usage_is_metered_per_workspace(make_client) -> None:
    client = make_client()
    headers, ws = api_sign_up(client, "ada@example.com")
    log_in(client, "ada@example.com")
    other = client.post(
        "/api/workspaces", json={"name": "Other"}, headers={"X-CSRF-Token": csrf(client, "/")}
    ).json()["id"]
    add_document(client, headers, ws, "Notes", "Metering counts requests and tokens.")
    chat = new_chat(client, headers, ws)
    ask(client, headers, ws, chat, "What does metering count?")
    ask(client, headers, ws, chat, "And tokens?")
    used = client.get(f"/api/workspaces/{ws}/usage", headers=headers).json()
    assert used["requests"] == 3
    assert used["requests_by_kind"] == {"chat": 2, "document": 1}
    assert used["tokens"] == 100
    assert used["plan"] == "free"
    untouched = client.get(f"/api/workspaces/{other}/usage").json()
    assert untouched["requests"] == 0 and untouched["tokens"] == 0


@pytest.mark.stage(5)
def test_usage_page_and_no_plan_change_without_billing(make_client) -> None:
    client = make_client(**_free(requests_per_minute=1))
    ws = sign_up(client, "ada@example.com")
    token = csrf(client, f"/w/{ws}")
    client.post(f"/w/{ws}/samples", data={"csrf_token": token})
    page = client.get(f"/w/{ws}/usage")
    assert page.status_code == 200
    assert '<strong id="requests">1</strong>' in page.text
    assert "free plan" in page.text and "Billing is not configured" in page.text
    assert client.post(f"/w/{ws}/samples", data={"csrf_token": token}).status_code == 429
    # no demo switch any more: plans change only through verified Stripe events
    refused = client.post(f"/w/{ws}/billing/checkout", data={"csrf_token": token})
    assert refused.status_code == 503 and "not configured" in refused.text
    assert client.post(f"/w/{ws}/plan", data={"plan": "pro", "csrf_token": token}).status_code in (
        404,
        405,
    )
    assert client.get(f"/api/workspaces/{ws}/usage").json()["plan"] == "free"
