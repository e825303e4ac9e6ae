import pytest
from costs import Pricing, cheapest, cost_per_success, monthly_cost, request_cost

P = Pricing(input=1.0, output=4.0, cached_input=0.1)


def test_lesson_example():
    assert request_cost(P, 2000, 300) == pytest.approx(0.0032)
    assert monthly_cost(P, 1_000_000, 2000, 300) == pytest.approx(3200.0)


def test_output_tokens_cost_more():
    assert request_cost(P, 0, 1_000_000) == pytest.approx(4.0)
    assert request_cost(P, 1_000_000, 0) == pytest.approx(1.0)


def test_cached_prefix_is_billed_at_the_cached_price():
    # 1,500 of the 2,000 input tokens are a stable, cached system prompt
    assert request_cost(P, 2000, 300, cached_tokens=1500) == pytest.approx((500 * 1.0 + 1500 * 0.1 + 300 * 4.0) / 1e6)
    assert monthly_cost(P, 1_000_000, 2000, 300, cached_tokens=1500) == pytest.approx(1850.0)
    with pytest.raises(ValueError):
        request_cost(P, 100, 10, cached_tokens=101)


def test_batch_halves_the_bill():
    assert monthly_cost(P, 1_000_000, 2000, 300, batch=True) == pytest.approx(1600.0)


def test_cost_per_success():
    assert cost_per_success(0.01, 1.0) == pytest.approx(0.01)
    assert cost_per_success(0.01, 0.25) == pytest.approx(0.04)
    for rate in (0.0, -0.5, 1.5):
        with pytest.raises(ValueError):
            cost_per_success(0.01, rate)


def test_cheapest_per_success_not_per_call():
    options = {
        "small": (Pricing(0.2, 0.8, 0.02), 0.15),  # 5x cheaper per call, 15% success
        "large": (Pricing(1.0, 4.0, 0.1), 0.9),
    }
    assert cheapest(options, 2000, 300) == "large"
    options["small"] = (Pricing(0.2, 0.8, 0.02), 0.5)
    assert cheapest(options, 2000, 300) == "small"


def test_cheapest_ties_by_name():
    same = (Pricing(1.0, 1.0, 1.0), 1.0)
    assert cheapest({"zeta": same, "alpha": same}, 10, 10) == "alpha"
