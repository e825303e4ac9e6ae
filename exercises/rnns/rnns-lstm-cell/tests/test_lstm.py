import lstm
import numpy as np
import pytest

H, D = 2, 3
BIG = 50.0  # saturates a sigmoid to ~1 (or ~0 when negative)


def gates_bias(i=0.0, f=0.0, g=0.0, o=0.0):
    return np.concatenate([np.full(H, i), np.full(H, f), np.full(H, g), np.full(H, o)])


def zeros():
    return np.zeros((4 * H, D)), np.zeros((4 * H, H))


def sig(z):
    return 1 / (1 + np.exp(-z))


def test_gate_order_is_input_forget_cell_output():
    W_ih, W_hh = zeros()
    x, h, c = np.zeros(D), np.zeros(H), np.array([0.5, -0.5])
    # forget open, input closed: the cell is kept; output gate open exposes tanh(c)
    h1, c1 = lstm.lstm_step(x, h, c, W_ih, W_hh, gates_bias(i=-BIG, f=BIG, g=0.0, o=BIG))
    np.testing.assert_allclose(c1, c, atol=1e-9)
    np.testing.assert_allclose(h1, np.tanh(c), atol=1e-9)
    # forget closed, input open, candidate g = tanh(1): the cell is overwritten
    h2, c2 = lstm.lstm_step(x, h, c, W_ih, W_hh, gates_bias(i=BIG, f=-BIG, g=1.0, o=-BIG))
    np.testing.assert_allclose(c2, np.full(H, np.tanh(1.0)), atol=1e-9)
    np.testing.assert_allclose(h2, np.zeros(H), atol=1e-9)  # output gate closed


def test_step_against_the_equations():
    rng = np.random.default_rng(0)
    W_ih, W_hh, b = rng.normal(size=(4 * H, D)), rng.normal(size=(4 * H, H)), rng.normal(size=4 * H)
    x, h, c = rng.normal(size=D), rng.normal(size=H), rng.normal(size=H)
    z = W_ih @ x + W_hh @ h + b
    i, f, g, o = sig(z[0:2]), sig(z[2:4]), np.tanh(z[4:6]), sig(z[6:8])
    h1, c1 = lstm.lstm_step(x, h, c, W_ih, W_hh, b)
    np.testing.assert_allclose(c1, f * c + i * g)
    np.testing.assert_allclose(h1, o * np.tanh(f * c + i * g))


def test_cell_carries_information_across_many_steps():
    W_ih, W_hh = zeros()
    xs = np.random.default_rng(1).normal(size=(100, D))
    states, (h, c) = lstm.lstm_forward(
        xs, np.zeros(H), np.array([0.9, -0.3]), W_ih, W_hh, gates_bias(i=-BIG, f=BIG, o=BIG)
    )
    assert states.shape == (100, H)
    np.testing.assert_allclose(c, [0.9, -0.3], atol=1e-6)
    np.testing.assert_allclose(h, np.tanh([0.9, -0.3]), atol=1e-6)


def test_forward_matches_repeated_steps_and_empty_input():
    rng = np.random.default_rng(2)
    W_ih, W_hh, b = rng.normal(size=(4 * H, D)), rng.normal(size=(4 * H, H)), rng.normal(size=4 * H)
    xs = rng.normal(size=(4, D))
    states, (h_last, c_last) = lstm.lstm_forward(xs, np.zeros(H), np.zeros(H), W_ih, W_hh, b)
    h, c = np.zeros(H), np.zeros(H)
    for t, x in enumerate(xs):
        h, c = lstm.lstm_step(x, h, c, W_ih, W_hh, b)
        np.testing.assert_allclose(states[t], h)
    np.testing.assert_allclose(c_last, c)
    empty, (h0, c0) = lstm.lstm_forward(np.zeros((0, D)), np.ones(H), np.ones(H), W_ih, W_hh, b)
    assert empty.shape == (0, H)
    np.testing.assert_allclose(h0, np.ones(H))


@pytest.mark.parametrize(
    "inp, hid, lstm_count, gru_count", [(32, 64, 25_088, 18_816), (1, 1, 16, 12), (300, 128, 220_160, 165_120)]
)
def test_parameter_counts_match_pytorch(inp, hid, lstm_count, gru_count):
    assert lstm.lstm_params(inp, hid) == lstm_count
    assert lstm.gru_params(inp, hid) == gru_count
