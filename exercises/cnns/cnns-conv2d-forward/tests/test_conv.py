import numpy as np
import pytest
from conv import conv2d, max_pool2d

X = np.arange(1.0, 10.0).reshape(1, 3, 3)  # [[1,2,3],[4,5,6],[7,8,9]]


def test_cross_correlation_does_not_flip_the_kernel():
    weight = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])
    out = conv2d(X, weight, np.zeros(1))
    np.testing.assert_allclose(out, [[[-4.0, -4.0], [-4.0, -4.0]]])  # a flipped kernel would give +4


def test_padding_keeps_the_size():
    out = conv2d(X, np.ones((1, 1, 3, 3)), np.zeros(1), padding=1)
    np.testing.assert_allclose(out, [[[12, 21, 16], [27, 45, 33], [24, 39, 28]]])


def test_stride_skips_positions():
    out = conv2d(X, np.ones((1, 1, 3, 3)), np.zeros(1), stride=2, padding=1)
    np.testing.assert_allclose(out, [[[12, 16], [24, 28]]])
    assert conv2d(np.zeros((1, 8, 8)), np.ones((1, 1, 3, 3)), np.zeros(1), stride=2).shape == (1, 3, 3)


def test_channels_sum_and_each_filter_has_its_bias():
    x = np.stack([X[0], 10 * X[0]])  # 2 input channels
    weight = np.zeros((3, 2, 1, 1))
    weight[0, 0] = 1.0  # copies channel 0
    weight[1, 1] = 1.0  # copies channel 1
    weight[2] = 1.0  # adds both
    out = conv2d(x, weight, np.array([0.0, 0.0, 0.5]))
    assert out.shape == (3, 3, 3)
    np.testing.assert_allclose(out[0], X[0])
    np.testing.assert_allclose(out[1], 10 * X[0])
    np.testing.assert_allclose(out[2], 11 * X[0] + 0.5)


def test_channel_mismatch_raises():
    with pytest.raises(ValueError):
        conv2d(np.zeros((3, 4, 4)), np.zeros((1, 1, 3, 3)), np.zeros(1))


def test_max_pool_per_channel():
    x = np.stack([np.arange(16.0).reshape(4, 4), -np.arange(16.0).reshape(4, 4)])
    out = max_pool2d(x, 2, 2)
    np.testing.assert_allclose(out, [[[5, 7], [13, 15]], [[0, -2], [-8, -10]]])
    assert max_pool2d(np.zeros((1, 5, 5)), 2, 2).shape == (1, 2, 2)
