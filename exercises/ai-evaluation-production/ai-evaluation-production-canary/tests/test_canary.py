from canary import decide, next_share

BASE = {"requests": 95_000, "errors": 190, "p95_ms": 1000, "quality": 0.86}  # 0.2% errors


def canary(**overrides):
    return {"requests": 5_000, "errors": 10, "p95_ms": 1050, "quality": 0.85, **overrides}


def test_healthy_canary_is_promoted():
    assert decide(BASE, canary()) == ("promote", [])


def test_too_few_requests_means_wait():
    assert decide(BASE, canary(requests=499, errors=400)) == ("wait", [])
    assert decide(BASE, canary(requests=500, errors=1))[0] == "promote"


def test_rates_not_counts():
    # 36 errors in 5,000 is 0.72%: 0.52 points above baseline, over the 0.5-point limit
    assert decide(BASE, canary(errors=36)) == ("rollback", ["error_rate"])
    # 34 errors is 0.68%: 0.48 points above, allowed
    assert decide(BASE, canary(errors=34)) == ("promote", [])
    # far fewer errors than the baseline in absolute terms, yet a much higher rate
    assert decide(BASE, canary(requests=1000, errors=50))[1] == ["error_rate"]


def test_latency_and_quality_guardrails():
    assert decide(BASE, canary(p95_ms=1201)) == ("rollback", ["latency"])
    assert decide(BASE, canary(p95_ms=1199)) == ("promote", [])
    assert decide(BASE, canary(quality=0.83)) == ("rollback", ["quality"])
    assert decide(BASE, canary(quality=0.95)) == ("promote", [])  # better is fine


def test_all_reasons_are_reported_in_order():
    bad = canary(errors=100, p95_ms=2000, quality=0.5)
    assert decide(BASE, bad) == ("rollback", ["error_rate", "latency", "quality"])


def test_thresholds_are_configurable():
    assert decide(BASE, canary(p95_ms=1150), max_p95_ratio=1.1) == ("rollback", ["latency"])
    assert decide(BASE, canary(requests=100, errors=0), min_requests=100)[0] == "promote"


def test_next_share():
    assert next_share(0.01) == 0.05
    assert next_share(0.05) == 0.25
    assert next_share(0.1) == 0.25
    assert next_share(0.0) == 0.01
    assert next_share(1.0) == 1.0
