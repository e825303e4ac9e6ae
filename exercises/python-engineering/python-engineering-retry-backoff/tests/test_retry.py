import pytest
from retry import retry


class Flaky:
    """Fails with the given exceptions in turn, then returns 'ok'."""

    def __init__(self, *errors):
        self.errors = list(errors)
        self.calls = 0

    def __call__(self):
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


def run(call, attempts=5, rand=lambda: 1.0, max_delay=100.0):
    slept = []
    result = retry(
        call,
        attempts=attempts,
        base=0.5,
        max_delay=max_delay,
        retry_on=(TimeoutError, ConnectionError),
        sleep=slept.append,
        rand=rand,
    )
    return result, slept


def test_success_first_time_never_sleeps():
    call = Flaky()
    assert run(call) == ("ok", [])
    assert call.calls == 1


def test_delays_double_after_each_failure():
    call = Flaky(TimeoutError(), ConnectionError(), TimeoutError())
    result, slept = run(call)
    assert result == "ok"
    assert slept == [0.5, 1.0, 2.0]
    assert call.calls == 4


def test_delay_is_capped_then_jittered():
    call = Flaky(*[TimeoutError() for _ in range(5)])
    result, slept = run(call, attempts=6, rand=lambda: 0.5, max_delay=3.0)
    assert result == "ok"
    assert slept == [0.25, 0.5, 1.0, 1.5, 1.5]


def test_last_error_is_reraised_unchanged_after_all_attempts():
    last = ConnectionError("still down")
    call = Flaky(TimeoutError(), TimeoutError(), last)
    with pytest.raises(ConnectionError) as caught:
        run(call, attempts=3)
    assert caught.value is last
    assert call.calls == 3


def test_other_errors_are_not_retried():
    call = Flaky(KeyError("bug"))
    with pytest.raises(KeyError):
        run(call)
    assert call.calls == 1


def test_attempts_below_one_is_an_error():
    with pytest.raises(ValueError):
        run(Flaky(), attempts=0)
