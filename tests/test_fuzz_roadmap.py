"""Hostile roadmaps (`--roadmap` / AIENG_ROADMAP): one line, never a traceback, a hang or unbounded memory."""

from __future__ import annotations

import copy
import os
import resource
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aieng_cli import roadmap as roadmap_module
from aieng_cli.errors import RoadmapError
from aieng_cli.roadmap import Roadmap, load_roadmap, parse_roadmap

from .conftest import MINI_ROADMAP

MINI = yaml.safe_load(MINI_ROADMAP.read_text())


def _bomb(levels: int = 9) -> str:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


HOSTILE_TEXT = {
    "bad-utf8": b"version: 1\nphases: [\xff\xfe]\n",
    "billion-laughs": _bomb().encode(),
    "bomb-inside-a-topic": (MINI_ROADMAP.read_text() + "\nextra: " + "\n" + _bomb()).encode(),
    "self-alias": b"a: &a [*a]\n",
    "deep-flow": b"[" * 5000 + b"]" * 5000,
    "deep-block": b"- " * 5000 + b"x",
    "deep-999": b"- " * 999 + b"x",
    "wrong-top-type": b"[1, 2, 3]",
    "empty": b"",
    "nul": b"\x00\x00",
    "version-string": MINI_ROADMAP.read_bytes().replace(b"version: 1", b"version: '1'"),
    "huge-int": MINI_ROADMAP.read_bytes().replace(b"answer: 1,", b"answer: 99999999999999999999999999999,"),
    "inf-hours": MINI_ROADMAP.read_bytes().replace(b"hours: 10", b"hours: .inf"),
    "nan-hours": MINI_ROADMAP.read_bytes().replace(b"hours: 10", b"hours: .nan"),
    "date-as-text": MINI_ROADMAP.read_bytes().replace(b'months: "1-2"', b"months: 2024-01-01"),
    "control-char-key": MINI_ROADMAP.read_bytes().replace(b"version: 1", b'version: 1\n"evil\\e[2J\\nline": 1'),
    "unhashable-key": b"? [a, b]\n: 1\n",
    "escape-in-title": MINI_ROADMAP.read_bytes().replace(b"title: Python\n", b'title: "Py\\e[2Jthon"\n'),
    "bidi-in-lesson": MINI_ROADMAP.read_bytes().replace(b"title: Python\n", "title: Py\u202ethon\n".encode()),
    "c1-control": MINI_ROADMAP.read_bytes().replace(b"title: Python\n", b'title: "Py\\x9bthon"\n'),
    "python-tag": b"!!python/object/apply:os.system ['touch /tmp/aieng-pwned']",
}


def _one_line(exc: RoadmapError, path: Path | str) -> None:
    message = str(exc)
    assert "\n" not in message and "\x1b" not in message and len(message) <= 400
    assert str(path) in message


@pytest.mark.parametrize("name", list(HOSTILE_TEXT))
def test_hostile_roadmap_is_one_line_and_untouched(name, tmp_path):
    path = tmp_path / "roadmap.yaml"
    path.write_bytes(HOSTILE_TEXT[name])
    assert HOSTILE_TEXT[name] != MINI_ROADMAP.read_bytes(), "the damage did not apply"
    with pytest.raises(RoadmapError) as exc:
        load_roadmap(path)
    _one_line(exc.value, path)
    assert path.read_bytes() == HOSTILE_TEXT[name]
    assert not Path("/tmp/aieng-pwned").exists()


def test_alias_bomb_is_refused_before_memory_grows(tmp_path):
    path = tmp_path / "roadmap.yaml"
    path.write_text(_bomb(levels=12))  # 9**12 values if expanded
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(RoadmapError, match="aliases"):
        load_roadmap(path)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KB


def test_control_characters_are_named_with_their_yaml_path():
    text = MINI_ROADMAP.read_text().replace("title: Python\n", 'title: "Py\\e[2Jthon"\n')
    with pytest.raises(RoadmapError, match=r"topics\[0\]\.title: control character \\x1b"):
        parse_roadmap(text, "r.yaml")


def test_a_wide_file_is_refused_before_python_objects_are_built(tmp_path, monkeypatch):
    monkeypatch.setattr(roadmap_module, "MAX_ROADMAP_EVENTS", 10_000)
    path = tmp_path / "roadmap.yaml"
    path.write_text("[" + "0," * 20_000 + "0]")
    built: list[object] = []
    monkeypatch.setattr(yaml, "load", lambda *a, **k: built.append(1))
    with pytest.raises(RoadmapError, match="too many YAML values"):
        load_roadmap(path)
    assert built == []


def test_reasonable_aliases_still_work(tmp_path):
    text = MINI_ROADMAP.read_text().replace("for_whom: [Developers]", "for_whom: &who [Developers]")
    text = text.replace("for_whom: [Students]", "for_whom: *who")
    assert parse_roadmap(text).tracks[1].for_whom == ["Developers"]


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "fifo", "folder", "oversized", "missing"])
def test_special_files_are_refused_without_blocking(special, tmp_path, monkeypatch, cli):
    path = {"fifo": tmp_path / "pipe", "folder": tmp_path, "oversized": tmp_path / "big.yaml"}.get(
        special, Path(special) if special.startswith("/") else tmp_path / "nope.yaml"
    )
    if special == "fifo":
        os.mkfifo(path)
    if special == "oversized":
        path.write_bytes(b"#" * 2000)
        monkeypatch.setattr(roadmap_module, "MAX_ROADMAP_BYTES", 1000)
    with pytest.raises(RoadmapError) as exc:
        load_roadmap(path)
    _one_line(exc.value, path)
    result = cli("--roadmap", str(path), "topic", "python")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    monkeypatch.setenv("AIENG_ROADMAP", str(path))
    result = cli("topic", "python")
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1


def test_cache_replaced_by_a_fifo_is_ignored(aieng_home, tmp_path):
    path = tmp_path / "roadmap.yaml"
    path.write_bytes(MINI_ROADMAP.read_bytes())
    load_roadmap(path)
    caches = list((aieng_home / "cache").glob("roadmap-*.json"))
    assert caches
    for cache in caches:
        cache.unlink()
        os.mkfifo(cache)
    assert load_roadmap(path).version == 1  # rebuilt in memory; the FIFO is not read


# Hypothesis: damage the mini roadmap anywhere -------------------------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=20)
    | st.dates()
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)


def _paths(node: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(node, dict):
        for key, child in node.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _paths(child, (*prefix, index))
    return found


ALL_PATHS = _paths(MINI)


@st.composite
def damaged(draw) -> bytes:
    data = copy.deepcopy(MINI)
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(ALL_PATHS))
        if not where:
            continue
        parent = data
        try:
            for step in where[:-1]:
                parent = parent[step]
            action = draw(st.sampled_from(["replace", "delete", "add"]))
            if action == "replace":
                parent[where[-1]] = draw(values)
            elif action == "delete":
                del parent[where[-1]]
            elif isinstance(parent, dict):
                parent[draw(st.text(max_size=8))] = draw(values)
            else:
                parent.append(draw(values))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed this path
    text = yaml.safe_dump(data, allow_unicode=draw(st.booleans()))
    if draw(st.booleans()):
        return text.encode()
    cut = draw(st.integers(0, len(text)))
    return (text[:cut] + draw(st.text(max_size=10)) + text[cut:]).encode("utf-8", "surrogatepass")


FUZZ = settings(
    max_examples=250, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(raw=damaged() | st.binary(max_size=200))
def test_damaged_roadmaps_raise_only_roadmap_errors(raw, tmp_path):
    path = tmp_path / "roadmap.yaml"
    path.write_bytes(raw)
    try:
        loaded = load_roadmap(path, use_cache=False)
    except RoadmapError as exc:
        _one_line(exc, path)
    else:
        assert isinstance(loaded, Roadmap)
    assert path.read_bytes() == raw
