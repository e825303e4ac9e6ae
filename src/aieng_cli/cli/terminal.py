"""The terminal as it is: its width, whether colour is wanted, and lines laid out to fit.

Plain output never cuts text: a line too long for the terminal wraps with an indent, and
piped output (no terminal, no COLUMNS) is not wrapped at all, so `aieng plan --weeks | cat`
keeps every topic name. Colour follows NO_COLOR (https://no-color.org) as well as typer's own
rule (styles are dropped when the output is not a terminal).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import textwrap

import typer

MIN_WIDTH = 40  # below this nothing lays out sensibly; wrap as if the terminal had 40 columns
MIN_COLUMN = 22  # a left column narrower than this reads badly: put the rest on its own line


def width() -> int | None:
    """Columns to fit in: COLUMNS if set, else the terminal's; None when stdout is not a terminal."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(MIN_WIDTH, int(columns))
    if not sys.stdout.isatty():
        return None
    return max(MIN_WIDTH, shutil.get_terminal_size().columns)


def no_color() -> bool:
    """NO_COLOR set to anything but the empty string turns every style off (as in our Rich consoles)."""
    return bool(os.environ.get("NO_COLOR"))


def style(text: str, **styles: object) -> str:
    """typer's (vendored click) style, which its echo strips when the output is not a terminal."""
    wanted = {name: value for name, value in styles.items() if value}
    return text if no_color() or not wanted else typer.style(text, **wanted)  # type: ignore[arg-type]


def bold(text: str) -> str:
    return style(text, bold=True)


_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def visible_len(text: str) -> int:
    return len(_ESCAPE.sub("", text))


def wrap(text: str, columns: int | None, indent: str = "", more: str = "  ") -> list[str]:
    """`text` (unstyled) in lines of at most `columns`; lines after the first get `more` extra indent."""
    if columns is None:
        return [indent + text]
    return textwrap.wrap(
        text,
        columns,
        initial_indent=indent,
        subsequent_indent=indent + more,
        break_on_hyphens=False,
        break_long_words=False,  # a path or URL longer than the line stays whole (copyable)
    ) or [indent]


def echo_wrapped(text: str, label: str = "", **styles: object) -> None:
    """One paragraph, wrapped to the terminal; `label` (its first words) in bold, the rest styled."""
    for number, line in enumerate(wrap(f"{label} {text}" if label else text, width())):
        if number == 0 and label:
            typer.echo(bold(label) + style(line[len(label) :], **styles))
        else:
            typer.echo(style(line, **styles))


def row(left: str, right: str, left_width: int, columns: int | None, indent: int = 2) -> list[str]:
    """`left` padded to its column, then `right` (may be styled). When the line would not fit,
    `left` wraps inside its column; when even that column would be too narrow, `right` moves
    onto its own line below `left`. Nothing is cut."""
    pad = " " * indent
    if columns is None:
        return [pad + left.ljust(left_width) + "  " + right]
    column = min(left_width, columns - indent - 2 - visible_len(right))
    if column >= MIN_COLUMN:
        first, *rest = textwrap.wrap(left, column, break_on_hyphens=False, break_long_words=False) or [""]
        lines = [pad + first.ljust(column) + "  " + right]
        if rest:
            lines += wrap(" ".join(rest), column + indent, pad + "  ", "")
        return lines
    return [*wrap(left, columns, pad), pad + "  " + right]


def label_row(prefix: str, label: str, text: str, label_width: int, columns: int | None) -> list[str]:
    """`prefix` (may be styled), `label` padded to its column, then `text` wrapped under itself;
    when the terminal leaves too little room for `text`, it goes on the lines below."""
    head = f"{prefix}{label.ljust(label_width)}  "
    if columns is None:
        return [head + text]
    room = columns - visible_len(head)
    if room >= MIN_COLUMN:
        first, *rest = wrap(text, room, more="")
        return [head + first, *(" " * visible_len(head) + line for line in rest)]
    return [f"{prefix}{label}", *wrap(text, columns, " " * (visible_len(prefix) + 2), "")]
