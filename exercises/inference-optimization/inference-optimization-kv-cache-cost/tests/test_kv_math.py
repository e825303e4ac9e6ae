import kv_math as km
import pytest

GIB = 2**30


def test_llama3_8b_style_cache():
    per_token = km.kv_bytes_per_token(32, 8, 128)
    assert per_token == 131_072
    assert per_token * 8192 == GIB
    assert per_token * 8192 * 32 == 32 * GIB


def test_gqa_and_fp8_shrink_the_cache():
    assert km.kv_bytes_per_token(32, 32, 128) == 4 * km.kv_bytes_per_token(32, 8, 128)
    assert km.kv_bytes_per_token(32, 8, 128, bytes_per_value=1) == 65_536
    assert km.kv_bytes_per_token(80, 8, 128) == 327_680  # a 70B-class model


def test_how_many_sequences_fit():
    per_token = km.kv_bytes_per_token(32, 8, 128)
    assert km.max_sequences(80e9, 16e9, per_token, 8192) == 52  # (72e9 - 16e9) / 1 GiB = 52.2
    assert km.max_sequences(80e9, 16e9, per_token, 8192, utilization=1.0) == 59
    assert km.max_sequences(24e9, 16e9, per_token, 8192) == 5  # 5.6e9 bytes left
    assert km.max_sequences(16e9, 16e9, per_token, 8192) == 0  # weights alone exceed 90% of the card


def test_decode_is_bounded_by_bandwidth():
    assert km.decode_tokens_per_second_bound(16e9, 3.35e12) == pytest.approx(209.375)
    assert km.decode_tokens_per_second_bound(4e9, 3.35e12) == pytest.approx(4 * 209.375)  # 4-bit weights


def test_cost_per_million_tokens():
    assert km.cost_per_million_tokens(2.5, 1500) == pytest.approx(0.46296, rel=1e-4)
    assert km.cost_per_million_tokens(2.5, 1500, utilization=0.25) == pytest.approx(4 * 0.46296, rel=1e-4)
    assert km.cost_per_million_tokens(3.6, 1000) == pytest.approx(1.0)
