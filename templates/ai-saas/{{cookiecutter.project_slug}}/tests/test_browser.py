"""End to end in a real browser (Playwright driving an installed Chromium): sign up, confirm
the email, upload, chat (streamed), invite, accept, and see the quota's 429 message.

Skipped (never passed) without Playwright or a Chromium binary: set CHROMIUM_PATH, or install
Debian's `chromium` (Playwright's own browser download is not needed). An empty
CHROMIUM_PATH turns them off.
"""

from __future__ import annotations

import os
import shutil

import pytest

from {{ cookiecutter.package_name }}.settings import Plan

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright not installed: pip install -e '.[e2e]'"
)


def _chromium() -> str:
    if os.environ.get("CHROMIUM_PATH") == "":
        pytest.skip("CHROMIUM_PATH is set but empty: browser tests turned off")
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        shutil.which("google-chrome"),
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.skip("no Chromium binary: set CHROMIUM_PATH or install chromium")


@pytest.fixture
def browser():  # noqa: ANN201
    executable = _chromium()
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True, args=["--no-sandbox"]
        )
        yield launched
        launched.close()


PASSWORD = "a sound passphrase"


def _sign_up(page, base: str, outbox, email: str) -> None:  # noqa: ANN001
    page.goto(f"{base}/signup")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/w/*")
    page.goto(base + outbox.link(email, "/verify/"))
    page.click("text=Confirm my email address")
    page.wait_for_selector("#verified")


@pytest.mark.stage(5)
def test_the_whole_journey_in_a_browser(browser, live_server, outbox) -> None:  # noqa: ANN001
    free = Plan(name="free", requests_per_month=100, tokens_per_month=10**6, requests_per_minute=2)
    pro = Plan(name="pro", requests_per_month=1000, tokens_per_month=10**7, requests_per_minute=100)
    base = live_server(plans={"free": free, "pro": pro})
    owner = browser.new_page()
    errors: list[str] = []
    owner.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _sign_up(owner, base, outbox, "owner@example.com")

    owner.click("text=Go to your workspaces")
    owner.click("a[href^='/w/']")
    workspace = owner.url
    owner.fill("input[name=title]", "Refund policy")
    owner.fill("textarea[name=content]", "Customers can get a full refund within 14 days.")
    owner.click("text=Add document")  # htmx adds the row, which polls until ready
    owner.wait_for_selector("#documents .status-ready", timeout=20_000)

    owner.fill("input[name=title][placeholder^='Chat title']", "Refunds")
    owner.click("text=New chat")
    owner.wait_for_url(f"{workspace}/chats/*")
    owner.fill("textarea[name=content]", "How long do refunds take?")
    owner.click("#ask button")  # chat.js streams the answer token by token
    answer = owner.wait_for_selector(".message.assistant .citations", timeout=20_000)
    assert "Refund policy" in answer.inner_text()
    assert "The answer is in Refund policy" in owner.inner_text("#messages")

    owner.fill("textarea[name=content]", "And exchanges?")
    owner.click("#ask button")  # third AI request this minute: the plan allows two
    alert = owner.wait_for_selector(".alert.error", timeout=20_000)
    assert "Rate limit reached" in alert.inner_text()

    owner.goto(f"{workspace}/members")
    owner.fill("input[name=email]", "mia@example.com")
    owner.click("text=Invite")
    link = owner.inner_text("#invite-url")
    assert link.startswith("https://app.example.test/invites/")  # from PUBLIC_URL

    member = browser.new_context().new_page()
    _sign_up(member, base, outbox, "mia@example.com")
    member.goto(base + link[link.index("/invites/") :])
    member.click("text=Accept invite")
    member.wait_for_url(workspace)
    assert "Refund policy" in member.inner_text("#documents")
    assert not [e for e in errors if "Content Security Policy" in e], errors
