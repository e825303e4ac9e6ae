"""A guided template's stages: `templates/<name>/stages.yaml`, validated, and its Markdown.

STAGES.md in a generated project and `aieng check --explain N` are both made by
`stage_markdown` from the same records (kept in the project's .aieng-project.json), so they
cannot disagree.
"""

# No `from __future__ import annotations`: msgspec evaluates the Struct annotations itself.

import textwrap
from pathlib import Path
from typing import Annotated

import msgspec
from msgspec import Meta

from .errors import FileReadError, ScaffoldError
from .files import read_text_file

STAGES_FILE = "stages.yaml"
MAX_STAGES = 20
Line = Annotated[str, Meta(min_length=1, max_length=2000)]
LABELS = {"rag-platform": "RAG platform", "ai-agent": "AI agent", "ai-saas": "AI SaaS"}


def project_label(template: str) -> str:
    """What a project made from `template` is called in plans and progress lines."""
    return LABELS.get(template, template.replace("-", " ").replace("_", " ").capitalize())


class Stage(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """One stage: what to build, why, how it is judged, and hints."""

    title: Annotated[str, Meta(min_length=3, max_length=80, pattern=r'^[^"\\\r\n]+$')]
    build: Annotated[str, Meta(min_length=1, max_length=4000)]
    why: Annotated[str, Meta(min_length=1, max_length=4000)]
    criteria: Annotated[list[Line], Meta(min_length=1, max_length=20)]
    hints: Annotated[list[Line], Meta(max_length=20)] = []
    topics: list[Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9-]{0,80}$")]] = []  # roadmap topic ids it uses
    # Template values the stage needs (e.g. {"multi_agent": "yes"}): without them it does not exist.
    when: dict[Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_]{0,80}$")], Annotated[str, Meta(max_length=200)]] = {}

    def applies(self, values: dict) -> bool:
        return all(str(values.get(name)) == wanted for name, wanted in self.when.items())


class StagesFile(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    stages: Annotated[list[Stage], Meta(min_length=1, max_length=MAX_STAGES)]


def stages_path(template_path: Path) -> Path:
    return template_path / STAGES_FILE


def is_guided(template_path: Path) -> bool:
    """Whether the template has stages (a stages.yaml beside its cookiecutter.json)."""
    return stages_path(template_path).is_file()


def load_stages(template_path: Path, render=None, values: dict | None = None) -> list[Stage]:
    """The template's stages; `render(text) -> text` fills in template values (package names).

    With `values` (the project's template values), only the stages whose `when` they meet. Such
    stages come last, so a stage's number is the same in every rendering that has it.
    """
    import yaml

    path = stages_path(template_path)
    try:
        text = read_text_file(path, max_bytes=256 * 1024, what="stages file")
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        if render is not None:
            data = _render_strings(data, render)
        stages = msgspec.convert(data, type=StagesFile).stages
    except (yaml.YAMLError, ValueError, msgspec.ValidationError, FileReadError) as exc:
        raise ScaffoldError(f"{path}: invalid stages ({_first_line(exc)})") from None
    titles = [s.title for s in stages]
    if len(set(titles)) != len(titles):
        raise ScaffoldError(f"{path}: two stages have the same title")
    if any(s.when for s in stages[: len(stages) - _trailing_conditional(stages)]):
        raise ScaffoldError(f"{path}: stages with `when` must come after every other stage")
    if values is not None:
        kept = [s.applies(values) for s in stages]
        if any(later and not earlier for earlier, later in zip(kept, kept[1:], strict=False)):
            raise ScaffoldError(f"{path}: a stage with `when` is left out before one that stays; numbers would shift")
        stages = [s for s, keep in zip(stages, kept, strict=True) if keep]
    return stages


def _trailing_conditional(stages: list[Stage]) -> int:
    count = 0
    for stage in reversed(stages):
        if not stage.when:
            break
        count += 1
    return count


class StageOutline(msgspec.Struct, frozen=True):
    """What the plan needs of a stage: its title, the topics it uses, whether every project has it."""

    title: str
    topics: list[str] = []
    conditional: bool = False


def stage_outline(template_path: Path) -> list[StageOutline]:
    """The template's stages for the plan; [] without (valid) stages.

    Cached by the stages file's checksum: `plan`, `status` and `today` start quickly and must
    not parse YAML (~45 ms) on every run.
    """
    import zlib

    from . import __version__
    from .files import read_regular_file, write_cache_file
    from .paths import cache_dir

    path = stages_path(template_path)
    try:
        raw = read_regular_file(path, max_bytes=256 * 1024, what="stages file")
    except FileReadError:
        return []
    cache = cache_dir() / f"stages-{__version__}-{zlib.crc32(raw):08x}{len(raw):x}.json"
    try:
        return msgspec.json.decode(cache.read_bytes(), type=list[StageOutline])
    except (OSError, msgspec.DecodeError):
        pass
    try:
        outline = [StageOutline(s.title, list(s.topics), bool(s.when)) for s in load_stages(template_path)]
    except ScaffoldError:
        return []  # a broken stages file: the plan shows the project as one milestone
    write_cache_file(cache, msgspec.json.encode(outline))
    return outline


def titles(stages: list[Stage]) -> dict[int, str]:
    return {number: stage.title for number, stage in enumerate(stages, start=1)}


def stage_markdown(number: int, stage: Stage) -> str:
    """One stage's section of STAGES.md (and what `aieng check --explain N` prints)."""
    parts = [f"## Stage {number}: {stage.title}", "", "**What to build.** " + stage.build.strip(), ""]
    parts += ["**Why.** " + stage.why.strip(), "", f"**Done when** (`aieng check --stage {number}` passes):"]
    parts += [f"- {item.strip()}" for item in stage.criteria]
    if stage.hints:
        parts += ["", "**Hints.**"]
        parts += [f"- {hint.strip()}" for hint in stage.hints]
    return "\n".join(parts) + "\n"


def stages_document(project_name: str, stages: list[Stage], guided: bool) -> str:
    """The whole STAGES.md."""
    if guided:
        intro = (
            "This project is guided: the core of each stage is a stub for you to write. The rest "
            "of the project works already. Build the stages in order; `aieng check` runs each "
            "stage's tests and records what passes, `aieng check --watch` re-runs them on every save, "
            "and `aieng check --explain N` prints a stage's section below."
        )
    else:
        intro = (
            "This project is complete: it is the reference solution of the guided project "
            "(`aieng new --guided`). `aieng check` runs each stage's tests."
        )
    intro = textwrap.fill(intro, width=96)
    sections = [stage_markdown(n, s) for n, s in enumerate(stages, start=1)]
    overview = [f"{n}. {s.title}" for n, s in enumerate(stages, start=1)]
    return "\n".join([f"# {project_name}: stages", "", intro, "", *overview, "", *sections])


def _render_strings(data, render):
    if isinstance(data, str):
        return render(data)
    if isinstance(data, list):
        return [_render_strings(item, render) for item in data]
    if isinstance(data, dict):
        return {key: _render_strings(value, render) for key, value in data.items()}
    return data


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:200]
