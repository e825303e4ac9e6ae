import numpy as np
import pytest
import rnn


def _weights():
    Wx = np.array([[0.5, -0.2], [0.1, 0.3], [0.0, 0.4]])
    Wh = np.array([[0.2, 0.0, -0.1], [0.3, 0.1, 0.0], [0.0, -0.4, 0.2]])
    return Wx, Wh, np.array([0.1, 0.0, -0.1])


def test_single_step_value():
    Wx, Wh, b = _weights()
    x, h = np.array([1.0, 2.0]), np.array([0.5, -0.5, 1.0])
    # Wx @ x = [0.1, 0.7, 0.8], Wh @ h = [0.0, 0.1, 0.4], b = [0.1, 0.0, -0.1]
    np.testing.assert_allclose(rnn.rnn_step(x, h, Wx, Wh, b), np.tanh([0.2, 0.8, 1.1]))


def test_forward_unrolls_with_shared_weights():
    Wx, Wh, b = _weights()
    xs = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.5]])
    states, last = rnn.rnn_forward(xs, np.zeros(3), Wx, Wh, b)
    assert states.shape == (4, 3)
    h = np.zeros(3)
    for t, x in enumerate(xs):
        h = np.tanh(Wx @ x + Wh @ h + b)
        np.testing.assert_allclose(states[t], h)
    np.testing.assert_allclose(last, h)


def test_hidden_state_carries_order_information():
    Wx, Wh, b = _weights()
    xs = np.array([[1.0, 0.0], [0.0, 1.0]])
    _, forward_last = rnn.rnn_forward(xs, np.zeros(3), Wx, Wh, b)
    _, reversed_last = rnn.rnn_forward(xs[::-1], np.zeros(3), Wx, Wh, b)
    assert not np.allclose(forward_last, reversed_last)


def test_empty_sequence_returns_initial_state():
    Wx, Wh, b = _weights()
    h0 = np.array([0.1, 0.2, 0.3])
    states, last = rnn.rnn_forward(np.zeros((0, 2)), h0, Wx, Wh, b)
    assert states.shape == (0, 3)
    np.testing.assert_allclose(last, h0)


def test_clip_uses_the_global_norm():
    grads = [np.array([3.0, 4.0]), np.array([[12.0]])]  # global norm 13
    clipped, norm = rnn.clip_grad_norm(grads, 6.5)
    assert norm == pytest.approx(13.0)
    np.testing.assert_allclose(clipped[0], [1.5, 2.0])
    np.testing.assert_allclose(clipped[1], [[6.0]])
    np.testing.assert_allclose(grads[0], [3.0, 4.0])  # inputs untouched


def test_clip_leaves_small_gradients_alone():
    grads = [np.array([0.3, 0.4])]
    clipped, norm = rnn.clip_grad_norm(grads, 1.0)
    assert norm == pytest.approx(0.5)
    np.testing.assert_allclose(clipped[0], [0.3, 0.4])
