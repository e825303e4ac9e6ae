"""Fuzzing the settings loader and `config set`: only ConfigError escapes, a bad file stays as it was."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aieng_cli.errors import AiengError
from aieng_cli.paths import config_file
from aieng_cli.settings import KEYS, Settings, load_settings, set_value

FUZZ = settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
config_objects = st.dictionaries(st.sampled_from([*KEYS, "colour", ""]), json_values, max_size=6)
config_bytes = (
    st.binary(max_size=300)
    | config_objects.map(lambda d: json.dumps(d).encode())
    | json_values.map(lambda v: json.dumps(v).encode())
    | st.builds(lambda d, cut: json.dumps(d).encode()[:cut], config_objects, st.integers(0, 200))
)


def _write(raw: bytes):
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return path


@FUZZ
@given(raw=config_bytes)
def test_loader_raises_only_aieng_errors_and_reads_only(raw):
    path = _write(raw)
    try:
        loaded = load_settings()
    except AiengError as exc:
        assert "\n" not in str(exc) and str(path) in str(exc)
    else:
        assert isinstance(loaded, Settings)
        str(loaded)  # every accepted value can be printed
    assert path.read_bytes() == raw


@FUZZ
@given(raw=config_bytes, key=st.sampled_from([*KEYS, "nope"]), value=st.text(max_size=40))
def test_set_never_loses_a_file_it_cannot_read(raw, key, value):
    path = _write(raw)
    backup = path.with_name("config.json.bak")
    backup.unlink(missing_ok=True)
    try:
        readable = load_settings(path)
    except AiengError:
        readable = None
    try:
        set_value(key, value)
    except AiengError as exc:
        assert "\n" not in str(exc)
        assert path.read_bytes() == raw and not backup.exists()
    else:
        assert readable is not None, "an unreadable config was replaced"
        assert backup.read_bytes() == raw
        assert load_settings().__getattribute__(key) is not None
