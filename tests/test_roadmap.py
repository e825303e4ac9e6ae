"""roadmap.yaml: the shipped content is complete, and broken files are reported precisely."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from aieng_cli.errors import RoadmapError
from aieng_cli.progress import Progress, ProgressStore, Review, default_store
from aieng_cli.resources import roadmap_path
from aieng_cli.roadmap import load_roadmap, parse_roadmap

from .conftest import MINI_ROADMAP

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
PHASES = ["fundamentals", "math", "ml", "deep-learning", "llms", "agents", "llmops", "portfolio"]
TRACKS = ["ai-developer", "generative-ai", "llm-mastery", "aiops"]


@pytest.fixture(scope="module")
def shipped():
    return load_roadmap(roadmap_path(), use_cache=False)


def test_shipped_roadmap_has_the_eight_phases_and_four_tracks(shipped):
    assert [p.id for p in shipped.phases] == PHASES
    assert [t.id for t in shipped.tracks] == TRACKS
    for track in shipped.tracks:
        assert len(track.topics) >= 15 and track.for_whom and track.outcomes and track.focus


def test_every_topic_is_in_some_track_and_has_objectives(shipped):
    in_tracks = {t for track in shipped.tracks for t in track.topics}
    assert {t.id for t in shipped.topics} == in_tracks
    for topic in shipped.topics:
        assert 3 <= len(topic.objectives) <= 6 and topic.summary.strip() and topic.hours > 0


def _coverage_lines() -> list[str]:
    text = (SEEDS / "coverage.txt").read_text()
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@pytest.mark.skipif(not (SEEDS / "coverage.txt").exists(), reason="shared/seeds is not beside the repo")
def test_every_coverage_line_is_covered(shipped):
    covered = {line for topic in shipped.topics for line in topic.covers}
    missing = [line for line in _coverage_lines() if line not in covered]
    assert not missing, missing
    unknown = covered - set(_coverage_lines())
    assert not unknown, f"covers lines not in coverage.txt: {unknown}"


def _mini_data() -> dict:
    return yaml.safe_load(MINI_ROADMAP.read_text())


@pytest.mark.parametrize(
    ("edit", "where", "problem"),
    [
        (lambda d: d["topics"][1].update(hours="lots"), "topics[1].hours (id apis)", "Expected `float`, got `str`"),
        (lambda d: d["topics"][0].update(colour="red"), "topics[0] (id python)", "unknown field `colour`"),
        (lambda d: d["topics"][0]["questions"][1].update(answer=7), "topics[0].questions[1]", "not an index"),
        (
            lambda d: d["topics"][0]["questions"][0].pop("key_points"),
            "topics[0].questions[0] (id python)",
            "missing required field `key_points`",
        ),
        (
            lambda d: d["topics"][0]["questions"][1].pop("choices"),
            "topics[0].questions[1] (id python)",
            "missing required field `choices`",
        ),
        (lambda d: d["tracks"][0]["topics"].append("ghost"), "(top level)", "unknown topics: ghost"),
        (lambda d: d["topics"][2].update(phase="nowhere"), "(top level)", "unknown phase"),
        (lambda d: d["topics"][3].update(id="python"), "(top level)", "duplicate topic id"),
    ],
)
def test_invalid_roadmap_names_file_path_and_problem(edit, where, problem):
    data = _mini_data()
    edit(data)
    with pytest.raises(RoadmapError) as info:
        parse_roadmap(yaml.safe_dump(data), "my-roadmap.yaml")
    message = str(info.value)
    assert message.startswith(f"my-roadmap.yaml: {where}") and problem in message, message


def test_yaml_syntax_error_names_line(tmp_path, cli):
    bad = tmp_path / "broken.yaml"
    bad.write_text("version: 1\nphases:\n  - id: x\n   title: y\n")
    result = cli("--roadmap", str(bad), "status")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"aieng: {bad} line 4, column") and "invalid YAML" in result.stderr


def test_cache_is_used_and_never_stale(aieng_home, tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(MINI_ROADMAP.read_text())
    first = load_roadmap(path)
    assert len([p for p in (aieng_home / "cache").glob("roadmap-*.json") if ".index." not in p.name]) == 1
    path.write_text(MINI_ROADMAP.read_text().replace("title: Python\n", "title: Python 3\n"))
    assert load_roadmap(path).topic("python").title == "Python 3" != first.topic("python").title


def test_corrupt_cache_is_rebuilt(aieng_home, tmp_path):
    load_roadmap(MINI_ROADMAP)
    caches = [p for p in (aieng_home / "cache").glob("roadmap-*.json") if ".index." not in p.name]
    assert len(caches) == 1
    caches[0].write_text("{not json")
    assert load_roadmap(MINI_ROADMAP).topic("rag").hours == 12


def test_roadmap_edits_lose_no_progress(tmp_path, monkeypatch, cli):
    """Rename a topic's title, then remove a topic: statuses and reviews stay, shown as retired."""
    store = default_store()
    progress = Progress(track="builder")
    progress.set_status("apis", "done")
    progress.set_status("python", "learning")
    for _ in range(2):
        progress.add_review(Review(topic="apis", question="What is REST?", score=3, rating=3))
    store.save(progress)

    data = _mini_data()
    data["topics"][1]["title"] = "Web APIs in depth"
    renamed = tmp_path / "renamed.yaml"
    renamed.write_text(yaml.safe_dump(data))
    out = cli("--roadmap", str(renamed), "status").output
    assert "1 done" in out and "1 learning" in out
    assert "Web APIs in depth" in cli("--roadmap", str(renamed), "topic", "apis").output

    data["topics"].pop(1)
    data["tracks"][0]["topics"].remove("apis")
    removed = tmp_path / "removed.yaml"
    removed.write_text(yaml.safe_dump(data))
    out = cli("--roadmap", str(removed), "status").output
    assert "Retired topic apis: done, 2 reviews kept" in out
    cli("--roadmap", str(removed), "mark", "python", "done")  # a write with the apis topic gone
    kept = ProgressStore(store.path).load()
    assert kept.status("apis") == "done" and len(kept.reviews) == 2 and kept.status("python") == "done"


def test_index_only_load_keeps_structure_and_drops_teaching_material(aieng_home):
    full = load_roadmap(roadmap_path())
    index = load_roadmap(roadmap_path(), index_only=True)
    assert [(t.id, t.title, t.phase, t.hours) for t in index.topics] == [
        (t.id, t.title, t.phase, t.hours) for t in full.topics
    ]
    assert index.tracks == full.tracks and index.phases == full.phases
    assert all(not t.lesson and not t.questions and not t.resources for t in index.topics)
    caches = sorted(p.name for p in (aieng_home / "cache").iterdir())
    assert len(caches) == 2 and any(name.endswith(".index.json") for name in caches)
    (index_cache,) = (aieng_home / "cache").glob("*.index.json")
    index_cache.write_text("garbage")
    assert load_roadmap(roadmap_path(), index_only=True).topic("rag").title == full.topic("rag").title
