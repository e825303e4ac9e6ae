"""Prompt templates that keep untrusted data apart from instructions."""

import re
import string

_TAG = re.compile(r"[a-z_]+")


class TemplateError(ValueError):
    """A template and its values do not match."""


def escape_untrusted(text: str) -> str:
    """Escape &, < and > so data cannot open or close a delimiter tag."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrap(tag: str, text: str) -> str:
    """Delimit escaped text with <tag> ... </tag>."""
    if not _TAG.fullmatch(tag):
        raise ValueError(f"bad tag name {tag!r}")
    return f"<{tag}>\n{escape_untrusted(text)}\n</{tag}>"


def render(template: str, values: dict[str, str]) -> str:
    """Fill {name} placeholders strictly."""
    parts: list[str] = []
    used: set[str] = set()
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as err:
        raise TemplateError(f"malformed template: {err}") from err
    for literal, field, spec, conversion in parsed:
        parts.append(literal)
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            raise TemplateError(f"placeholder {{{field}}} must be a plain name")
        if field not in values:
            raise TemplateError(f"no value for placeholder {{{field}}}")
        used.add(field)
        parts.append(str(values[field]))
    unused = set(values) - used
    if unused:
        raise TemplateError(f"values not used by the template: {sorted(unused)}")
    return "".join(parts)


def build_messages(
    system: str, examples: list[tuple[str, str]], user_input: str, tag: str = "input"
) -> list[dict[str, str]]:
    """System message, few-shot pairs, then the wrapped user input."""
    messages = [{"role": "system", "content": system}]
    for example_input, example_output in examples:
        messages.append({"role": "user", "content": wrap(tag, example_input)})
        messages.append({"role": "assistant", "content": example_output})
    messages.append({"role": "user", "content": wrap(tag, user_input)})
    return messages
