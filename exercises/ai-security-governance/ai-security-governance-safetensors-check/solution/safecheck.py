"""Validate a safetensors file's header before trusting any of it."""

import json
import math

DTYPE_SIZES = {
    "BOOL": 1, "U8": 1, "I8": 1, "F8_E4M3": 1, "F8_E5M2": 1,
    "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
    "I32": 4, "U32": 4, "F32": 4,
    "I64": 8, "U64": 8, "F64": 8,
}  # fmt: skip


class SafetensorsError(ValueError):
    """The file is not a well-formed safetensors file."""


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise SafetensorsError("duplicate key in header")
    return dict(pairs)


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def inspect(data: bytes, max_header: int = 100_000_000) -> dict[str, tuple[str, list[int]]]:
    """Tensor names mapped to (dtype, shape), after checking the whole layout."""
    if len(data) < 8:
        raise SafetensorsError("file too short")
    size = int.from_bytes(data[:8], "little")
    if size > max_header or 8 + size > len(data):
        raise SafetensorsError(f"header length {size} is too large")
    raw = data[8 : 8 + size]
    if not raw.startswith(b"{"):
        raise SafetensorsError("header must start with '{'")
    try:
        header = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise SafetensorsError(f"header is not valid JSON: {err}") from err
    if not isinstance(header, dict):
        raise SafetensorsError("header must be a JSON object")
    metadata = header.pop("__metadata__", {})
    if not isinstance(metadata, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()
    ):
        raise SafetensorsError("__metadata__ must map strings to strings")
    buffer_len = len(data) - 8 - size
    spans: list[tuple[int, int, str]] = []
    result: dict[str, tuple[str, list[int]]] = {}
    for name, info in header.items():
        if not isinstance(info, dict) or info.get("dtype") not in DTYPE_SIZES:
            raise SafetensorsError(f"{name}: unknown dtype")
        shape, offsets = info.get("shape"), info.get("data_offsets")
        if not isinstance(shape, list) or not all(_is_count(d) for d in shape):
            raise SafetensorsError(f"{name}: bad shape")
        if not isinstance(offsets, list) or len(offsets) != 2 or not all(_is_count(o) for o in offsets):
            raise SafetensorsError(f"{name}: bad data_offsets")
        begin, end = offsets
        if end < begin or end - begin != math.prod(shape) * DTYPE_SIZES[info["dtype"]]:
            raise SafetensorsError(f"{name}: byte length does not match dtype and shape")
        spans.append((begin, end, name))
        result[name] = (info["dtype"], shape)
    position = 0
    for begin, end, name in sorted(spans):
        if begin != position:
            raise SafetensorsError(f"{name}: gap or overlap at offset {begin}")
        position = end
    if position != buffer_len:
        raise SafetensorsError("the data buffer has bytes no tensor accounts for")
    return result
