"""http_get exists only with an allow-list and fetches nothing else."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest
from fake_ollama import FakeOllama

from {{ cookiecutter.package_name }}.errors import ToolError
from {{ cookiecutter.package_name }}.memory import LongTermMemory
from {{ cookiecutter.package_name }}.settings import Settings
from {{ cookiecutter.package_name }}.tools import Workspace, builtin_registry
from {{ cookiecutter.package_name }}.tools.http import blocked, http_tools


@pytest.mark.stage(1)
def test_off_by_default(tmp_path: Path) -> None:
    registry = builtin_registry(Workspace(tmp_path), LongTermMemory(tmp_path / "m.db"), Settings().http_allow)
    assert registry.names() == [
        "calculator",
        "read_file",
        "write_file",
        "list_files",
        "remember",
        "search_memory",
    ]


def test_allow_list_from_environment() -> None:
    assert Settings.from_env({"AGENT_HTTP_ALLOW": "Example.com, docs.python.org"}).http_allow == [
        "example.com",
        "docs.python.org",
    ]


@pytest.mark.stage(1)
def test_fetches_allowed_hosts_and_ports_only(ollama: FakeOllama) -> None:
    port = ollama.url.rsplit(":", 1)[1]
    (http_get,) = http_tools([f"127.0.0.1:{port}"], allow_private=True)
    assert http_get.dangerous and http_get.untrusted_output
    assert http_get({"url": f"{ollama.url}/api/version"}) == 'HTTP 200\n{"version": "0.12.0"}'
    for url in (
        "http://localhost:1/",
        "http://127.0.0.1:1/",  # allowed host, other port
        "https://example.com/",
        "file:///etc/passwd",
        "ftp://127.0.0.1/x",
        f"{ollama.url}/api/\tversion",  # a tab once crashed the run with httpx.InvalidURL
        f"{ollama.url}/a b",
        "http://[::1",
    ):
        with pytest.raises(ToolError):
            http_get({"url": url})


@pytest.mark.stage(1)
def test_private_loopback_and_link_local_addresses_are_refused(ollama: FakeOllama) -> None:
    port = ollama.url.rsplit(":", 1)[1]
    (http_get,) = http_tools([f"127.0.0.1:{port}", f"localhost:{port}", "169.254.169.254"])
    for url in (f"{ollama.url}/api/version", f"http://localhost:{port}/api/version", "http://169.254.169.254/"):
        with pytest.raises(ToolError, match="loopback|link-local"):
            http_get({"url": url})
    assert ollama.bodies("/api/version") == []  # nothing was fetched


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("169.254.169.254", "link-local"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("::ffff:127.0.0.1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("93.184.216.34", ""),
    ],
)
def test_address_classes(address: str, why: str) -> None:
    assert blocked(address) == why


@pytest.mark.stage(1)
def test_the_resolved_address_is_pinned(ollama: FakeOllama, monkeypatch: pytest.MonkeyPatch) -> None:
    """The name is resolved once, checked, and the request goes to that address (no second lookup)."""
    port = int(ollama.url.rsplit(":", 1)[1])
    lookups: list[str] = []

    def fake_getaddrinfo(host: str, *args: object, **kwargs: object) -> list:
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    (http_get,) = http_tools([f"api.internal.test:{port}"], allow_private=True)
    assert http_get({"url": f"http://api.internal.test:{port}/api/version"}).startswith("HTTP 200")
    assert lookups.count("api.internal.test") == 1 and set(lookups) <= {"api.internal.test", "127.0.0.1"}


@pytest.mark.stage(1)
def test_https_is_pinned_with_the_name_kept_for_tls(monkeypatch: pytest.MonkeyPatch) -> None:
    """The connection goes to the checked address; SNI and the Host header still carry the name."""
    seen: dict = {}

    def fake_getaddrinfo(host: str, *args: object, **kwargs: object) -> list:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 443))]

    def fake_stream(self: object, method: str, url: str, **kwargs: object) -> object:
        seen.update(method=method, url=url, **kwargs)
        raise httpx.ConnectError("stop here")

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(httpx.Client, "stream", fake_stream)
    (http_get,) = http_tools(["docs.example.org"])
    with pytest.raises(ToolError, match="ConnectError"):
        http_get({"url": "https://docs.example.org/guide?x=1"})
    assert seen["url"] == "https://93.184.216.34:443/guide?x=1"
    assert seen["headers"] == {"Host": "docs.example.org"} and seen["extensions"] == {
        "sni_hostname": "docs.example.org"
    }
