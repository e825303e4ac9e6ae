"""Concurrency: limits and uniqueness hold under truly parallel requests (a real server)."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from helpers import PASSWORD

from {{ cookiecutter.package_name }}.settings import Plan

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _parallel(n: int, call) -> list[int]:  # noqa: ANN001
    with ThreadPoolExecutor(max_workers=n) as pool:
        return sorted(pool.map(lambda i: call(i), range(n)))


def _free(per_minute: int) -> dict:
    free = Plan(
        name="free", requests_per_month=1000, tokens_per_month=10**7, requests_per_minute=per_minute
    )
    pro = Plan(
        name="pro", requests_per_month=10_000, tokens_per_month=10**9, requests_per_minute=1000
    )
    return {"plans": {"free": free, "pro": pro}}


@pytest.mark.stage(5)
def test_parallel_uploads_admit_exactly_the_rate_limit(live_server) -> None:
    base = live_server(**_free(per_minute=10))
    signup = httpx.post(
        f"{base}/api/auth/signup", json={"email": "ada@example.com", "password": PASSWORD}
    )
    key, ws = signup.json()["api_key"]["key"], signup.json()["workspace"]["id"]
    headers = {"Authorization": f"Bearer {key}"}

    def upload(i: int) -> int:
        body = {"title": f"Doc {i}", "content": f"Body {i}."}
        url = f"{base}/api/workspaces/{ws}/documents"
        return httpx.post(url, json=body, headers=headers, timeout=60).status_code

    codes = _parallel(30, upload)
    assert codes.count(202) == 10 and codes.count(429) == 20, codes
    usage = httpx.get(f"{base}/api/workspaces/{ws}/usage", headers=headers).json()
    assert usage["requests"] == 10


@pytest.mark.stage(1)
def test_parallel_wrong_passwords_check_exactly_the_limit(live_server) -> None:
    base = live_server(login_max_failures=10, login_max_per_client=1000)
    httpx.post(f"{base}/api/auth/signup", json={"email": "ada@example.com", "password": PASSWORD})
    with httpx.Client(base_url=base) as browser:
        token = _CSRF.search(browser.get("/login").text).group(1)
        cookies = dict(browser.cookies)

    def guess(i: int) -> int:
        data = {"email": "ada@example.com", "password": f"guess {i}", "csrf_token": token}
        return httpx.post(f"{base}/login", data=data, cookies=cookies, timeout=60).status_code

    codes = _parallel(60, guess)
    assert codes.count(400) == 10 and codes.count(429) == 50, codes


@pytest.mark.stage(1)
def test_parallel_sign_ups_with_one_email_make_one_account(live_server) -> None:
    base = live_server()

    def sign_up(i: int) -> int:
        body = {"email": "Ada@Example.com", "password": PASSWORD}
        return httpx.post(f"{base}/api/auth/signup", json=body, timeout=60).status_code

    codes = _parallel(10, sign_up)
    assert codes.count(201) == 1 and codes.count(409) == 9, codes
