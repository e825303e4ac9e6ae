"""Guided projects: derive a project's stubs from its complete code, at generation time.

A template's complete code is the reference solution. A stage's region is marked in it by
three full-line comments (templates/README-guided.md):

    # aieng:stage 2 begin "Hybrid retrieval"
    ...complete code...
    # aieng:stage 2 stub
    ...the stub: same signature, a docstring, raise NotImplementedError("stage 2: ...")...
    # aieng:stage 2 end

`derive_text` keeps, per region, either the complete code or the stub and drops the markers;
`derive_tree` does that to every file of a rendered project. Both are pure with respect to the
template: a malformed marker stops generation with one line naming file:line.
"""

from __future__ import annotations

import ast
import hashlib
import io
import re
import tokenize
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from .errors import ScaffoldError

TAG = "aieng:stage"
_TAG_BYTES = TAG.encode()
MARKER = re.compile(
    r"^[ \t]*#[ \t]*aieng:stage[ \t]+(?P<stage>[0-9]{1,2})[ \t]+(?P<kind>begin|stub|end)"
    r'(?:[ \t]+"(?P<title>[^"\\\r\n]*)")?[ \t]*\r?\n?$'
)
STAGE_TEST = re.compile(rb"mark\.stage\(\s*([0-9]{1,2})\s*\)")
MAX_FILE_BYTES = 4 << 20  # a template file bigger than this is data, never marked code


class GuidedError(ScaffoldError):
    """A template's stage markers are malformed (the message names file:line)."""


@dataclass(frozen=True)
class Region:
    """One marked region: the 1-based line numbers of its three marker lines."""

    stage: int
    begin: int
    stub: int
    end: int


@dataclass
class Derived:
    """What derive_tree found: regions per stage, and the files holding stage tests."""

    regions: dict[int, int]  # stage -> number of marked regions
    stage_tests: dict[str, str]  # posix path -> sha256 of the file as generated
    tested_stages: set[int]


def find_regions(text: str, where: str, titles: dict[int, str]) -> list[Region]:
    """The regions of one file; `titles` maps each known stage number to its title."""
    lines = text.splitlines(keepends=True)
    marker_lines = _python_marker_lines(text, where) if where.endswith(".py") else None
    regions: list[Region] = []
    open_stage, begin, stub = 0, 0, 0
    for number, line in enumerate(lines, start=1):
        if TAG not in line:
            continue
        match = MARKER.match(line)
        if match is None or (marker_lines is not None and number not in marker_lines):
            raise GuidedError(f"{where}:{number}: {_not_a_marker(line)}")
        stage, kind, title = int(match["stage"]), match["kind"], match["title"]
        if stage not in titles:
            known = f"1-{len(titles)}" if titles else "none"
            raise GuidedError(f"{where}:{number}: unknown stage {stage} (stages.yaml has {known})")
        if title is not None and kind != "begin":
            raise GuidedError(f"{where}:{number}: only a begin marker takes a title")
        if title is not None and title != titles[stage]:
            raise GuidedError(
                f"{where}:{number}: stage {stage} is titled {titles[stage]!r} in stages.yaml, not {title!r}"
            )
        if kind == "begin":
            if open_stage:
                raise GuidedError(
                    f"{where}:{number}: stage {stage} begins inside the region of stage {open_stage} "
                    f"(line {begin}); regions cannot nest"
                )
            open_stage, begin, stub = stage, number, 0
        elif not open_stage:
            raise GuidedError(f"{where}:{number}: 'stage {stage} {kind}' without a 'stage {stage} begin' before it")
        elif stage != open_stage:
            raise GuidedError(
                f"{where}:{number}: 'stage {stage} {kind}' inside the region of stage {open_stage} (line {begin})"
            )
        elif kind == "stub":
            if stub:
                raise GuidedError(f"{where}:{number}: a second 'stage {stage} stub' in one region (line {stub})")
            stub = number
        else:
            if not stub:
                raise GuidedError(f"{where}:{number}: stage {stage} ends without its 'stage {stage} stub' part")
            regions.append(Region(stage, begin, stub, number))
            open_stage = 0
    if open_stage:
        raise GuidedError(f"{where}:{begin}: the region of stage {open_stage} never ends ('stage {open_stage} end')")
    return regions


def derive_text(
    text: str, where: str, titles: dict[int, str], stubbed: Collection[int], regions: list[Region] | None = None
) -> str:
    """`text` with each region replaced by its stub (stage in `stubbed`) or its complete code."""
    lines = text.splitlines(keepends=True)
    keep = [True] * len(lines)
    for region in find_regions(text, where, titles) if regions is None else regions:
        keep[region.begin - 1] = keep[region.stub - 1] = keep[region.end - 1] = False
        complete, stub = range(region.begin, region.stub - 1), range(region.stub, region.end - 1)
        for index in complete if region.stage in stubbed else stub:
            keep[index] = False
    return "".join(line for line, kept in zip(lines, keep, strict=True) if kept)


def derive_tree(root: Path, titles: dict[int, str], stubbed: Collection[int]) -> Derived:
    """Rewrite every marked file under `root` in place; check every stage has a region and tests."""
    regions: dict[int, int] = dict.fromkeys(titles, 0)
    stage_tests: dict[str, str] = {}
    tested: set[int] = set()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        where = path.relative_to(root).as_posix()
        data = path.read_bytes() if path.stat().st_size <= MAX_FILE_BYTES else b""
        if _TAG_BYTES in data:
            text = _decode(data, where)
            found = find_regions(text, where, titles)
            for region in found:
                regions[region.stage] += 1
            derived = derive_text(text, where, titles, stubbed, found)
            if where.endswith(".py"):
                _check_compiles(derived, where)
            data = derived.encode("utf-8")
            path.write_bytes(data)
        if where.startswith("tests/") and where.endswith(".py"):
            found = {int(n) for n in STAGE_TEST.findall(data)}
            if found:
                tested |= found
                stage_tests[where] = hashlib.sha256(data).hexdigest()
    for stage, count in regions.items():
        if not count:
            raise GuidedError(f"stage {stage} ({titles[stage]}) has no marked region in the template")
        if stage not in tested:
            raise GuidedError(f"stage {stage} ({titles[stage]}) has no tests marked @pytest.mark.stage({stage})")
    return Derived(regions, stage_tests, tested)


def has_markers(root: Path) -> bool:
    """Whether any file under `root` mentions a stage marker (a cheap byte search)."""
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.stat().st_size <= MAX_FILE_BYTES:
            if _TAG_BYTES in path.read_bytes():
                return True
    return False


def _python_marker_lines(text: str, where: str) -> set[int]:
    """Lines where the tag is a whole-line comment; the tag in a string or after code is an error.

    Parsing finds the strings in C, ~10x quicker than tokenizing (a third of `aieng new
    rag-platform --guided`); text that does not parse is tokenized instead, which names the line.
    """
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return _tokenized_marker_lines(text, where)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str | bytes):
            value = node.value if isinstance(node.value, str) else node.value.decode("latin-1")
            if TAG in value:
                return _tokenized_marker_lines(text, where)  # it names the line exactly
    found: set[int] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if TAG in line:
            if not line.lstrip().startswith("#"):
                raise GuidedError(f"{where}:{number}: a stage marker must be on a line of its own, not after code")
            found.add(number)
    return found


def _tokenized_marker_lines(text: str, where: str) -> set[int]:
    found: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if TAG not in token.string:
                continue
            line = token.start[0]
            if token.type != tokenize.COMMENT:
                line += token.string[: token.string.index(TAG)].count("\n")
                raise GuidedError(f"{where}:{line}: a stage marker inside a string (markers are whole-line comments)")
            if token.line[: token.start[1]].strip():
                raise GuidedError(f"{where}:{line}: a stage marker must be on a line of its own, not after code")
            found.add(line)
    except (tokenize.TokenError, SyntaxError) as exc:
        line = exc.args[1][0] if len(exc.args) > 1 and isinstance(exc.args[1], tuple) else 1
        raise GuidedError(f"{where}:{line}: cannot be read as Python ({exc.args[0]})") from None
    return found


def _not_a_marker(line: str) -> str:
    shown = line.strip()[:80]
    return (
        f"malformed stage marker {shown!r}; expected '# aieng:stage N begin|stub|end' "
        f"(a title in double quotes only after begin)"
    )


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise GuidedError(f"{where}:{line}: a file with stage markers must be UTF-8 text") from None


def _check_compiles(text: str, where: str) -> None:
    try:
        compile(text, where, "exec", dont_inherit=True)
    except SyntaxError as exc:
        raise GuidedError(
            f"{where}:{exc.lineno or 1}: not valid Python once the stage regions are applied ({exc.msg}); "
            "check the region's indentation"
        ) from None
    except ValueError as exc:  # a NUL byte
        raise GuidedError(f"{where}:1: not valid Python once the stage regions are applied ({exc})") from None
