import numpy as np
import pytest
import vit_clip as vc


def test_patch_counts():
    assert vc.num_patches(224, 224, 16) == 196
    assert vc.sequence_length(224, 224, 16) == 197
    assert vc.num_patches(448, 448, 16) == 784  # double resolution, four times the tokens
    assert vc.num_patches(32, 64, 16) == 8


def test_uneven_image_raises():
    with pytest.raises(ValueError):
        vc.num_patches(225, 224, 16)


def test_patchify_order_and_flattening():
    image = np.arange(4 * 4 * 2).reshape(4, 4, 2)
    patches = vc.patchify(image, 2)
    assert patches.shape == (4, 8)
    np.testing.assert_array_equal(patches[0], [0, 1, 2, 3, 8, 9, 10, 11])  # top-left
    np.testing.assert_array_equal(patches[1], image[0:2, 2:4].reshape(-1))  # top-right comes second
    np.testing.assert_array_equal(patches[2], image[2:4, 0:2].reshape(-1))


def test_patchify_non_square_image():
    image = np.arange(2 * 6 * 1).reshape(2, 6, 1)
    patches = vc.patchify(image, 2)
    assert patches.shape == (3, 4)
    np.testing.assert_array_equal(patches[2], [4, 5, 10, 11])


def test_zero_shot_probabilities():
    image = np.array([1.0, 0.0, 0.0])
    texts = np.array([[0.0, 1.0, 0.0], [1.0, 0.1, 0.0], [0.0, 0.0, 1.0]])
    p = vc.zero_shot(image, texts)
    assert p.sum() == pytest.approx(1.0)
    assert int(np.argmax(p)) == 1
    cos = np.array([0.0, 1 / np.sqrt(1.01), 0.0])
    expected = np.exp(cos / 0.01) / np.exp(cos / 0.01).sum()
    np.testing.assert_allclose(p, expected)


def test_zero_shot_uses_cosine_not_dot_product():
    image = np.array([1.0, 0.0])
    texts = np.array([[0.9, 0.1], [50.0, 50.0]])  # the second is long but 45 degrees away
    p = vc.zero_shot(image, texts)
    assert int(np.argmax(p)) == 0
    assert np.all(np.isfinite(p))
