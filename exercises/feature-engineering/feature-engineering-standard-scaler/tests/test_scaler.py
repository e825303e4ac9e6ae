import numpy as np
import pytest
from scaler import StandardScaler

TRAIN = np.array([[1.0, 10.0, 5.0], [3.0, 30.0, 5.0], [5.0, 20.0, 5.0]])


def test_fit_learns_mean_and_population_std():
    scaler = StandardScaler().fit(TRAIN)
    np.testing.assert_allclose(scaler.mean_, [3.0, 20.0, 5.0])
    np.testing.assert_allclose(scaler.scale_, [np.sqrt(8 / 3), np.sqrt(200 / 3), 1.0])


def test_train_becomes_zero_mean_unit_variance_constant_column_zero():
    z = StandardScaler().fit(TRAIN).transform(TRAIN)
    np.testing.assert_allclose(z.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(z.std(axis=0), [1.0, 1.0, 0.0])
    assert not np.isnan(z).any()


def test_test_data_uses_train_statistics():
    scaler = StandardScaler().fit(TRAIN)
    z = scaler.transform(np.array([[3.0, 20.0, 6.0]]))
    np.testing.assert_allclose(z, [[0.0, 0.0, 1.0]])


def test_inverse_transform_round_trips():
    scaler = StandardScaler().fit(TRAIN)
    test = np.array([[7.0, -4.0, 5.0]])
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(test)), test)


def test_errors():
    with pytest.raises(RuntimeError):
        StandardScaler().transform(TRAIN)
    with pytest.raises(ValueError):
        StandardScaler().fit(np.array([[1.0, np.nan]]))
    with pytest.raises(ValueError):
        StandardScaler().fit(TRAIN).transform(np.ones((2, 2)))
