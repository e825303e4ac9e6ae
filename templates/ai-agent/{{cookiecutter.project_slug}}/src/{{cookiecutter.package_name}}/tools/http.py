"""HTTP GET limited to an allow-list of hosts; with an empty list the tool does not exist.

The host name is resolved once, every address it resolves to is checked (private, loopback,
link-local and other special addresses are refused unless explicitly allowed), and the request
goes to that checked address (pinned), so a DNS answer cannot change between check and use.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

import httpx

from ..errors import ToolError
from .registry import Tool, tool

MAX_BYTES = 50_000
DEFAULT_PORTS = {"http": 80, "https": 443}


def blocked(address: str) -> str:
    """Why an address may not be fetched without AGENT_HTTP_ALLOW_PRIVATE, or ""."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for what, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("unspecified", ip.is_unspecified),
        ("private", ip.is_private),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
    ):
        if flag:
            return what
    return ""


def resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise ToolError(f"http_get: cannot resolve {host!r} ({e})") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def http_tools(allow: Iterable[str], timeout: float = 10.0, allow_private: bool = False) -> list[Tool]:
    """`http_get` for the hosts in `allow` ("host" = ports 80/443, or "host:port"); none when `allow` is empty."""
    entries = {h.strip().lower() for h in allow if h.strip()}
    if not entries:
        return []

    def permitted(host: str, port: int, scheme: str) -> bool:
        return f"{host}:{port}" in entries or (host in entries and port == DEFAULT_PORTS[scheme])

    @tool(dangerous=True, untrusted_output=True)
    def http_get(url: str) -> str:
        """Fetch a web page or API response (GET only) from an allowed host; returns its text.

        Args:
            url: Full http:// or https:// address on an allowed host.
        """
        if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url.strip()) or len(url) > 2000:
            raise ToolError("http_get: the URL contains spaces or control characters, or is too long")
        try:
            parts = urlsplit(url.strip())
            port = parts.port or DEFAULT_PORTS.get(parts.scheme, 0)
        except ValueError as e:
            raise ToolError(f"http_get: not a valid URL ({e})") from None
        host = (parts.hostname or "").lower()
        if parts.scheme not in DEFAULT_PORTS or not host:
            raise ToolError(f"http_get: only http(s) URLs are allowed, not {url[:200]!r}")
        if not permitted(host, port, parts.scheme):
            raise ToolError(f"http_get: {host}:{port} is not on the allow-list ({', '.join(sorted(entries))})")
        addresses = resolve(host, port)
        if not allow_private:
            for address in addresses:
                if why := blocked(address):
                    raise ToolError(f"http_get: {host} resolves to a {why} address ({address}): refused")
        pinned = addresses[0]
        netloc = f"[{pinned}]" if ":" in pinned else pinned
        target = parts._replace(netloc=f"{netloc}:{port}").geturl()
        headers = {"Host": host if port == DEFAULT_PORTS[parts.scheme] else f"{host}:{port}"}
        extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
        body = b""
        try:
            # No redirects: a redirect could leave the allow-list.
            with (
                httpx.Client(timeout=timeout, follow_redirects=False) as client,
                client.stream("GET", target, headers=headers, extensions=extensions) as r,
            ):
                for chunk in r.iter_bytes():
                    body += chunk
                    if len(body) > MAX_BYTES:
                        break
                encoding, status = r.encoding or "utf-8", r.status_code
        except (httpx.HTTPError, httpx.InvalidURL, ValueError) as e:
            raise ToolError(f"http_get: {type(e).__name__}: {e}") from None
        text = body[:MAX_BYTES].decode(encoding, errors="replace")
        suffix = "\n[truncated]" if len(body) > MAX_BYTES else ""
        return f"HTTP {status}\n{text}{suffix}"

    return [http_get]
