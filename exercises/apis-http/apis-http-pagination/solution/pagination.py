"""Iterate over every item of a cursor-paginated API, safely."""

from collections.abc import Callable, Iterator
from typing import Any

Page = dict[str, Any]


class PaginationError(RuntimeError):
    """The server's cursors loop, or there are more pages than allowed."""


def iterate(fetch_page: Callable[[str | None], Page], max_pages: int = 1000) -> Iterator[Any]:
    """Yield the items of every page, fetching pages lazily."""
    cursor: str | None = None
    seen: set[str] = set()
    pages = 0
    while True:
        if pages >= max_pages:
            raise PaginationError(f"more than {max_pages} pages")
        page = fetch_page(cursor)
        pages += 1
        yield from page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return
        if cursor in seen:
            raise PaginationError(f"cursor {cursor!r} came back: the server is looping")
        seen.add(cursor)
