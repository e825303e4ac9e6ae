import json
import struct

import pytest
from safecheck import SafetensorsError, inspect


def pack(header, buffer: bytes, raw_header: bytes | None = None) -> bytes:
    body = raw_header if raw_header is not None else json.dumps(header).encode()
    return struct.pack("<Q", len(body)) + body + buffer


def good():
    header = {
        "__metadata__": {"format": "pt"},
        "embed.weight": {"dtype": "F16", "shape": [2, 3], "data_offsets": [0, 12]},
        "scale": {"dtype": "F32", "shape": [], "data_offsets": [12, 16]},
        "empty": {"dtype": "I64", "shape": [0, 4], "data_offsets": [16, 16]},
    }
    return header, bytes(16)


def test_a_valid_file():
    header, buffer = good()
    assert inspect(pack(header, buffer)) == {
        "embed.weight": ("F16", [2, 3]),
        "scale": ("F32", []),
        "empty": ("I64", [0, 4]),
    }


def test_order_in_the_header_does_not_matter_and_padding_is_fine():
    header = {
        "b": {"dtype": "U8", "shape": [2], "data_offsets": [2, 4]},
        "a": {"dtype": "U8", "shape": [2], "data_offsets": [0, 2]},
    }
    raw = json.dumps(header).encode() + b"    "
    assert set(inspect(pack(None, bytes(4), raw_header=raw))) == {"a", "b"}


@pytest.mark.parametrize(
    "data",
    [
        b"\x01\x00",
        struct.pack("<Q", 2**40) + b"{}",  # a header length far beyond the file
        struct.pack("<Q", 3) + b"[1]",
        struct.pack("<Q", 4) + b"{]}x",
        struct.pack("<Q", 9) + b' {"a": 1}',  # must start with {
    ],
)
def test_broken_framing(data):
    with pytest.raises(SafetensorsError):
        inspect(data)


def test_header_cap():
    header, buffer = good()
    data = pack(header, buffer)
    with pytest.raises(SafetensorsError):
        inspect(data, max_header=100)
    assert inspect(data, max_header=10_000)


def test_duplicate_keys_are_refused():
    entry = b'{"dtype": "U8", "shape": [1], "data_offsets": [0, 1]}'
    raw = b'{"w": ' + entry + b', "w": ' + entry + b"}"
    with pytest.raises(SafetensorsError):
        inspect(pack(None, bytes(1), raw_header=raw))


@pytest.mark.parametrize(
    "change",
    [
        {"__metadata__": {"format": 1}},
        {"scale": {"dtype": "F128", "shape": [], "data_offsets": [12, 16]}},
        {"scale": {"dtype": "F32", "shape": [-1], "data_offsets": [12, 16]}},
        {"scale": {"dtype": "F32", "shape": [1.0], "data_offsets": [12, 16]}},
        {"scale": {"dtype": "F32", "shape": [2], "data_offsets": [12, 16]}},  # 8 bytes needed, 4 given
        {"scale": {"dtype": "F32", "shape": [], "data_offsets": [16, 12]}},
    ],
)
def test_bad_tensor_entries(change):
    header, buffer = good()
    header.update(change)
    with pytest.raises(SafetensorsError):
        inspect(pack(header, buffer))


def test_gaps_overlaps_and_hidden_bytes():
    header, _ = good()
    with pytest.raises(SafetensorsError):
        inspect(pack(header, bytes(20)))  # 4 bytes at the end belong to no tensor
    overlap = dict(header, scale={"dtype": "F32", "shape": [], "data_offsets": [10, 14]})
    with pytest.raises(SafetensorsError):
        inspect(pack(overlap, bytes(16)))
    gap = {"a": {"dtype": "U8", "shape": [2], "data_offsets": [1, 3]}}
    with pytest.raises(SafetensorsError):
        inspect(pack(gap, bytes(3)))
