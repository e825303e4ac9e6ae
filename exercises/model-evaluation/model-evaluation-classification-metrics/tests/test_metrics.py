import pytest
from metrics import macro_f1, micro_f1, per_class

TRUE = ["cat", "cat", "dog", "dog", "dog", "bird"]
PRED = ["cat", "dog", "dog", "dog", "cat", "dog"]


def test_per_class_by_hand():
    scores = per_class(TRUE, PRED)
    assert scores["cat"] == pytest.approx((0.5, 0.5, 0.5, 2))
    assert scores["dog"] == pytest.approx((0.5, 2 / 3, 4 / 7, 3))


def test_a_class_never_predicted_scores_zero_not_an_error():
    assert per_class(TRUE, PRED)["bird"] == (0.0, 0.0, 0.0, 1)


def test_labels_only_predicted_are_included_with_zero_support():
    scores = per_class(["a", "a"], ["a", "b"])
    assert scores["b"] == (0.0, 0.0, 0.0, 0)


def test_macro_weighs_classes_micro_weighs_examples():
    assert macro_f1(TRUE, PRED) == pytest.approx((0.5 + 4 / 7 + 0.0) / 3)
    assert micro_f1(TRUE, PRED) == pytest.approx(0.5)


def test_perfect_predictions():
    assert macro_f1(["x", "y"], ["x", "y"]) == 1.0
    assert micro_f1(["x", "y"], ["x", "y"]) == 1.0


@pytest.mark.parametrize(("y_true", "y_pred"), [([], []), (["a"], ["a", "b"])])
def test_bad_inputs(y_true, y_pred):
    with pytest.raises(ValueError):
        per_class(y_true, y_pred)
    with pytest.raises(ValueError):
        micro_f1(y_true, y_pred)
