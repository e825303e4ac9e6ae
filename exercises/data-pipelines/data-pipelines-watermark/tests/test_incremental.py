import pytest
from incremental import next_batch

ROWS = [
    {"id": "c", "updated_at": "2026-01-02T00:00:00Z"},
    {"id": "a", "updated_at": "2026-01-01T00:00:00Z"},
    {"id": "d", "updated_at": "2026-01-02T00:00:00Z"},
    {"id": "b", "updated_at": "2026-01-02T00:00:00Z"},
    {"id": "e", "updated_at": "2026-01-03T00:00:00Z"},
]


def ids(batch):
    return [row["id"] for row in batch]


def test_first_run_reads_in_key_order():
    batch, mark = next_batch(ROWS, None, 10)
    assert ids(batch) == ["a", "b", "c", "d", "e"]
    assert mark == ("2026-01-03T00:00:00Z", "e")


def test_limit_inside_a_group_of_equal_timestamps_loses_nothing():
    seen, mark = [], None
    while True:
        batch, mark = next_batch(ROWS, mark, 2)
        if not batch:
            break
        seen += ids(batch)
    assert seen == ["a", "b", "c", "d", "e"]


def test_only_rows_after_the_watermark():
    batch, mark = next_batch(ROWS, ("2026-01-02T00:00:00Z", "c"), 10)
    assert ids(batch) == ["d", "e"]


def test_new_rows_with_an_old_timestamp_but_later_id_are_seen():
    mark = ("2026-01-02T00:00:00Z", "c")
    late = ROWS + [{"id": "cc", "updated_at": "2026-01-02T00:00:00Z"}]
    assert ids(next_batch(late, mark, 10)[0]) == ["cc", "d", "e"]


def test_nothing_new_keeps_the_watermark():
    mark = ("2026-01-03T00:00:00Z", "e")
    assert next_batch(ROWS, mark, 5) == ([], mark)
    assert next_batch([], None, 5) == ([], None)


@pytest.mark.parametrize("limit", [0, -2])
def test_limit_must_be_positive(limit):
    with pytest.raises(ValueError):
        next_batch(ROWS, None, limit)
