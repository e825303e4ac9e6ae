from datetime import datetime, timezone

from clean import Rejected, clean


def rec(id, text="hello", at="2026-01-05T10:00:00+00:00", **extra):
    return {"id": id, "text": text, "updated_at": at, **extra}


def test_valid_records_are_stripped_parsed_and_sorted():
    good, rejected = clean([rec("b", "  second  "), rec("a", "first", source="wiki")])
    assert rejected == []
    assert [r["id"] for r in good] == ["a", "b"]
    assert good[1]["text"] == "second"
    assert good[0]["updated_at"] == datetime(2026, 1, 5, 10, tzinfo=timezone.utc)
    assert good[0]["source"] == "wiki"


def test_latest_version_wins_and_ties_go_to_the_later_record():
    good, _ = clean(
        [
            rec("a", "new", at="2026-02-01T00:00:00+00:00"),
            rec("a", "old", at="2026-01-01T00:00:00+00:00"),
            rec("b", "first", at="2026-01-01T00:00:00+00:00"),
            rec("b", "second", at="2026-01-01T01:00:00+01:00"),  # the same instant
        ]
    )
    assert [(r["id"], r["text"]) for r in good] == [("a", "new"), ("b", "second")]


def test_bad_records_are_quarantined_with_reasons():
    records = [
        rec(""),
        rec("x", "   "),
        rec("y", at="2026-01-05T10:00:00"),
        rec("z", at="yesterday"),
        {"text": "no id", "updated_at": "2026-01-05T10:00:00+00:00"},
        rec("ok"),
    ]
    good, rejected = clean(records)
    assert [r["id"] for r in good] == ["ok"]
    assert [r.index for r in rejected] == [0, 1, 2, 3, 4]
    assert [r.reason.split(":")[0] for r in rejected] == ["id", "text", "updated_at", "updated_at", "id"]
    assert all(isinstance(r, Rejected) for r in rejected)


def test_an_invalid_newer_version_does_not_replace_a_valid_one():
    good, rejected = clean([rec("a", "valid"), rec("a", "", at="2027-01-01T00:00:00+00:00")])
    assert [r["text"] for r in good] == ["valid"]
    assert len(rejected) == 1


def test_empty_input():
    assert clean([]) == ([], [])
