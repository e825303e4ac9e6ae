"""Prompt templates that keep untrusted data apart from instructions."""


class TemplateError(ValueError):
    """A template and its values do not match."""


def escape_untrusted(text: str) -> str:
    """Escape &, < and > so data cannot open or close a delimiter tag."""
    # TODO
    raise NotImplementedError


def wrap(tag: str, text: str) -> str:
    """Delimit escaped text with <tag> ... </tag>."""
    # TODO
    raise NotImplementedError


def render(template: str, values: dict[str, str]) -> str:
    """Fill {name} placeholders strictly."""
    # TODO
    raise NotImplementedError


def build_messages(
    system: str, examples: list[tuple[str, str]], user_input: str, tag: str = "input"
) -> list[dict[str, str]]:
    """System message, few-shot pairs, then the wrapped user input."""
    # TODO
    raise NotImplementedError
