"""Iterate over every item of a cursor-paginated API, safely."""

from collections.abc import Callable, Iterator
from typing import Any

Page = dict[str, Any]


class PaginationError(RuntimeError):
    """The server's cursors loop, or there are more pages than allowed."""


def iterate(fetch_page: Callable[[str | None], Page], max_pages: int = 1000) -> Iterator[Any]:
    """Yield the items of every page, fetching pages lazily."""
    # TODO: follow next_cursor, remember the cursors seen, count the pages
    yield from fetch_page(None)["items"]
