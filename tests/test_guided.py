"""Guided projects: stage markers -> stubs at generation, `aieng new --guided`, the fixture template's stages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aieng_cli import scaffold
from aieng_cli.errors import ScaffoldError
from aieng_cli.guided import TAG, GuidedError, derive_text, derive_tree, find_regions
from aieng_cli.project_check import check_project
from aieng_cli.projects import PROJECT_FILE, read_project_file
from aieng_cli.stages import is_guided

from .guided_support import (
    DEMO,
    DEMO_TITLES,
    FIXTURE_TEMPLATES,
    fast_pytest,  # noqa: F401  (fixture)
    generate,
    render_raw,
)

TITLES = {1: "One", 2: "Two", 3: "Three"}


def m(stage: int, kind: str, indent: str = "") -> str:
    return f"{indent}# aieng:stage {stage} {kind}\n"


GOOD = (
    "import os\n"
    + m(1, "begin")
    + "def f():\n    return 1\n"
    + m(1, "stub")
    + "def f():\n    raise NotImplementedError('stage 1: f')\n"
    + m(1, "end")
    + "def g():\n"
    + m(2, "begin", "    ")
    + "    return 2\n"
    + m(2, "stub", "    ")
    + "    raise NotImplementedError('stage 2: g')\n"
    + m(2, "end", "    ")
)


def test_complete_keeps_the_code_and_guided_keeps_the_stubs():
    complete = derive_text(GOOD, "a.py", TITLES, stubbed=set())
    assert complete == "import os\ndef f():\n    return 1\ndef g():\n    return 2\n"
    guided = derive_text(GOOD, "a.py", TITLES, stubbed={1, 2})
    assert "return 1" not in guided and "return 2" not in guided and TAG not in guided
    assert guided.count("NotImplementedError") == 2
    partial = derive_text(GOOD, "a.py", TITLES, stubbed={2})
    assert "return 1" in partial and "stage 2: g" in partial


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        (m(1, "begin") + "x = 1\n", 1, "never ends"),
        (m(1, "end"), 1, "without a 'stage 1 begin'"),
        ("x = 1\n" + m(1, "stub"), 2, "without a 'stage 1 begin'"),
        (m(1, "begin") + m(1, "end"), 2, "ends without its 'stage 1 stub'"),
        (m(1, "begin") + m(2, "begin"), 2, "regions cannot nest"),
        (m(1, "begin") + m(1, "stub") + m(2, "end"), 3, "inside the region of stage 1"),
        (m(1, "begin") + m(1, "stub") + m(1, "stub"), 3, "a second 'stage 1 stub'"),
        (m(4, "begin"), 1, "unknown stage 4"),
        (m(0, "begin"), 1, "unknown stage 0"),
        ("# aieng:stage one begin\n", 1, "malformed stage marker"),
        ("# aieng:stage 1 start\n", 1, "malformed stage marker"),
        ('# aieng:stage 1 begin "Wrong"\n', 1, "titled 'One' in stages.yaml"),
        ('# aieng:stage 1 begin "One"\n# aieng:stage 1 stub "One"\n', 2, "only a begin marker takes a title"),
        ('x = 1\ns = """\n# aieng:stage 1 begin\n"""\n', 3, "inside a string"),
        ("x = f'{1} # aieng:stage 1 begin'\n", 1, "inside a string"),
        ("x = 1  # aieng:stage 1 begin\n", 1, "on a line of its own"),
        ("def f(:\n    '''\n", 2, "cannot be read as Python"),
    ],
)
def test_malformed_markers_are_one_line_naming_file_and_line(text, line, problem):
    with pytest.raises(GuidedError) as caught:
        derive_text(text, "pkg/a.py", TITLES, stubbed={1, 2})
    message = str(caught.value)
    assert message.startswith(f"pkg/a.py:{line}: "), message
    assert problem in message and "\n" not in message


def test_other_files_use_hash_comments_and_have_no_strings():
    text = "a = 1\n" + m(1, "begin") + "b = 2\n" + m(1, "stub") + "b = 0\n" + m(1, "end")
    assert derive_text(text, "config.toml", TITLES, stubbed={1}) == "a = 1\nb = 0\n"
    with pytest.raises(GuidedError, match=r"^notes\.txt:1: malformed"):
        derive_text("see aieng:stage 1 begin\n", "notes.txt", TITLES, stubbed=set())


# -- hypothesis: any arrangement of markers, code and strings --------------------------------------

PIECES = st.one_of(
    st.builds(m, st.integers(0, 4), st.sampled_from(["begin", "stub", "end"]), st.sampled_from(["", "    "])),
    st.sampled_from(["x = 1\n", "\n", "def f():\n", "    pass\n", "# a comment\n", "s = '# aieng:stage 1 begin'\n"]),
    st.sampled_from(['"""\n', "'''\n", '# aieng:stage 1 begin "One"\n', "# aieng:stage 2 end  \n", "y = 2 \\\n"]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=14), st.sets(st.integers(1, 3)), st.sampled_from(["m.py", "m.toml"]))
def test_any_marker_soup_derives_cleanly_or_names_a_line(pieces, stubbed, name):
    text = "".join(pieces)
    try:
        out = derive_text(text, name, TITLES, stubbed)
    except GuidedError as exc:
        match = re.match(rf"^{re.escape(name)}:(\d+): \S", str(exc))
        assert match, str(exc)
        assert 1 <= int(match.group(1)) <= max(1, text.count("\n") + 1)
        assert "\n" not in str(exc)
        return
    if name.endswith(".toml"):  # (in Python, tags inside strings were refused above)
        assert TAG not in out


@st.composite
def well_formed(draw):
    """A file of plain lines and regions, with what complete and guided mode must give."""
    text, complete, stubs = "", "", ""
    for _ in range(draw(st.integers(0, 5))):
        plain = draw(st.sampled_from(["x = 1\n", "\n", "# note\n"]))
        text, complete, stubs = text + plain, complete + plain, stubs + plain
        stage = draw(st.integers(1, 3))
        code = draw(st.sampled_from(["", "a = 1\n", "b = 2\nc = 3\n"]))
        stub = draw(st.sampled_from(["", "a = None\n", "raise NotImplementedError('stage')\n"]))
        text += m(stage, "begin") + code + m(stage, "stub") + stub + m(stage, "end")
        complete, stubs = complete + code, stubs + stub
    return text, complete, stubs


@settings(max_examples=200, deadline=None)
@given(well_formed())
def test_well_formed_regions_give_exactly_the_code_or_the_stub(case):
    text, complete, stubs = case
    assert derive_text(text, "w.py", TITLES, stubbed=set()) == complete
    assert derive_text(text, "w.py", TITLES, stubbed={1, 2, 3}) == stubs
    assert all(r.begin < r.stub < r.end for r in find_regions(text, "w.py", TITLES))


# -- the fixture template ---------------------------------------------------------------------------


@pytest.mark.usefixtures("fast_pytest")
def test_guided_project_collects_and_each_stage_fails_on_its_stub_while_earlier_ones_pass(tmp_path):
    """For k = 1..3: stages before k hold the reference code, k onwards their stubs."""
    for k in range(1, len(DEMO_TITLES) + 1):
        project = generate(tmp_path / f"k{k}", guided=True, solved=tuple(range(1, k)))
        report = check_project(project, read_project_file(project), timeout=120)
        assert not report.problem, report.output
        outcomes = {s.number: s.outcome for s in report.stages}
        assert all(outcomes[n] == "passed" for n in range(1, k)), (k, outcomes)
        assert outcomes[k] == "failed", (k, outcomes)
        assert "not written yet (stage" in report.stages[k - 1].headline


def project_pytest(project: Path, *args: str) -> subprocess.CompletedProcess:
    """The generated project's own `python -m pytest` (no plugins: it uses none)."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
    env = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PATH": "/usr/bin:/bin"}
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=120, env=env)


@pytest.mark.usefixtures("fast_pytest")
def test_complete_project_passes_every_stage_and_its_own_tests(tmp_path):
    project = generate(tmp_path, guided=False)
    report = check_project(project, read_project_file(project), timeout=120)
    assert [s.outcome for s in report.stages] == ["passed"] * 3, report.output
    assert TAG not in "".join(p.read_text() for p in project.rglob("*.py"))
    done = project_pytest(project)
    assert done.returncode == 0, done.stdout[-2000:]


def test_guided_project_collects_cleanly_and_unmarked_tests_pass(tmp_path):
    project = generate(tmp_path, guided=True)
    done = project_pytest(project, "-m", "not stage")
    assert done.returncode == 0, done.stdout[-2000:]
    assert "1 passed, 9 deselected" in done.stdout


def test_both_modes_are_ruff_clean_and_carry_stages_md_and_the_project_file(tmp_path):
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    for guided in (True, False):
        project = generate(tmp_path / str(guided), guided=guided)
        record = read_project_file(project)
        assert record.guided is guided and record.template == "guided-demo" and len(record.stages) == 3
        assert set(record.tests) == {"tests/test_text.py", "tests/test_counting.py", "tests/test_report.py"}
        stages_md = (project / "STAGES.md").read_text()
        assert "## Stage 2: Count the words" in stages_md and "src/guided_demo/counting.py" in stages_md
        if ruff:
            for args in (["check", "-q", "."], ["format", "--check", "-q", "."]):
                done = subprocess.run([ruff, *args], cwd=project, capture_output=True, text=True, timeout=60)
                assert done.returncode == 0, (guided, done.stdout)


# -- aieng new --guided -------------------------------------------------------------------------------


@pytest.fixture
def fixture_catalogue(monkeypatch):
    monkeypatch.setattr(scaffold, "templates_dir", lambda: FIXTURE_TEMPLATES)


def test_new_guided_generates_records_and_points_at_stages(cli, tmp_path, fixture_catalogue, aieng_home):
    result = cli("new", "guided-demo", "--guided", "--no-input", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "STAGES.md" in result.output and "aieng check" in result.output
    project = tmp_path / "guided-demo"
    assert "NotImplementedError" in (project / "src" / "guided_demo" / "text.py").read_text()
    assert json.loads((project / PROJECT_FILE).read_text())["guided"] is True
    progress = json.loads((aieng_home / "progress.json").read_text())
    assert [(p["template"], p["stage_count"]) for p in progress["projects"]] == [("guided-demo", 3)]


def test_guided_is_refused_in_one_line_for_a_template_without_stages(cli, tmp_path, monkeypatch):
    catalogue = tmp_path / "templates"
    shutil.copytree(DEMO.path, catalogue / "plain", ignore=shutil.ignore_patterns("stages.yaml"))
    monkeypatch.setattr(scaffold, "templates_dir", lambda: catalogue)
    result = cli("new", "plain", "--guided", "--no-input", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    expected = "guided mode is not available for plain yet; `aieng new plain` creates the complete project"
    assert result.output.strip() == f"aieng: {expected}"
    assert not (tmp_path / "out").exists()


def test_every_shipped_template_is_guided():
    assert [t.name for t in scaffold.catalogue() if not is_guided(t.path)] == []


def test_guided_into_an_existing_folder_is_refused_and_untouched(cli, tmp_path, fixture_catalogue):
    (tmp_path / "guided-demo").mkdir()
    (tmp_path / "guided-demo" / "mine.txt").write_text("keep")
    result = cli("new", "guided-demo", "--guided", "--no-input", "-o", str(tmp_path))
    assert result.exit_code == 1 and "already exists" in result.output
    assert [p.name for p in (tmp_path / "guided-demo").iterdir()] == ["mine.txt"]


def test_a_malformed_marker_stops_generation_naming_the_line_and_leaves_nothing(cli, tmp_path, monkeypatch):
    root = tmp_path / "templates"
    shutil.copytree(DEMO.path, root / "guided-demo")
    counting = next((root / "guided-demo").rglob("counting.py"))
    counting.write_text(counting.read_text().replace("# aieng:stage 2 end", "# aieng:stage 2 ende", 1))
    monkeypatch.setattr(scaffold, "templates_dir", lambda: root)
    out = tmp_path / "out" / "deeper"
    for guided in ("--guided", None):
        result = cli("new", "guided-demo", *filter(None, [guided]), "--no-input", "-o", str(out))
        assert result.exit_code == 1
        assert re.match(r"^aieng: src/guided_demo/counting\.py:8: malformed stage marker", result.output), result.output
        assert not (tmp_path / "out").exists()


def test_a_stage_without_region_or_tests_is_refused(tmp_path):
    raw = render_raw(tmp_path)
    with pytest.raises(ScaffoldError, match="stage 4 .* has no marked region"):
        derive_tree(raw, {**DEMO_TITLES, 4: "More"}, stubbed=set())
    raw = render_raw(tmp_path / "again")
    (raw / "tests" / "test_text.py").write_text("def test_nothing():\n    pass\n")
    with pytest.raises(ScaffoldError, match=r"stage 1 .* no tests marked @pytest.mark.stage\(1\)"):
        derive_tree(raw, DEMO_TITLES, stubbed=set())


def test_shipped_templates_have_markers_only_with_stages():
    """A template without stages.yaml would leak its markers into every project."""
    for template in scaffold.catalogue():
        if is_guided(template.path):
            continue
        for path in template.path.rglob("*"):
            if path.is_file() and path.stat().st_size < 4 << 20:
                assert TAG.encode() not in path.read_bytes(), path


@pytest.mark.parametrize(
    "template", [t for t in scaffold.catalogue() if is_guided(t.path)] + [DEMO], ids=lambda t: t.name
)
def test_every_guided_template_derives_both_modes(tmp_path, template):
    """Cheap structural proof for each template with stages, in its default rendering and in each
    rendering a `when` stage needs: markers parse, both modes compile, each stage has a region and
    tests, the pyproject registers the `stage` marker."""
    from aieng_cli.stages import load_stages, titles

    renderings = [{}] + [dict(stage.when) for stage in load_stages(template.path) if stage.when]
    for index, chosen in enumerate(renderings):
        values = scaffold.resolve_context(template, chosen, no_input=True)
        numbered = titles(load_stages(template.path, values=values))
        for mode in ("guided", "complete"):
            raw = render_raw(tmp_path / f"{index}-{mode}", template, values)
            derived = derive_tree(raw, numbered, stubbed=set(numbered) if mode == "guided" else set())
            assert derived.tested_stages == set(numbered)
            pyproject = (raw / "pyproject.toml").read_text()
            assert re.search(r"markers\s*=\s*\[[^\]]*[\"']stage\(", pyproject), "register the stage marker"


WHEN_STAGES = """stages:
  - {title: Always here, build: x, why: y, criteria: [c]}
  - {title: Only for teams, build: x, why: y, criteria: [c], when: {multi_agent: "yes"}}
"""


def test_a_when_stage_exists_only_in_renderings_that_meet_it(tmp_path):
    from aieng_cli.stages import load_stages

    (tmp_path / "stages.yaml").write_text(WHEN_STAGES)
    assert [s.title for s in load_stages(tmp_path)] == ["Always here", "Only for teams"]
    assert [s.title for s in load_stages(tmp_path, values={"multi_agent": "no"})] == ["Always here"]
    assert len(load_stages(tmp_path, values={"multi_agent": "yes"})) == 2
    lines = WHEN_STAGES.splitlines()
    (tmp_path / "stages.yaml").write_text("\n".join([lines[0], lines[2], lines[1]]) + "\n")
    with pytest.raises(ScaffoldError, match="must come after every other stage"):
        load_stages(tmp_path)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("stages: []\n", "invalid stages"),
        ("stages:\n  - title: ab\n    build: x\n    why: y\n    criteria: [c]\n", "invalid stages"),
        (
            "stages:\n  - {title: Same one, build: x, why: y, criteria: [c]}\n"
            + "  - {title: Same one, build: x, why: y, criteria: [c]}\n",
            "same title",
        ),
        ("stages:\n  - {title: 'Say \"hi\"', build: x, why: y, criteria: [c]}\n", "invalid stages"),
        ("stages:\n  - {title: Fine, build: x, why: y, criteria: [c], extra: 1}\n", "invalid stages"),
        ("stages: [\n", "invalid stages"),
        ("- just a list\n", "invalid stages"),
    ],
)
def test_a_bad_stages_yaml_is_one_line_naming_it(tmp_path, content, problem):
    from aieng_cli.stages import load_stages

    (tmp_path / "stages.yaml").write_text(content)
    with pytest.raises(ScaffoldError) as caught:
        load_stages(tmp_path)
    assert str(caught.value).startswith(f"{tmp_path / 'stages.yaml'}: ") and problem in str(caught.value)
    assert "\n" not in str(caught.value)


def test_guided_core_modules_import_no_ui_or_heavy_library():
    """The layering rule of tests/test_startup.py, for this feature's core modules."""
    modules = ["guided", "stages", "projects", "project_check", "stage_plugin"]
    code = (
        "import sys\n"
        + "".join(f"import aieng_cli.{name}\n" for name in modules)
        + "heavy = {'textual', 'typer', 'rich', 'ollama', 'cookiecutter', 'yaml'}\n"
        + "bad = heavy & {m.split('.')[0] for m in sys.modules}\n"
        + "print(sorted(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
