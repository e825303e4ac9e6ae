"""HTML pages rendered from the package's templates/ folder (autoescaped)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape


@lru_cache(maxsize=1)
def environment() -> Environment:
    package = __package__.rsplit(".", 1)[0] if __package__ else "{{ cookiecutter.package_name }}"
    return Environment(
        loader=PackageLoader(package, "templates"), autoescape=select_autoescape(["html"])
    )


def page(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)
