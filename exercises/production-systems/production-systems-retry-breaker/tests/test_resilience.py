import random

import pytest
from resilience import CircuitBreaker, CircuitOpenError, TransientError, call_with_retries


class Flaky:
    def __init__(self, errors, result="ok"):
        self.errors = list(errors)
        self.calls = 0
        self.result = result

    def __call__(self):
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return self.result


def test_succeeds_after_transient_errors_with_jittered_backoff():
    sleeps = []
    fn = Flaky([TransientError("503"), TransientError("503"), TransientError("429")])
    assert call_with_retries(fn, 5, base=0.5, cap=8.0, sleep=sleeps.append, rng=random.Random(7)) == "ok"
    expected_rng = random.Random(7)
    assert sleeps == [expected_rng.uniform(0, 0.5), expected_rng.uniform(0, 1.0), expected_rng.uniform(0, 2.0)]
    assert fn.calls == 4


def test_backoff_is_capped():
    sleeps = []

    class MaxRng:
        def uniform(self, low, high):
            return high

    fn = Flaky([TransientError()] * 6)
    call_with_retries(fn, 7, base=1.0, cap=5.0, sleep=sleeps.append, rng=MaxRng())
    assert sleeps == [1.0, 2.0, 4.0, 5.0, 5.0, 5.0]


def test_retry_after_is_honoured():
    sleeps = []
    fn = Flaky([TransientError("429", retry_after=12.0)])
    call_with_retries(fn, 3, base=0.5, cap=8.0, sleep=sleeps.append, rng=random.Random(0))
    assert sleeps == [12.0]


def test_gives_up_after_the_last_attempt_without_sleeping():
    sleeps = []
    fn = Flaky([TransientError("a"), TransientError("b"), TransientError("c")])
    with pytest.raises(TransientError, match="c"):
        call_with_retries(fn, 3, base=0.1, cap=1.0, sleep=sleeps.append, rng=random.Random(0))
    assert fn.calls == 3 and len(sleeps) == 2


def test_permanent_errors_are_not_retried():
    sleeps = []
    fn = Flaky([ValueError("400 bad request")])
    with pytest.raises(ValueError):
        call_with_retries(fn, 5, base=0.1, cap=1.0, sleep=sleeps.append, rng=random.Random(0))
    assert fn.calls == 1 and sleeps == []


class Clock:
    now = 0.0

    def __call__(self):
        return self.now


def fail():
    raise TimeoutError("slow")


def test_breaker_opens_after_consecutive_failures_and_fails_fast():
    clock = Clock()
    breaker = CircuitBreaker(failure_threshold=3, reset_timeout=30, clock=clock)
    for _ in range(2):
        with pytest.raises(TimeoutError):
            breaker.call(fail)
    assert breaker.call(lambda: "ok") == "ok" and breaker.state == "closed"  # success resets the count
    for _ in range(3):
        with pytest.raises(TimeoutError):
            breaker.call(fail)
    assert breaker.state == "open"
    calls = []
    with pytest.raises(CircuitOpenError):
        breaker.call(lambda: calls.append(1))
    assert calls == []


def test_half_open_trial_closes_or_reopens():
    clock = Clock()
    breaker = CircuitBreaker(failure_threshold=1, reset_timeout=30, clock=clock)
    with pytest.raises(TimeoutError):
        breaker.call(fail)
    clock.now = 29.9
    assert breaker.state == "open"
    clock.now = 30.0
    assert breaker.state == "half_open"
    with pytest.raises(TimeoutError):
        breaker.call(fail)
    assert breaker.state == "open"  # reopened from now
    clock.now = 59.0
    with pytest.raises(CircuitOpenError):
        breaker.call(lambda: "x")
    clock.now = 60.0
    assert breaker.call(lambda: "recovered") == "recovered" and breaker.state == "closed"
