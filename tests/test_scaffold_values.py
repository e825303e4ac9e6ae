"""`aieng new` values are data: checked by kind, never executed; failures leave nothing behind."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from aieng_cli import scaffold
from aieng_cli.errors import ScaffoldError
from aieng_cli.scaffold import Template, generate
from aieng_cli.template_values import check_value, kind_of

from .conftest import FIXTURES

CANARY = Path(tempfile.gettempdir()) / "aieng-values-canary"
JINJA_PAYLOAD = "{{ cycler.__init__.__globals__.os.popen('touch " + str(CANARY) + "').read() }}"


@pytest.fixture(autouse=True)
def no_canary():
    CANARY.unlink(missing_ok=True)
    yield
    assert not CANARY.exists(), "a template value was executed"


def _refused(cli, *args: str, input: str | None = None) -> str:
    result = cli(*args, input=input)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


@pytest.mark.parametrize("key", ["author", "project_name", "description", "chat_model", "top_k"])
def test_jinja_in_set_values_is_never_executed(cli, tmp_path, key):
    out = tmp_path / "out"
    _refused(cli, "new", "rag-platform", "--no-input", "-o", str(out), "--set", f"{key}={JINJA_PAYLOAD}")
    assert not out.exists()


def test_jinja_typed_at_a_prompt_is_never_executed(cli, tmp_path):
    answers = f"Typed Rag\n\n\n{JINJA_PAYLOAD}\n" + "\n" * 10
    line = _refused(cli, "new", "rag-platform", "-o", str(tmp_path / "out"), input=answers)
    assert "author" in line


def test_jinja_as_positional_name_is_never_executed(cli, tmp_path):
    _refused(cli, "new", "ai-agent", JINJA_PAYLOAD, "--no-input", "-o", str(tmp_path / "out"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "package_name=os"], "would shadow"),
        (["os"], "would shadow"),  # the package derived from the name
        (["Pytest"], "would shadow"),
        (["--set", "project_slug=abc\n"], "project slug"),
        (["--set", "package_name=abc\n"], "package name"),
        (["--set", "top_k=__import__('os')"], "whole number"),
        (["--set", "top_k=-1"], "whole number"),
        (["--set", "top_k=99999999"], "whole number"),
        (["--set", 'description=x"""; import os'], "description may hold"),
        (["--set", "author=a\nb"], "author may hold"),
        (["--set", "chat_model=llama3.2\n"], "chat_model"),
        (["--set", "chat_model=a b"], "chat_model"),
        (["--set", "project_slug=" + "a" * 300], "at most 64"),
        (["--set", "author=" + "a" * 101], "too long"),
        (["--set", "author= "], "empty"),
        (["x" * 300], "too long"),
    ],
)
def test_bad_values_are_one_line_and_create_nothing(cli, tmp_path, args, message):
    out = tmp_path / "out"
    line = _refused(cli, "new", "rag-platform", *args, "--no-input", "-o", str(out))
    assert message in line
    assert not out.exists()


def test_accepted_text_lands_verbatim_and_parses(cli, tmp_path):
    import tomllib

    author = "Zoë O'Brien & Co: (R&D)"
    result = cli("new", "ai-agent", "Care Bot", "--no-input", "-o", str(tmp_path), "--set", f"author={author}")
    assert result.exit_code == 0, result.output
    meta = tomllib.loads((tmp_path / "care-bot" / "pyproject.toml").read_text())
    assert meta["project"]["authors"] == [{"name": author}]


def test_every_template_option_has_a_checked_kind():
    for template in scaffold.catalogue():
        for key, default in template.options().items():
            kind = kind_of(key, default)
            assert kind != "dict", f"{template.name}.{key}: dict options cannot be checked"
            if key.endswith("slug"):
                assert kind == "slug"
            if key == "package_name":
                assert kind == "package"


@pytest.mark.parametrize(
    ("key", "default", "value", "expected"),
    [
        ("top_k", "4", "07", "7"),
        ("count", 3, "12", 12),
        ("temperature", "0.7", "1.25", "1.25"),
        ("flag", True, "no", False),
        ("flavour", ["a", "b"], "b", "b"),
        ("chat_model", "llama3.2", "hf.co/user/m:Q4_K_M", "hf.co/user/m:Q4_K_M"),
        ("author", "Your Name", "  Ada Lovelace ", "Ada Lovelace"),
    ],
)
def test_good_values_are_normalised(key, default, value, expected):
    assert check_value(key, value, default) == expected


@pytest.mark.parametrize(
    ("key", "default", "value"),
    [
        ("top_k", "4", "4.5"),
        ("top_k", "4", "٤"),
        ("temperature", "0.7", "nan"),
        ("flag", True, "maybe"),
        ("flavour", ["a", "b"], "c"),
        ("chat_model", "llama3.2", "model:"),
        ("author", "Your Name", "{{ x }}"),
        ("author", "Your Name", "\u202eevil"),
        ("author", "Your Name", "-starts with a dash"),
        ("settings", {"a": 1}, "x"),
    ],
)
def test_bad_values_are_refused(key, default, value):
    with pytest.raises(ScaffoldError) as exc:
        check_value(key, value, default)
    assert "\n" not in str(exc.value)


def test_failed_render_removes_the_output_folders_it_created(tmp_path):
    template = Template("broken", "fails half-way", FIXTURES / "templates" / "broken")
    existing = tmp_path / "mine"
    existing.mkdir()
    with pytest.raises(ScaffoldError, match="rendering failed"):
        generate(template, {"project_name": "Broken", "project_slug": "broken"}, existing / "a" / "b" / "c")
    assert list(tmp_path.iterdir()) == [existing] and list(existing.iterdir()) == []


def test_output_folder_name_too_long_is_one_line(cli, tmp_path):
    line = _refused(cli, "new", "ai-agent", "--no-input", "-o", str(tmp_path / ("x" * 300) / "y"))
    assert "cannot create the project there" in line
    assert list(tmp_path.iterdir()) == []


def test_output_folder_that_is_a_file_or_device_is_one_line(cli, tmp_path):
    (tmp_path / "file").write_text("x")
    _refused(cli, "new", "ai-agent", "--no-input", "-o", str(tmp_path / "file"))
    _refused(cli, "new", "ai-agent", "--no-input", "-o", "/dev/zero")


def test_compiled_files_in_the_template_never_reach_the_project(tmp_path):
    source = scaffold.find_template("ai-agent").path
    copy = tmp_path / "tpl" / "ai-agent"
    shutil.copytree(source, copy)
    package = next((copy / "{{cookiecutter.project_slug}}" / "src").iterdir())
    (package / "__pycache__").mkdir(exist_ok=True)
    (package / "__pycache__" / "config.cpython-311.pyc").write_bytes(b"\x00stale")
    (package / "stray.pyc").write_bytes(b"\x00stale")
    template = Template("ai-agent", "copy", copy)
    values = scaffold.resolve_context(template, {"project_name": "Clean One"}, no_input=True)
    project = generate(template, values, tmp_path / "out")
    leftovers = [p for p in project.rglob("*") if p.name == "__pycache__" or p.suffix in (".pyc", ".pyo")]
    assert leftovers == []


def test_output_path_is_escaped_for_rich_and_quoted_for_the_shell(cli, tmp_path):
    out = tmp_path / "[/]odd [red]name it's"
    result = cli("new", "ai-agent", "--no-input", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())  # Rich may wrap long lines
    target = out / "research-agent"
    assert f"Created {target} from ai-agent." in text
    assert "cd '" in text and "'\"'\"'s/research-agent'" in text
    assert target.is_dir()
