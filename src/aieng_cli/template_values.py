"""Template values are data: what a user gives `aieng new` is checked against the kind of value
its template's cookiecutter.json implies, and is never rendered as Jinja.

The kind comes from the template itself, so a variable another template adds is covered
without a change here: a list is a choice, a number (or a numeric string) a number, a key
ending in `slug` a folder slug, a key naming a package a Python package name, a default with
no spaces (a model name, say) a token, anything else free text. Free text is limited to a
character set that is inert in every place a template puts it: double-quoted Python and TOML
strings, docstrings, comments, Markdown and YAML.
"""

from __future__ import annotations

import keyword
import re
import sys
from typing import Any

from .errors import ScaffoldError

SLUG_RE = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*")
PACKAGE_RE = re.compile(r"[a-z_][a-z0-9_]*")
TOKEN_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._:/@+-]*[A-Za-z0-9])?")
INTEGER_RE = re.compile(r"[0-9]{1,7}")
DECIMAL_RE = re.compile(r"[0-9]{1,7}(?:\.[0-9]{1,6})?")
TEXT_PUNCTUATION = " .,-_()!?+/@'&:"
MAX_NAME = 64  # folder and package names: far below any file system's 255-byte limit
MAX_TOKEN = 200
MAX_NUMBER = 1_000_000
TEXT_LIMITS = {"project_name": 80, "author": 100}
DEFAULT_TEXT_LIMIT = 300
BOOLEANS = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False, "false": False, "0": False}
# A generated package must not shadow a module the generated project imports.
RESERVED_PACKAGES = frozenset(sys.stdlib_module_names) | {
    "src",
    "test",
    "tests",
    "conftest",
    "setup",
    "anyio",
    "fastapi",
    "httpx",
    "jinja2",
    "numpy",
    "ollama",
    "prometheus_client",
    "psycopg",
    "pydantic",
    "pydantic_settings",
    "pytest",
    "qdrant_client",
    "redis",
    "rich",
    "sqlalchemy",
    "starlette",
    "typer",
    "uvicorn",
}


def kind_of(key: str, default: Any) -> str:
    """choice | bool | integer | decimal | slug | package | token | text | dict."""
    if isinstance(default, list):
        return "choice"
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, dict):
        return "dict"
    if isinstance(default, int):
        return "integer"
    if isinstance(default, float):
        return "decimal"
    text = str(default)
    if INTEGER_RE.fullmatch(text):
        return "integer"
    if DECIMAL_RE.fullmatch(text):
        return "decimal"
    if key.endswith("slug"):
        return "slug"
    if key.endswith(("package_name", "_package", "_module")):
        return "package"
    if "{{" not in text and "{%" not in text and TOKEN_RE.fullmatch(text):
        return "token"
    return "text"


def check_value(key: str, value: Any, default: Any) -> Any:
    """The value to use for `key`, or a one-line ScaffoldError saying what the value must be."""
    kind = kind_of(key, default)
    if kind != "choice" and not isinstance(value, (str, bool, int, float)):
        raise ScaffoldError(f"{key} must be a single value")
    return _CHECKS[kind](key, value if kind in ("choice", "bool") else str(value), default)


def _choice(key: str, value: Any, choices: list[Any]) -> Any:
    for choice in choices:
        if str(choice) == str(value):
            return choice
    raise ScaffoldError(f"{key} must be one of {', '.join(map(str, choices))}, not {show_value(value)}")


def _bool(key: str, value: Any, default: Any) -> bool:
    if isinstance(value, bool):
        return value
    try:
        return BOOLEANS[str(value).strip().lower()]
    except KeyError:
        raise ScaffoldError(f"{key} must be yes or no, not {show_value(value)}") from None


def _number(key: str, value: str, default: Any, pattern: re.Pattern[str], cast: type) -> Any:
    if not pattern.fullmatch(value) or cast(value) > MAX_NUMBER:
        kind = "a whole number" if cast is int else "a number"
        raise ScaffoldError(f"{key} must be {kind} from 0 to {MAX_NUMBER:,}, not {show_value(value)}")
    number = cast(value)
    return number if isinstance(default, (int, float)) and not isinstance(default, bool) else str(number)


def _slug(key: str, value: str, default: Any) -> str:
    if not SLUG_RE.fullmatch(value) or len(value) > MAX_NAME:
        raise ScaffoldError(
            f"project slug {show_value(value)} must start with a letter and hold only a-z, 0-9, - and _"
            f" (at most {MAX_NAME} characters); choose a simpler name or --set project_slug=..."
        )
    return value


def _package(key: str, value: str, default: Any) -> str:
    if not PACKAGE_RE.fullmatch(value) or keyword.iskeyword(value) or len(value) > MAX_NAME:
        raise ScaffoldError(
            f"package name {show_value(value)} is not a valid Python package name"
            f" (a-z, 0-9 and _, not starting with a digit, not a keyword, at most {MAX_NAME} characters)"
        )
    if value in RESERVED_PACKAGES:
        raise ScaffoldError(
            f"package name {value!r} would shadow the {value!r} module the project needs; "
            "choose another project name or --set package_name=..."
        )
    return value


def _token(key: str, value: str, default: Any) -> str:
    if not TOKEN_RE.fullmatch(value) or len(value) > MAX_TOKEN:
        raise ScaffoldError(
            f"{key} {show_value(value)} must be one word of letters, digits and . _ : / @ + - (like {default!r})"
        )
    return value


def _text(key: str, value: str, default: Any) -> str:
    value = value.strip()
    limit = TEXT_LIMITS.get(key, DEFAULT_TEXT_LIMIT)
    if not value:
        raise ScaffoldError(f"{key} is empty")
    if len(value) > limit:
        raise ScaffoldError(f"{key} is too long ({len(value)} characters; at most {limit})")
    bad = sorted({ch for ch in value if not (ch.isalnum() or ch in TEXT_PUNCTUATION)})
    if bad or not value[0].isalnum():
        shown = " ".join(repr(ch) for ch in bad[:5]) if bad else repr(value[0])
        raise ScaffoldError(
            f"{key} may hold letters, digits, spaces and {' '.join(TEXT_PUNCTUATION.strip())}, "
            f"starting with a letter or digit (found {shown})"
        )
    return value


def _dict(key: str, value: Any, default: Any) -> Any:
    raise ScaffoldError(f"{key} cannot be set with --set")


_CHECKS = {
    "choice": _choice,
    "bool": _bool,
    "integer": lambda k, v, d: _number(k, v, d, INTEGER_RE, int),
    "decimal": lambda k, v, d: _number(k, v, d, DECIMAL_RE, float),
    "slug": _slug,
    "package": _package,
    "token": _token,
    "text": _text,
    "dict": _dict,
}


def check_project_name(name: str) -> None:
    """The name becomes a folder: refuse path tricks with their own message before anything else."""
    if "/" in name or "\\" in name or ".." in name or "\0" in name:
        raise ScaffoldError(f"project name {show_value(name)} must not contain path separators or '..'")


def show_value(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"
