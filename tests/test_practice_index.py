"""The exercise index: any exercise.yaml gives an index or one PracticeError naming the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aieng_cli.practice import PracticeError, load_index, load_one

FIXTURE = Path(__file__).parent / "fixtures" / "exercises"
ADD = FIXTURE / "python-engineering" / "python-engineering-add"

scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 500), st.floats(allow_nan=True), st.text(max_size=30))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner))
fields = st.fixed_dictionaries(
    {},
    optional={
        "id": st.sampled_from(["python-engineering-add", "Bad Id", ""]) | values,
        "topic": st.sampled_from(["python-engineering", "other"]) | values,
        "title": st.text(max_size=140) | values,
        "file": st.sampled_from(["adder.py", "../x.py", "a b.py", "adder"]) | values,
        "difficulty": values,
        "order": values,
        "timeout": values,
        "needs": st.lists(st.sampled_from(["numpy", "model-server", "gpu"]), max_size=3) | values,
        "hints": st.lists(st.text(max_size=20), max_size=5) | values,
        "surprise": values,
    },
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=fields | values, raw=st.booleans(), text=st.text(max_size=60))
def test_any_metadata_is_an_index_or_one_clear_error(tmp_path, data, raw, text):
    root = tmp_path / "ex"
    shutil.rmtree(root, ignore_errors=True)
    folder = root / "python-engineering" / "python-engineering-add"
    shutil.copytree(ADD, folder)
    (folder / "exercise.yaml").write_text(text if raw else yaml.safe_dump(data), encoding="utf-8")
    try:
        index = load_index(root)
    except PracticeError as exc:
        assert "exercise.yaml" in str(exc) and "\n" not in str(exc)
        return
    assert list(index) == ["python-engineering-add"]


def test_missing_parts_and_mismatched_ids_are_named(tmp_path):
    root = tmp_path / "ex"
    folder = root / "python-engineering" / "python-engineering-add"
    shutil.copytree(ADD, folder)
    (folder / "solution" / "adder.py").unlink()
    with pytest.raises(PracticeError, match="missing solution/adder.py"):
        load_index(root)
    shutil.copytree(ADD, folder, dirs_exist_ok=True)
    moved = root / "python-engineering" / "elsewhere"
    folder.rename(moved)
    with pytest.raises(PracticeError, match="must match the folder"):
        load_index(root)


def test_oversized_and_non_regular_metadata(tmp_path):
    root = tmp_path / "ex"
    folder = root / "python-engineering" / "python-engineering-add"
    shutil.copytree(ADD, folder)
    (folder / "exercise.yaml").write_text("id: x\n" + "# pad\n" * 20000)
    with pytest.raises(PracticeError, match="too large"):
        load_index(root)
    (folder / "exercise.yaml").unlink()
    (folder / "exercise.yaml").mkdir()
    with pytest.raises(PracticeError):
        load_index(root)


def test_load_one_reads_one_and_suggests_for_unknown(monkeypatch):
    monkeypatch.setenv("AIENG_EXERCISES", str(FIXTURE))
    assert load_one("python-engineering-mul").file == "multiplier.py"
    with pytest.raises(PracticeError, match="did you mean 'python-engineering-mul'"):
        load_one("engineering-mul")
    with pytest.raises(PracticeError, match="unknown exercise"):
        load_one("../../etc/passwd")
