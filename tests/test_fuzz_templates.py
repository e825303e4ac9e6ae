"""Every template rendered with hostile `--set` values: rejected ones are one line and leave nothing,
accepted ones give a project whose Python, TOML, YAML and JSON parse, and no value ever executes."""

from __future__ import annotations

import ast
import json
import string
import tempfile
from pathlib import Path

import tomllib
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from aieng_cli import scaffold
from aieng_cli.errors import ScaffoldError
from aieng_cli.template_values import TEXT_PUNCTUATION, kind_of

TEMPLATES = {t.name: t for t in scaffold.catalogue()}
CANARY = Path(tempfile.gettempdir()) / "aieng-template-canary"


def _payloads() -> list[str]:
    touch = f"__import__('os').system('touch {CANARY}')"
    return [
        "{{ cycler.__init__.__globals__.os.popen('touch " + str(CANARY) + "').read() }}",
        "{{ " + touch + " }}",
        "{% raw %}x{% endraw %}{{ 7*7 }}",
        "{{ 7*7 }}",
        '"""; import os; os.system("id"); """',
        'x"\n[tool.evil]\nrun = "id"',
        "x\\",
        "x'\"",
        "line\nbreak",
        "trailing\n",
        "tab\there",
        "\x1b[2Jclear",
        "${{ secrets.TOKEN }}",
        "key: value",
        "#comment",
        "- item",
        "&anchor",
        "*alias",
        "a" * 400,
        "",
        " ",
        "os",
        "class",
        "sys",
        "1e9",
        "-1",
        "0x10",
        "4\n",
        " 4",
        "٤",
        "99999999",
        "__import__('os')",
        "../../etc",
        "a/b",
        "\u202eevil",
        "emoji 🚀",
    ]


safe_text = st.builds(
    lambda first, rest: (first + rest).strip() or first,
    st.sampled_from(string.ascii_letters + "éØß"),
    st.text(alphabet=string.ascii_letters + string.digits + "éØßäñ" + TEXT_PUNCTUATION, max_size=40),
)
hostile = st.sampled_from(_payloads()) | st.text(max_size=30)


@st.composite
def template_values(draw) -> tuple[str, dict[str, str]]:
    name = draw(st.sampled_from(sorted(TEMPLATES)))
    values: dict[str, str] = {}
    for key, default in TEMPLATES[name].options().items():
        if not draw(st.booleans()):
            continue
        kind = kind_of(key, default)
        good = {
            "choice": st.sampled_from([str(c) for c in default]) if isinstance(default, list) else safe_text,
            "integer": st.integers(0, 999).map(str),
            "slug": st.from_regex(r"[a-z][a-z0-9]{0,10}(-[a-z0-9]{1,5}){0,2}", fullmatch=True).map(lambda s: "p" + s),
            "package": st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True).map(lambda s: "pkg_" + s),
            "token": st.from_regex(r"[a-z0-9][a-z0-9.:/-]{0,10}[a-z0-9]", fullmatch=True),
        }.get(kind, safe_text)
        values[key] = draw(good if draw(st.integers(0, 3)) else hostile)
    return name, values


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=template_values())
def test_hostile_values_are_refused_or_inert(case):
    name, given_values = case
    template = TEMPLATES[name]
    CANARY.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "new" / "deeper"
        try:
            checked = scaffold.parse_settings([f"{k}={v}" for k, v in given_values.items()], template)
            resolved = scaffold.resolve_context(template, checked, no_input=True)
            project = scaffold.generate(template, resolved, out)
        except ScaffoldError as exc:
            event("refused")
            assert "\n" not in str(exc) and "\x1b" not in str(exc)
            assert list(Path(tmp).iterdir()) == [], "a refused render left folders behind"
        else:
            event("rendered")
            _assert_parses(project)
            assert [p.name for p in out.iterdir()] == [project.name]
    assert not CANARY.exists(), f"a value was executed: {given_values}"


def _assert_parses(project: Path) -> None:
    for path in project.rglob("*"):
        if not path.is_file():
            continue
        assert "__pycache__" not in path.parts and path.suffix != ".pyc"
        if path.suffix == ".py":
            ast.parse(path.read_bytes(), filename=str(path))
        elif path.suffix == ".toml":
            tomllib.loads(path.read_text())
        elif path.suffix in (".yml", ".yaml"):
            list(yaml.safe_load_all(path.read_text()))
        elif path.suffix == ".json":
            json.loads(path.read_text())
