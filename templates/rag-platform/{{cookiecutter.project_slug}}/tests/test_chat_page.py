"""The chat page in a real browser: multi-turn, streamed, citations that open their passage.

Needs Playwright (pip install -e ".[browser]") and a Chromium; CHROMIUM_PATH points at one
(default /usr/bin/chromium, as Debian installs it). Skipped, never passed, without them.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from {{ cookiecutter.package_name }}.api import create_app

from .conftest import Api

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture
def server(api: Api) -> Iterator[tuple[str, Api]]:
    uvicorn = pytest.importorskip("uvicorn")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(services=api.services), port=port, log_config=None)
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert running.started, "the server did not start"
    yield f"http://127.0.0.1:{port}", api
    running.should_exit = True
    thread.join(10)


@pytest.fixture
def page():
    sync_api = pytest.importorskip("playwright.sync_api", reason='pip install -e ".[browser]"')
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(f"no Chromium at {CHROMIUM} (set CHROMIUM_PATH)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser.new_page()
        browser.close()


@pytest.mark.stage(6)
def test_a_two_turn_chat_with_clickable_citations(server, page):
    url, api = server
    sent: list[dict] = []
    page.on("request", lambda r: r.url.endswith("/query") and sent.append(json.loads(r.post_data)))
    page.goto(f"{url}/chat")
    page.fill("#key", api.keys["query"])
    page.fill("#question", "How long does a full charge take?")
    page.click("#send")
    first = page.locator(".assistant").nth(0)
    first.locator(".citations li").first.wait_for(timeout=15000)
    assert "4.5 hours" in first.locator(".answer").inner_text()
    assert first.get_attribute("data-mode") == "offline-fallback"
    # A [n] marker in the answer opens passage n.
    first.locator("a.marker").first.click()
    opened = first.locator(".citations li.active")
    assert opened.count() == 1 and opened.locator(".passage").is_visible()
    assert "battery-care.txt" in opened.inner_text()

    page.fill("#question", "And what range does Eco mode give?")
    page.click("#send")
    page.locator(".assistant").nth(1).locator(".citations li").first.wait_for(timeout=15000)
    assert [len(body["history"]) for body in sent] == [0, 2]
    assert sent[1]["history"][0] == {"role": "user", "content": "How long does a full charge take?"}


@pytest.mark.stage(6)
def test_a_refused_key_is_shown_not_swallowed(server, page):
    url, _ = server
    page.goto(f"{url}/chat")
    page.fill("#key", "rag_wrong")
    page.fill("#question", "anything?")
    page.click("#send")
    error = page.locator(".assistant .error")
    error.wait_for(timeout=15000)
    assert error.inner_text().startswith("401")


@pytest.mark.stage(7)
def test_the_dashboard_page_loads_with_the_key(server, page):
    url, api = server
    page.goto(f"{url}/dashboard")
    page.fill("#key", api.keys["query"])
    page.click("#login button")
    # The empty dashboard, or the page's refusal: a failing view says why at once.
    page.locator("#empty, #error:not(:empty)").first.wait_for(timeout=15000)
    assert page.locator("#empty").is_visible(), page.locator("#error").inner_text()
