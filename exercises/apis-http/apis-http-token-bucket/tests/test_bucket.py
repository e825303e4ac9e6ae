import pytest
from bucket import TokenBucket


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_starts_full_and_allows_a_burst_up_to_capacity():
    clock = Clock()
    bucket = TokenBucket(rate=2, capacity=3, clock=clock)
    assert [bucket.allow() for _ in range(4)] == [True, True, True, False]


def test_refills_at_the_rate_and_never_above_capacity():
    clock = Clock()
    bucket = TokenBucket(rate=2, capacity=3, clock=clock)
    for _ in range(3):
        bucket.allow()
    clock.now += 0.5  # one token back
    assert bucket.allow() is True
    assert bucket.allow() is False
    clock.now += 100  # a long pause refills to capacity only
    assert [bucket.allow() for _ in range(4)] == [True, True, True, False]


def test_a_refused_request_takes_nothing():
    clock = Clock()
    bucket = TokenBucket(rate=1, capacity=5, clock=clock)
    assert bucket.allow(4) is True
    assert bucket.allow(2) is False
    assert bucket.allow(1) is True


def test_retry_after_says_when_and_takes_nothing():
    clock = Clock()
    bucket = TokenBucket(rate=4, capacity=4, clock=clock)
    assert bucket.retry_after(4) == 0.0
    assert bucket.allow(4) is True
    assert bucket.retry_after(2) == pytest.approx(0.5)
    assert bucket.retry_after(2) == pytest.approx(0.5)
    clock.now += 0.5
    assert bucket.allow(2) is True


@pytest.mark.parametrize("cost", [0, -1, 6])
def test_impossible_costs_are_errors(cost):
    bucket = TokenBucket(rate=1, capacity=5, clock=Clock())
    with pytest.raises(ValueError):
        bucket.allow(cost)


@pytest.mark.parametrize(("rate", "capacity"), [(0, 1), (1, 0), (-1, 5)])
def test_rate_and_capacity_must_be_positive(rate, capacity):
    with pytest.raises(ValueError):
        TokenBucket(rate=rate, capacity=capacity, clock=Clock())
