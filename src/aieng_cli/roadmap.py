"""The roadmap: typed models for roadmap.yaml and a loader that reports problems by YAML path.

Parsing thousands of YAML lines is slow in pure Python, so the loader uses libyaml when
present and caches the validated roadmap as JSON keyed by the file's hash.
"""

# No `from __future__ import annotations` here: msgspec would have to evaluate every string
# annotation of these Structs on first use, ~3 ms of every start.

import difflib
import os
import re
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from . import __version__
from .errors import FileReadError, RoadmapError
from .files import read_regular_file, write_cache_file

# msgspec rather than pydantic: it imports in ~5 ms instead of ~100 ms (import plus model
# building), which is most of what `aieng plan`/`status` would otherwise spend starting up.
Slug = Annotated[str, Meta(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, Meta(min_length=1)]
Url = Annotated[str, Meta(pattern=r"^https?://\S+$")]


class _Model(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    pass


class Phase(_Model):
    id: Slug
    title: Text
    months: Text
    summary: Text


class Track(_Model):
    id: Slug
    title: Text
    tagline: Text
    for_whom: Annotated[list[Text], Meta(min_length=1)]
    focus: Annotated[list[Text], Meta(min_length=1)]
    outcomes: Annotated[list[Text], Meta(min_length=1)]
    topics: Annotated[list[Slug], Meta(min_length=1)]
    optional: list[Slug] = []
    """Topics its lessons point to that the learner may study on the side: listed, not planned."""


class Resource(_Model):
    title: Text
    url: Url


class ShortQuestion(_Model, tag_field="kind", tag="short"):
    """Answered in the learner's words; graded against `answer` and `key_points`."""

    id: Slug
    prompt: Text
    answer: Text
    key_points: Annotated[list[Text], Meta(min_length=2, max_length=5)]

    @property
    def kind(self) -> str:
        return "short"


class ChoiceQuestion(_Model, tag_field="kind", tag="choice"):
    """Multiple choice; `answer` is the index of the right choice."""

    id: Slug
    prompt: Text
    choices: Annotated[list[Text], Meta(min_length=2, max_length=6)]
    answer: int
    explanation: Text

    @property
    def kind(self) -> str:
        return "choice"

    def __post_init__(self) -> None:
        if not 0 <= self.answer < len(self.choices):
            raise ValueError(f"answer {self.answer} is not an index of the {len(self.choices)} choices")


Question = ShortQuestion | ChoiceQuestion


class Topic(_Model):
    id: Slug
    title: Text
    phase: Slug
    hours: Annotated[float, Meta(gt=0, le=200)]
    summary: Text
    objectives: Annotated[list[Text], Meta(min_length=3, max_length=6)]
    covers: list[Text] = []
    lesson: str = ""
    resources: list[Resource] = []
    questions: list[Question] = []

    def __post_init__(self) -> None:
        for question in self.questions:
            if not question.id.startswith(f"{self.id}-"):
                raise ValueError(f"question id {question.id!r} must start with {self.id + '-'!r}")


class Roadmap(_Model):
    version: Literal[1]
    phases: Annotated[list[Phase], Meta(min_length=1)]
    tracks: Annotated[list[Track], Meta(min_length=1)]
    topics: Annotated[list[Topic], Meta(min_length=1)]

    def __post_init__(self) -> None:
        _unique("phase", (p.id for p in self.phases))
        _unique("track", (t.id for t in self.tracks))
        _unique("topic", (t.id for t in self.topics))
        _unique("question", (q.id for t in self.topics for q in t.questions))
        phases = {p.id for p in self.phases}
        topics = {t.id for t in self.topics}
        for topic in self.topics:
            if topic.phase not in phases:
                raise ValueError(f"topic {topic.id!r} names unknown phase {topic.phase!r}")
        for track in self.tracks:
            _unique(f"topic in track {track.id!r}", track.topics)
            unknown = [t for t in track.topics if t not in topics]
            if unknown:
                raise ValueError(f"track {track.id!r} names unknown topics: {', '.join(unknown)}")
            unknown = [t for t in track.optional if t not in topics]
            if unknown:
                raise ValueError(f"track {track.id!r} names unknown optional topics: {', '.join(unknown)}")
            both = sorted(set(track.optional) & set(track.topics))
            if both:
                raise ValueError(f"track {track.id!r} lists {', '.join(both)} as both planned and optional")

    # Look-ups ---------------------------------------------------------------

    # Ids are lower-case slugs: `RAG` and `rag` name the same topic wherever a learner types one.

    def topic(self, topic_id: str) -> Topic:
        wanted = topic_id.lower()
        for topic in self.topics:
            if topic.id == wanted:
                return topic
        raise RoadmapError(_unknown("topic", topic_id, [t.id for t in self.topics]))

    def track(self, track_id: str) -> Track:
        wanted = track_id.lower()
        for track in self.tracks:
            if track.id == wanted:
                return track
        raise RoadmapError(_unknown("track", track_id, [t.id for t in self.tracks]))

    def phase(self, phase_id: str) -> Phase:
        return next(p for p in self.phases if p.id == phase_id)

    def has_topic(self, topic_id: str) -> bool:
        return any(t.id == topic_id.lower() for t in self.topics)

    def track_topics(self, track_id: str) -> list[Topic]:
        """The track's topics in study order."""
        by_id = {t.id: t for t in self.topics}
        return [by_id[t] for t in self.track(track_id).topics]


def _unique(what: str, ids: Iterable[str]) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"duplicate {what} id {item!r}")
        seen.add(item)


def _unknown(what: str, value: str, known: list[str]) -> str:
    """One line: the ids that start with or contain what was typed, else the closest spellings,
    else the known ids (all of them when few, else the first ones and how many more)."""
    typed = value.lower()
    close = [k for k in known if k.startswith(typed)] or [k for k in known if typed and typed in k]
    close = close[:3] or difflib.get_close_matches(typed, known, n=3, cutoff=0.5)
    if close:
        hint = f"; did you mean {' or '.join(close)}?"
    elif len(known) <= 8:
        hint = f"; known: {', '.join(known)}"
    else:
        hint = f"; known: {', '.join(known[:8])} and {len(known) - 8} more"
    return f"unknown {what} {value!r}{hint}"


# Loading -------------------------------------------------------------------


def default_roadmap_path() -> Path:
    """`AIENG_ROADMAP` if set, else the roadmap shipped with aieng."""
    override = os.environ.get("AIENG_ROADMAP")
    if override:
        return Path(override).expanduser()
    from .resources import roadmap_path

    return roadmap_path()


def load_roadmap(path: Path | None = None, *, use_cache: bool = True, index_only: bool = False) -> Roadmap:
    """Load and validate a roadmap file; raise RoadmapError naming file, YAML path and problem.

    `index_only` leaves out lessons, question banks and resources (nine tenths of the file):
    enough for plan, status and mark, and ~2 ms quicker to load from the cache.
    """
    path = path or default_roadmap_path()
    raw = _read(path, MAX_ROADMAP_BYTES, "roadmap")
    full_cache = _cache_file(raw) if use_cache else None
    wanted = full_cache.with_suffix(".index.json") if full_cache and index_only else full_cache
    if wanted is not None:
        try:
            return msgspec.json.decode(_read(wanted, 4 * MAX_ROADMAP_BYTES, "roadmap cache"), type=Roadmap)
        except (RoadmapError, msgspec.DecodeError):
            pass  # no cache yet, or a corrupt one: rebuild it below
    roadmap = parse_roadmap(raw, path)
    index = _index(roadmap)
    if full_cache is not None:
        _write_cache(full_cache, roadmap)
        _write_cache(full_cache.with_suffix(".index.json"), index)
    return index if index_only else roadmap


def _index(roadmap: Roadmap) -> Roadmap:
    replace = msgspec.structs.replace
    return replace(roadmap, topics=[replace(t, lesson="", questions=[], resources=[]) for t in roadmap.topics])


def parse_roadmap(raw: bytes | str, path: Path | str = "roadmap.yaml") -> Roadmap:
    """Validate roadmap text; any problem is a one-line RoadmapError naming file and YAML path."""
    import yaml

    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            raise RoadmapError(_one_line(f"{path} line {line}: not UTF-8 text")) from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        _check_event_count(yaml.parse(raw, Loader=loader), path)
        data = yaml.load(raw, Loader=loader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or (str(exc).splitlines() or ["unreadable"])[0]
        raise RoadmapError(_one_line(f"{path}{where}: invalid YAML: {problem}")) from None
    except RecursionError:  # the pure-Python loader on deep nesting (libyaml stops at 1000 levels)
        raise RoadmapError(_one_line(f"{path}: invalid YAML: nested too deeply")) from None
    _check_expanded_size(data, path)
    _check_text(data, path)
    try:
        return msgspec.convert(data, type=Roadmap)
    except msgspec.ValidationError as exc:
        raise RoadmapError(_one_line(_describe(path, data, str(exc)))) from None
    except RecursionError:
        raise RoadmapError(_one_line(f"{path}: nested too deeply to be a roadmap")) from None


MAX_ROADMAP_BYTES = 8 * 1024 * 1024  # the shipped roadmap is ~0.7 MB
MAX_ROADMAP_VALUES = 2_000_000  # after YAML aliases are expanded; the shipped one has ~70k
# Building Python objects costs ~10 µs a YAML node: 8 MB of `0,` would take minutes and GBs.
# Counting parser events first (C speed, stops at the limit) bounds that; the shipped has ~11k.
MAX_ROADMAP_EVENTS = 300_000


def _check_event_count(events: Iterable[object], path: Path | str) -> None:
    for count, _ in enumerate(events, 1):
        if count > MAX_ROADMAP_EVENTS:
            raise RoadmapError(_one_line(f"{path}: too many YAML values (over {MAX_ROADMAP_EVENTS:,}) for a roadmap"))


def _read(path: Path, max_bytes: int, what: str) -> bytes:
    try:
        return read_regular_file(path, max_bytes=max_bytes, what=what)
    except FileReadError as exc:
        raise RoadmapError(_one_line(str(exc))) from None


def _check_expanded_size(data: object, path: Path | str) -> None:
    """Refuse alias bombs ("billion laughs") and self-referencing aliases before anything walks
    the data: count the values as if every alias were expanded, without expanding them."""
    sizes: dict[int, int] = {}
    entered: set[int] = set()
    stack: list[tuple[object, bool]] = [(data, False)]
    while stack:
        node, leaving = stack.pop()
        if not isinstance(node, (list, dict)):
            continue
        children = list(node.values()) if isinstance(node, dict) else node
        key = id(node)
        if leaving:
            entered.discard(key)
            size = 1 + sum(sizes.get(id(c), 1) for c in children)
            if size > MAX_ROADMAP_VALUES:
                raise RoadmapError(
                    _one_line(f"{path}: too large once YAML aliases are expanded (over {MAX_ROADMAP_VALUES:,} values)")
                )
            sizes[key] = size
        elif key in entered:
            raise RoadmapError(_one_line(f"{path}: a YAML alias refers to itself"))
        elif key not in sizes:
            entered.add(key)
            stack.append((node, True))
            stack.extend((c, False) for c in children if isinstance(c, (list, dict)))


# Terminal escapes and bidi overrides in roadmap text would reach the learner's terminal as is.
_UNSAFE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _check_text(data: object, path: Path | str) -> None:
    """Refuse control characters (other than tab and newline) anywhere in the roadmap's text."""
    texts: list[str] = []
    stack: list[object] = [data]
    while stack:  # a quick pass: every string, no paths
        node = stack.pop()
        if isinstance(node, str):
            texts.append(node)
        elif isinstance(node, dict):
            stack.extend(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    if _UNSAFE_TEXT.search("\n".join(texts)):
        _report_unsafe_text(data, path)


def _report_unsafe_text(data: object, path: Path | str) -> None:
    stack: list[tuple[object, str]] = [(data, "")]
    while stack:
        node, where = stack.pop()
        if isinstance(node, str):
            bad = _UNSAFE_TEXT.search(node)
            if bad:
                char = repr(bad.group())[1:-1]
                raise RoadmapError(_one_line(f"{path}: {where or '(top level)'}: control character {char} in text"))
        elif isinstance(node, dict):
            for key, value in node.items():
                stack.append((key, where))
                stack.append((value, f"{where}.{key}" if where else str(key)))
        elif isinstance(node, list):
            stack.extend((item, f"{where}[{index}]") for index, item in enumerate(node))


def _one_line(message: str, limit: int = 400) -> str:
    """Errors quote the user's file: keep control characters and newlines out of the terminal."""
    clean = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in message)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def _describe(path: Path | str, data: object, error: str) -> str:
    """msgspec's 'problem - at `$.topics[1].hours`' as 'file: topics[1].hours (id apis): problem'."""
    problem, _, where = error.rpartition(" - at ")
    if not problem:
        problem, where = error, "`$`"
    yaml_path = where.strip("`").removeprefix("$").removeprefix(".")
    return f"{path}: {yaml_path or '(top level)'}{_item_label(data, yaml_path)}: {problem}"


def _item_label(data: object, yaml_path: str) -> str:
    """' (id rag)' for a path inside topics/tracks/phases, so the user finds the entry by name."""
    match = re.match(r"(topics|tracks|phases)\[(\d+)\]", yaml_path)
    if not match:
        return ""
    try:
        item_id = data[match[1]][int(match[2])].get("id")  # type: ignore[index]
    except (TypeError, KeyError, IndexError, AttributeError):
        return ""
    return f" (id {item_id})" if item_id else ""


def _cache_file(raw: bytes) -> Path | None:
    from .paths import cache_dir

    # crc32 + length is plenty for a cache key and avoids hashlib's ~3 ms OpenSSL import.
    digest = f"{zlib.crc32(raw):08x}{len(raw):x}"
    return cache_dir() / f"roadmap-{__version__}-{digest}.json"


def _write_cache(cache: Path, roadmap: Roadmap) -> None:

    write_cache_file(cache, msgspec.json.encode(roadmap))
