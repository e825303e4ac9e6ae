"""HTTP GET limited to an allow-list of hosts; with an empty list the tool does not exist."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

import httpx

from ..errors import ToolError
from .registry import Tool, tool

MAX_BYTES = 50_000


def http_tools(allow: Iterable[str], timeout: float = 10.0) -> list[Tool]:
    """`http_get` for the hosts in `allow` (exact host names, lower case); none when `allow` is empty."""
    hosts = {h.strip().lower() for h in allow if h.strip()}
    if not hosts:
        return []

    @tool(dangerous=True)
    def http_get(url: str) -> str:
        """Fetch a web page or API response (GET only) from an allowed host; returns its text.

        Args:
            url: Full http:// or https:// address on an allowed host.
        """
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ToolError(f"http_get: only http(s) URLs are allowed, not {url!r}")
        if parts.hostname.lower() not in hosts:
            raise ToolError(f"http_get: host {parts.hostname!r} is not on the allow-list ({', '.join(sorted(hosts))})")
        try:
            # No redirects: a redirect could leave the allow-list.
            with httpx.stream("GET", url, timeout=timeout, follow_redirects=False) as r:
                body = b""
                for chunk in r.iter_bytes():
                    body += chunk
                    if len(body) > MAX_BYTES:
                        break
        except httpx.HTTPError as e:
            raise ToolError(f"http_get: {type(e).__name__}: {e}") from None
        text = body[:MAX_BYTES].decode(r.encoding or "utf-8", errors="replace")
        suffix = "\n[truncated]" if len(body) > MAX_BYTES else ""
        return f"HTTP {r.status_code}\n{text}{suffix}"

    return [http_get]
