"""Portfolio project scaffolds: the template catalogue, input validation and the cookiecutter call.

Everything is checked before anything is written; the project is rendered into a temporary
folder beside the target and renamed into place, so a failure never leaves half a project
behind and an existing folder is never touched.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import FileReadError, ScaffoldError
from .files import read_text_file
from .resources import templates_dir
from .template_values import check_project_name, check_value, show_value


@dataclass(frozen=True)
class Template:
    name: str
    description: str
    path: Path

    def defaults(self) -> dict[str, Any]:
        return _read_context(self.path)

    def options(self) -> dict[str, Any]:
        """The keys a user may set (private `_` keys excluded)."""
        return {k: v for k, v in self.defaults().items() if not k.startswith("_")}


def catalogue(root: Path | None = None) -> list[Template]:
    root = root or templates_dir()
    found = []
    for folder in sorted(p for p in root.iterdir() if (p / "cookiecutter.json").is_file()):
        found.append(Template(folder.name, str(_read_context(folder).get("_description", "")), folder))
    return found


def find_template(name: str, root: Path | None = None) -> Template:
    templates = catalogue(root)
    for template in templates:
        if template.name in (name, name.lower()):  # names are lower-case: any case finds them
            return template
    names = [t.name for t in templates]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]}?" if close else f"choose one of: {', '.join(names)}"
    raise ScaffoldError(f"unknown template {name!r}; {hint}")


def parse_settings(pairs: list[str], template: Template) -> dict[str, Any]:
    """`key=value` strings -> checked values (see check_given)."""
    settings: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ScaffoldError(f"--set expects key=value, got {show_value(pair)}")
        settings[key.strip()] = value
    return check_given(template, settings)


def check_given(template: Template, given: dict[str, Any]) -> dict[str, Any]:
    """Refuse keys the template does not have (cookiecutter would silently ignore them) and
    values that are not what the key's default says they must be; return the values to use."""
    options = template.options()
    checked: dict[str, Any] = {}
    for key, value in given.items():
        if key not in options:
            raise ScaffoldError(f"{template.name} has no option {show_value(key)}; options: {', '.join(options)}")
        if key == "project_name":
            check_project_name(str(value))
        checked[key] = check_value(key, value, options[key])
    return checked


def resolve_context(template: Template, given: dict[str, Any], no_input: bool) -> dict[str, Any]:
    """Every option's final value: the user's values as literal data, the template's defaults
    rendered (they may derive from the user's values, e.g. the slug from the name), prompting
    for the rest unless no_input.

    This replaces cookiecutter's prompt_for_config, which renders every value - the user's
    included - as a Jinja template: `--set author={{ ... }}` would run code.
    """
    from cookiecutter.prompt import (
        create_env_with_context,
        read_user_choice,
        read_user_variable,
        read_user_yes_no,
        render_variable,
    )
    from jinja2 import TemplateError

    defaults = template.defaults()
    prompts = defaults.get("__prompts__") if isinstance(defaults.get("__prompts__"), dict) else {}
    literal = check_given(template, given)
    env = create_env_with_context({"cookiecutter": defaults})
    values: dict[str, Any] = {}
    try:
        for key, raw in defaults.items():
            if key == "__prompts__":
                continue
            if key.startswith("_"):
                values[key] = render_variable(env, raw, values) if key.startswith("__") else raw
                continue
            if key in literal:
                values[key] = literal[key]
                continue
            if isinstance(raw, list):
                choices = [render_variable(env, choice, values) for choice in raw]
                values[key] = choices[0] if no_input else read_user_choice(key, choices, prompts)
            elif isinstance(raw, bool):
                values[key] = raw if no_input else read_user_yes_no(key, raw, prompts)
            elif isinstance(raw, dict):
                values[key] = render_variable(env, raw, values)
            else:
                default = render_variable(env, raw, values)
                values[key] = default if no_input else read_user_variable(key, default, prompts)
                if not no_input or default != raw:  # typed by the user, or derived from their values
                    if key == "project_name":
                        check_project_name(str(values[key]))
                    values[key] = check_value(key, values[key], raw)
    except TemplateError as exc:
        raise ScaffoldError(f"{template.name}: cannot compute the options ({_first_line(exc)})") from None
    return values


def validate_names(values: dict[str, Any]) -> None:
    name = str(values.get("project_name", ""))
    if not name.strip():
        raise ScaffoldError("project name is empty")
    check_project_name(name)
    slug = str(values.get("project_slug", ""))
    check_value("project_slug", slug, "{{ slug }}")
    check_value("package_name", str(values.get("package_name", slug.replace("-", "_"))), "{{ package }}")


def check_guided(template: Template) -> None:
    """Refuse --guided for a template whose stages are not marked yet (before any prompt)."""
    from .stages import is_guided

    if not is_guided(template.path):
        raise ScaffoldError(
            f"guided mode is not available for {template.name} yet; "
            f"`aieng new {template.name}` creates the complete project"
        )


def generate(template: Template, values: dict[str, Any], output_dir: Path, guided: bool = False) -> Path:
    """Render into a temp folder beside the target, then rename it into place.

    Calls cookiecutter's `generate_files` with the context `resolve_context` computed, rather
    than `cookiecutter()`, which would compute it a second time and write replay files into
    the user's home. On any failure nothing stays behind: not the staging folder, not the
    `-o` folders this call created.
    """
    validate_names(values)
    if guided:
        check_guided(template)
    created = _missing_folders(output_dir)
    try:
        target = _render(template, values, output_dir, guided)
    except BaseException:
        for folder in reversed(created):
            try:
                folder.rmdir()  # only if empty: never anything the user put there meanwhile
            except OSError:
                pass
        raise
    return target


def _render(template: Template, values: dict[str, Any], output_dir: Path, guided: bool) -> Path:
    from cookiecutter.exceptions import CookiecutterException
    from cookiecutter.generate import generate_files

    target = output_dir / str(values["project_slug"])
    try:
        if target.exists() or target.is_symlink():
            raise ScaffoldError(f"{target} already exists; choose another name or --output-dir (nothing was changed)")
        output_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".aieng-new-", dir=output_dir))
    except OSError as exc:
        raise ScaffoldError(f"{output_dir}: cannot create the project there ({exc.strerror or exc})") from None
    try:
        context = {
            "cookiecutter": {
                **values,
                "_template": str(template.path),
                "_repo_dir": str(template.path),
                "_output_dir": str(staging),
                "_checkout": None,
            },
            "_cookiecutter": {k: v for k, v in values.items() if not k.startswith("_")},
        }
        try:
            rendered = Path(generate_files(repo_dir=str(template.path), context=context, output_dir=str(staging)))
            _remove_bytecode(rendered)
            _apply_stages(template, values, rendered, guided)
            if target.exists():
                raise ScaffoldError(f"{target} appeared while rendering; nothing was changed")
            os.rename(rendered, target)
        except (CookiecutterException, OSError, ValueError) as exc:
            raise ScaffoldError(
                f"{template.name}: rendering failed ({_first_line(exc)}); nothing was created"
            ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _apply_stages(template: Template, values: dict[str, Any], project: Path, guided: bool) -> None:
    """A template with stages: keep each marked region's stub (guided) or its complete code,
    and write STAGES.md and the project file `aieng check` reads (see guided.py, projects.py)."""
    from . import __version__
    from .guided import derive_tree
    from .projects import ProjectFile, write_project_file
    from .stages import is_guided, load_stages, stages_document, titles

    if not is_guided(template.path):
        return
    stages = load_stages(template.path, render=_stage_text_renderer(values), values=values)
    numbered = titles(stages)
    derived = derive_tree(project, numbered, stubbed=set(numbered) if guided else set())
    name = str(values.get("project_name", template.name))
    (project / "STAGES.md").write_text(stages_document(name, stages, guided), encoding="utf-8")
    record = ProjectFile(
        template=template.name,
        version=__version__,
        guided=guided,
        project_name=name,
        stages=stages,
        tests=derived.stage_tests,
    )
    write_project_file(project, record)


def _stage_text_renderer(values: dict[str, Any]):
    """stages.yaml texts may name template values ({{ cookiecutter.package_name }}); the
    values are data here, as in the files cookiecutter renders."""
    from cookiecutter.environment import StrictEnvironment
    from jinja2 import TemplateError

    env = StrictEnvironment(context={"cookiecutter": values})

    def render(text: str) -> str:
        if "{" not in text:
            return text
        try:
            return env.from_string(text).render(cookiecutter=values)
        except TemplateError as exc:
            raise ValueError(f"cannot fill in {text[:40]!r}: {exc}") from None

    return render


def _missing_folders(folder: Path) -> list[Path]:
    """`folder` and its ancestors that do not exist yet, outermost first."""
    missing: list[Path] = []
    try:
        while not folder.exists() and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
    except OSError:  # a name too long: mkdir will say so
        pass
    return list(reversed(missing))


def _remove_bytecode(project: Path) -> None:
    """An installed wheel's templates were byte-compiled by pip: their __pycache__ folders and
    .pyc files would land in the project as stale files."""
    for cache in sorted(project.rglob("__pycache__"), reverse=True):
        shutil.rmtree(cache, ignore_errors=True)
    for compiled in project.rglob("*.py[co]"):
        compiled.unlink(missing_ok=True)


def _read_context(folder: Path) -> dict[str, Any]:
    path = folder / "cookiecutter.json"
    try:
        data = json.loads(read_text_file(path, max_bytes=1 << 20, what="template context"))
    except (FileReadError, ValueError, RecursionError) as exc:
        raise ScaffoldError(f"{path}: unreadable template context ({_first_line(exc)})") from None
    if not isinstance(data, dict):
        raise ScaffoldError(f"{path}: template context must be a JSON object")
    return data


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    return "".join(ch if ch.isprintable() else "?" for ch in line)[:300]
