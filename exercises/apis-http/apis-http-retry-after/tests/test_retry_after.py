from datetime import datetime, timezone

import pytest
from retry_after import retry_after_seconds

NOW = datetime(2026, 10, 21, 7, 28, 0, tzinfo=timezone.utc)


def test_delta_seconds():
    assert retry_after_seconds("120", NOW) == 120.0
    assert retry_after_seconds(" 0 ", NOW) == 0.0


def test_http_date_in_the_future_and_the_past():
    assert retry_after_seconds("Wed, 21 Oct 2026 07:28:30 GMT", NOW) == 30.0
    assert retry_after_seconds("Wed, 21 Oct 2026 07:00:00 GMT", NOW) == 0.0


def test_results_are_capped():
    assert retry_after_seconds("86400", NOW) == 300.0
    assert retry_after_seconds("Thu, 22 Oct 2026 07:28:00 GMT", NOW, max_wait=60) == 60.0


@pytest.mark.parametrize("value", [None, "", "   ", "-5", "1.5", "soon", "Wed, 99 Foo 2026"])
def test_nothing_usable_is_none(value):
    assert retry_after_seconds(value, NOW) is None


def test_returns_a_float():
    assert isinstance(retry_after_seconds("7", NOW), float)
