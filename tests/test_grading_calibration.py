"""The shipped grader calibration set (schema and coverage), its loader, and the agreement figures."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aieng_cli.errors import AiengError
from aieng_cli.roadmap import ShortQuestion, load_roadmap
from aieng_cli.tutor import calibration, grading
from aieng_cli.tutor.calibration import Outcome, agreement, quadratic_weighted_kappa, spearman
from aieng_cli.tutor.llm import OllamaTutor

from .fake_ollama import Fault


@pytest.fixture(scope="module")
def shipped():
    return calibration.cases(load_roadmap(), calibration.load_calibration())


def test_shipped_set_is_large_varied_and_matches_the_bank(shipped):
    assert len(shipped) >= 120
    assert len({c.topic.id for c in shipped}) >= 30
    scores = Counter(c.item.score for c in shipped)
    assert set(scores) == {0, 1, 2, 3, 4} and min(scores.values()) >= 15
    assert set(Counter(c.item.case for c in shipped)) == set(calibration.CASES)
    for case in shipped:
        assert isinstance(case.question, ShortQuestion)
        assert case.item.answer.strip() != case.question.answer.strip()  # a learner's words, not the reference
        assert "\n" not in case.item.reason
    assert len({c.key for c in shipped}) == len(shipped)


def test_the_key_point_score_rule_reproduces_the_examiners_scores(shipped):
    """If a model judged every key point as the examiner did, key-point grading would give the
    examiner's score for most answers and never miss by more than one point."""
    computed = [grading.score_from(list(c.item.points), c.item.contradicts) for c in shipped]
    misses = [abs(score - c.item.score) for score, c in zip(computed, shipped, strict=True)]
    assert max(misses) <= 1 and misses.count(0) == 174  # 90.6 % exact; the thresholds came from this


def test_instructions_to_the_grader_never_earn_much(shipped):
    injections = [c for c in shipped if c.item.case == "injection"]
    assert len(injections) >= 5 and all(c.item.score <= 1 for c in injections)


def test_doctor_sample_spans_every_score_and_ten_topics(shipped):
    sample = calibration.doctor_sample(shipped)
    assert len(sample) == 10 and sorted(c.item.score for c in sample) == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert len({c.topic.id for c in sample}) == 10


GOOD = (
    "version: 1\nanswers:\n- {id: cal-001, question: python-1, case: typical, answer: x, score: 2, reason: fine.,"
    " points: [covered, missed]}\n"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("score: 2", "score: 5"), "invalid calibration set"),
        (GOOD.replace("reason: fine.", "reason: fine., extra: 1"), "invalid calibration set"),
        (GOOD.replace("case: typical", "case: weird"), "invalid calibration set"),
        (GOOD + GOOD.split("\n", 2)[2], "duplicate answer ids"),
        (GOOD.replace("python-1", "nope-1"), "no question 'nope-1'"),
        (GOOD.replace("python-1", "python-2"), "python-2 is not a short-answer question"),
        (GOOD.replace("[covered, missed]", "[covered]"), "1 point judgements for 2 key points"),
        (GOOD.replace("[covered, missed]", "[covered, sort of]"), "invalid calibration set"),
        ("answers: [unclosed", "invalid calibration set"),
    ],
    ids=[
        "score",
        "unknown-field",
        "case",
        "duplicate",
        "unknown-question",
        "choice-question",
        "point-count",
        "point-status",
        "yaml",
    ],
)
def test_bad_calibration_files_are_one_line(tmp_path, text, message):
    from .conftest import MINI_ROADMAP

    path = tmp_path / "cal.yaml"
    path.write_text(text)
    with pytest.raises(AiengError, match=message) as info:
        calibration.cases(load_roadmap(MINI_ROADMAP), calibration.load_calibration(path))
    assert "\n" not in str(info.value)


def test_a_calibration_path_that_is_a_folder_is_one_line(tmp_path):
    with pytest.raises(AiengError, match="calibration set"):
        calibration.load_calibration(tmp_path)


# Figures ---------------------------------------------------------------------------


scores = st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=2, max_size=60)


@given(scores)
def test_qwk_matches_its_closed_form(pairs):
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    n = len(a)
    ma, mb = sum(a) / n, sum(b) / n
    cov = sum((x - ma) * (y - mb) for x, y in pairs) / n
    va, vb = sum((x - ma) ** 2 for x in a) / n, sum((y - mb) ** 2 for y in b) / n
    denominator = va + vb + (ma - mb) ** 2
    kappa = quadratic_weighted_kappa(a, b)
    if denominator == 0:
        assert kappa is None
    else:
        assert kappa == pytest.approx(2 * cov / denominator)


@given(st.permutations(range(8)))
def test_spearman_matches_the_no_ties_formula(order):
    a, b = list(range(8)), list(order)
    expected = 1 - 6 * sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) / (8 * (64 - 1))
    assert spearman(a, b) == pytest.approx(expected)


def test_agreement_figures_by_hand():
    outcomes = [
        Outcome("a", "a", 4, 4, 1.0, 1),
        Outcome("b", "b", 3, 2, 2.0, 2),  # first output invalid, retried
        Outcome("c", "c", 0, 2, 3.0, 1),
        Outcome("d", "d", 1, None, 9.0, 2, "the model returned invalid output twice"),
    ]
    figures = agreement(outcomes)
    assert figures.n == 4 and figures.graded == 3
    assert figures.exact == pytest.approx(1 / 3) and figures.within_one == pytest.approx(2 / 3)
    assert figures.failed_rate == 0.25 and figures.invalid_rate == pytest.approx(3 / 6)
    assert figures.median_s == 2.5 and figures.p95_s == 9.0
    assert spearman([1, 2, 3], [5, 5, 5]) is None and agreement([]).graded == 0


# Grading the set through the tutor's own path, against the loopback server ------------------


def test_grade_all_uses_the_tutors_grade_and_reports_failures(fake_ollama, shipped):
    sample = calibration.doctor_sample(shipped)
    expected = {c.item.answer: c.item.score for c in sample}

    def oracle(request):  # a perfect grader: reads the answer back out of the prompt it was sent
        prompt = request["messages"][1]["content"]
        answer = prompt.split("<<<\n", 1)[1].rsplit("\n>>>", 1)[0]
        return json.dumps({"score": expected[answer], "verdict": "ok", "feedback": "", "missed_points": []})

    fake_ollama.responder = oracle
    fake_ollama.reply(Fault.garbage(in_content=True), Fault.garbage(in_content=True))  # the first case fails
    tutor = OllamaTutor(fake_ollama.url, "llama3.2", timeout=2)
    seen = []
    outcomes = calibration.grade_all(tutor, sample, seen.append)
    assert seen == outcomes and outcomes[0].score is None and "invalid output twice" in outcomes[0].error
    figures = agreement(outcomes)
    assert figures.graded == 9 and figures.exact == 1.0 and figures.failed_rate == 0.1
    assert figures.invalid_rate == pytest.approx(2 / 11)
    assert len(fake_ollama.chat_requests()) == 11
