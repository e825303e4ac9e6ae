"""A 30-day run of bench/simulate_learner.py: the real session and store code over simulated days."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from simulate_learner import simulate  # noqa: E402


def test_thirty_days_of_study_have_no_repeats_and_sane_intervals():
    report = simulate(days=30, seed=7)
    assert report.same_day_repeats == 0
    assert report.multi_review_days == 0  # each day's answers on a topic fold into one review
    assert sum(report.answers_per_day) >= 45  # the learner really studied: 15 topics, 3 answers each, plus reviews
    assert report.largest_day <= 10
    # No topic is stuck in daily review: after the first review, every gap is at least 2 days.
    gaps = [gap for series in report.intervals.values() for gap in series]
    assert gaps and min(gaps) >= 2
    # The topics started on day 1 and 3 have been reviewed again, further out each time they were right.
    first = report.intervals["python-engineering"]
    assert first and first[0] >= 2


def test_the_simulation_is_deterministic():
    assert simulate(days=10, seed=3) == simulate(days=10, seed=3)
