import pytest
from ratelimit import TenantLimiter, TokenBucket, retry_after_header


class FakeClock:
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now


def test_starts_full_and_drains():
    clock = FakeClock()
    bucket = TokenBucket(capacity=3, rate=1.0, clock=clock)
    assert [bucket.try_acquire()[0] for _ in range(4)] == [True, True, True, False]


def test_refills_continuously_and_caps_at_capacity():
    clock = FakeClock()
    bucket = TokenBucket(capacity=10, rate=2.0, clock=clock)
    assert bucket.try_acquire(10) == (True, 0.0)
    clock.now += 1.5
    assert bucket.available() == pytest.approx(3.0)
    clock.now += 1000
    assert bucket.available() == pytest.approx(10.0)


def test_rejection_reports_the_wait_and_deducts_nothing():
    clock = FakeClock()
    bucket = TokenBucket(capacity=100, rate=10.0, clock=clock)  # 100 model tokens, 10 per second
    assert bucket.try_acquire(80)[0] is True
    allowed, wait = bucket.try_acquire(50)
    assert allowed is False and wait == pytest.approx(3.0)  # 20 left, 30 more needed at 10/s
    assert bucket.available() == pytest.approx(20.0)
    clock.now += 2.999
    assert bucket.try_acquire(50)[0] is False
    clock.now += 0.002
    assert bucket.try_acquire(50)[0] is True


def test_impossible_costs_raise():
    bucket = TokenBucket(capacity=5, rate=1.0, clock=FakeClock())
    for cost in (6, 0, -1):
        with pytest.raises(ValueError):
            bucket.try_acquire(cost)


def test_tenants_have_separate_buckets():
    clock = FakeClock()
    limiter = TenantLimiter(capacity=2, rate=0.5, clock=clock)
    assert limiter.check("acme")[0] and limiter.check("acme")[0]
    allowed, wait = limiter.check("acme")
    assert not allowed and wait == pytest.approx(2.0)
    assert limiter.check("globex") == (True, 0.0)
    clock.now += 2
    assert limiter.check("acme")[0] is True


def test_a_new_tenant_starts_full_even_later():
    clock = FakeClock()
    limiter = TenantLimiter(capacity=4, rate=1.0, clock=clock)
    clock.now += 60
    assert limiter.check("late", 4) == (True, 0.0)


def test_retry_after_header():
    assert retry_after_header(3.0) == 3
    assert retry_after_header(2.01) == 3
    assert retry_after_header(0.2) == 1
