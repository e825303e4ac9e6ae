"""Portfolio project scaffolds: the template catalogue, input validation and the cookiecutter call.

Everything is checked before anything is written; the project is rendered into a temporary
folder beside the target and renamed into place, so a failure never leaves half a project
behind and an existing folder is never touched.
"""

from __future__ import annotations

import difflib
import json
import keyword
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ScaffoldError
from .resources import templates_dir

SLUG_RE = re.compile(r"^[a-z][a-z0-9]*([-_][a-z0-9]+)*$")


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
        if template.name == name:
            return template
    names = [t.name for t in templates]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]}?" if close else f"choose one of: {', '.join(names)}"
    raise ScaffoldError(f"unknown template {name!r}; {hint}")


def parse_settings(pairs: list[str], template: Template) -> dict[str, str]:
    """`key=value` strings -> dict, refusing keys the template does not have (cookiecutter would
    silently ignore them) and values outside a key's choices."""
    options = template.options()
    settings: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ScaffoldError(f"--set expects key=value, got {pair!r}")
        if key not in options:
            raise ScaffoldError(f"{template.name} has no option {key!r}; options: {', '.join(options)}")
        choices = options[key]
        if isinstance(choices, list) and value not in choices:
            raise ScaffoldError(f"{key} must be one of {', '.join(map(str, choices))}, not {value!r}")
        settings[key] = value
    return settings


def resolve_context(template: Template, settings: dict[str, str], no_input: bool) -> dict[str, Any]:
    """Every option's final value, rendered the way cookiecutter renders them (prompting unless no_input)."""
    from cookiecutter.exceptions import CookiecutterException
    from cookiecutter.generate import generate_context
    from cookiecutter.prompt import prompt_for_config

    context = generate_context(str(template.path / "cookiecutter.json"), extra_context=settings)
    try:
        return dict(prompt_for_config(context, no_input=no_input))
    except CookiecutterException as exc:
        raise ScaffoldError(f"{template.name}: cannot compute the options ({exc})") from None


def validate_names(values: dict[str, Any]) -> None:
    name = str(values.get("project_name", ""))
    if not name.strip():
        raise ScaffoldError("project name is empty")
    if "/" in name or "\\" in name or ".." in name or "\0" in name:
        raise ScaffoldError(f"project name {name!r} must not contain path separators or '..'")
    slug = str(values.get("project_slug", ""))
    if not SLUG_RE.match(slug):
        raise ScaffoldError(
            f"project slug {slug!r} (from name {name!r}) must start with a letter and hold only a-z, 0-9, - and _"
        )
    package = str(values.get("package_name", slug.replace("-", "_")))
    if not package.isidentifier() or keyword.iskeyword(package) or not package.isascii():
        raise ScaffoldError(f"package name {package!r} is not a valid Python package name")


def generate(template: Template, values: dict[str, Any], output_dir: Path) -> Path:
    """Render into a temp folder beside the target, then rename it into place.

    Calls cookiecutter's `generate_files` with the context `resolve_context` computed, rather
    than `cookiecutter()`, which would compute it a second time and write replay files into
    the user's home.
    """
    from cookiecutter.exceptions import CookiecutterException
    from cookiecutter.generate import generate_files

    validate_names(values)
    target = output_dir / str(values["project_slug"])
    if target.exists() or target.is_symlink():
        raise ScaffoldError(f"{target} already exists; choose another name or --output-dir (nothing was changed)")
    try:
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
        except (CookiecutterException, OSError, ValueError) as exc:
            raise ScaffoldError(
                f"{template.name}: rendering failed ({_first_line(exc)}); nothing was created"
            ) from None
        if target.exists():
            raise ScaffoldError(f"{target} appeared while rendering; nothing was changed")
        os.rename(rendered, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _read_context(folder: Path) -> dict[str, Any]:
    path = folder / "cookiecutter.json"
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ScaffoldError(f"{path}: unreadable template context ({_first_line(exc)})") from None
    if not isinstance(data, dict):
        raise ScaffoldError(f"{path}: template context must be a JSON object")
    return data


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
