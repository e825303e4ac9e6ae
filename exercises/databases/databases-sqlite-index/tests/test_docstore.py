import sqlite3

import pytest
from docstore import create_schema, latest_titles

ROWS = [
    (1, "wiki", "2026-01-01T10:00:00Z", "old wiki"),
    (2, "wiki", "2026-03-01T10:00:00Z", "new wiki"),
    (3, "blog", "2026-04-01T10:00:00Z", "blog post"),
    (4, "wiki", "2026-02-01T10:00:00Z", "mid wiki"),
    (5, "wiki", "2026-03-01T10:00:00Z", "new wiki, later id"),
]


@pytest.fixture
def conn():
    connection = sqlite3.connect(":memory:")
    create_schema(connection)
    connection.executemany("INSERT INTO documents VALUES (?, ?, ?, ?)", ROWS)
    yield connection
    connection.close()


def test_newest_first_with_limit(conn):
    assert latest_titles(conn, "wiki", 3) == ["new wiki, later id", "new wiki", "mid wiki"]


def test_only_the_requested_source(conn):
    assert latest_titles(conn, "blog", 10) == ["blog post"]
    assert latest_titles(conn, "nowhere", 10) == []


def test_values_are_parameters_not_sql(conn):
    assert latest_titles(conn, "x' OR '1'='1", 10) == []


def test_query_uses_the_index_without_a_sort(conn):
    seen = []
    conn.set_trace_callback(seen.append)
    latest_titles(conn, "wiki", 2)
    conn.set_trace_callback(None)
    query = next(s for s in seen if s.lstrip().upper().startswith("SELECT"))
    plan = " ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + query))
    assert "idx_documents_source_created" in plan
    assert "TEMP B-TREE" not in plan


@pytest.mark.parametrize("limit", [0, -1])
def test_limit_must_be_positive(conn, limit):
    with pytest.raises(ValueError):
        latest_titles(conn, "wiki", limit)
