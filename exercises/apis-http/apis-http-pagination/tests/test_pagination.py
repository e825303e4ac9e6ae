import pytest
from pagination import PaginationError, iterate


class Server:
    """Pages keyed by cursor; records every request."""

    def __init__(self, pages):
        self.pages = pages
        self.requests = []

    def __call__(self, cursor):
        self.requests.append(cursor)
        return self.pages[cursor]


THREE = {
    None: {"items": [1, 2], "next_cursor": "p2"},
    "p2": {"items": [3], "next_cursor": "p3"},
    "p3": {"items": [4, 5], "next_cursor": None},
}


def test_every_item_of_every_page_in_order():
    server = Server(THREE)
    assert list(iterate(server)) == [1, 2, 3, 4, 5]
    assert server.requests == [None, "p2", "p3"]


def test_lazy_pages_fetched_only_when_needed():
    server = Server(THREE)
    items = iterate(server)
    assert server.requests == []
    assert next(items) == 1 and next(items) == 2
    assert server.requests == [None]
    assert next(items) == 3
    assert server.requests == [None, "p2"]


def test_empty_cursor_and_empty_last_page_end_the_iteration():
    pages = {None: {"items": ["a"], "next_cursor": "x"}, "x": {"items": [], "next_cursor": ""}}
    assert list(iterate(Server(pages))) == ["a"]


def test_a_looping_server_is_an_error_not_an_endless_job():
    pages = {
        None: {"items": [1], "next_cursor": "a"},
        "a": {"items": [2], "next_cursor": "b"},
        "b": {"items": [3], "next_cursor": "a"},
    }
    server = Server(pages)
    with pytest.raises(PaginationError):
        list(iterate(server))
    assert server.requests == [None, "a", "b"]


def test_max_pages_is_a_safety_net():
    endless = Server(
        {
            None: {"items": [0], "next_cursor": "1"},
            **{str(n): {"items": [n], "next_cursor": str(n + 1)} for n in range(1, 50)},
        }
    )
    with pytest.raises(PaginationError):
        list(iterate(endless, max_pages=10))
    assert len(endless.requests) == 10
    assert list(iterate(Server(THREE), max_pages=3)) == [1, 2, 3, 4, 5]
