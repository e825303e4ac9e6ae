"""`aieng doctor`: every check a user needs before studying, each with the fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import AiengError
from .progress import ProgressStore
from .settings import Settings


@dataclass(frozen=True)
class Check:
    name: str
    level: str  # ok | warn | fail
    detail: str
    fix: str | None = None


def run_checks(roadmap_path: Path | None, store: ProgressStore, settings: Settings) -> list[Check]:
    return [*_ollama(settings), _progress(store), _roadmap(roadmap_path), _templates()]


def _ollama(settings: Settings) -> list[Check]:
    from .tutor.llm import ollama_tutor

    health = ollama_tutor(settings.host, settings.model, min(settings.timeout, 5.0)).health()
    if not health.reachable:
        # Without Ollama aieng still works offline: a warning, not a failure.
        return [
            Check(
                "Ollama",
                "warn",
                f"{health.problem.removeprefix('Ollama ')}; quizzes run offline with the question bank",
                "install Ollama from https://ollama.com and run `ollama serve`, or set OLLAMA_HOST",
            )
        ]
    found = [Check("Ollama", "ok", f"{settings.host}, version {health.version}")]
    if health.model_present:
        found.append(Check("Model", "ok", f"{settings.model} is pulled"))
    else:
        found.append(Check("Model", "fail", f"{settings.model} is not pulled", f"ollama pull {settings.model}"))
    return found


def _progress(store: ProgressStore) -> Check:
    try:
        progress = store.load()
    except AiengError as exc:
        return Check("Progress", "fail", str(exc), "aieng progress repair")
    if not store.path.exists():
        return Check("Progress", "ok", f"{store.path} (not created yet)")
    track = progress.track or "no track chosen"
    return Check("Progress", "ok", f"{store.path} · {track} · {len(progress.reviews)} reviews")


def _roadmap(path: Path | None) -> Check:
    from .roadmap import default_roadmap_path, load_roadmap

    where = path or default_roadmap_path()
    try:
        roadmap = load_roadmap(path)
    except AiengError as exc:
        return Check("Roadmap", "fail", str(exc), "fix the file, or unset AIENG_ROADMAP / --roadmap")
    questions = sum(len(t.questions) for t in roadmap.topics)
    return Check("Roadmap", "ok", f"{where} · {len(roadmap.topics)} topics, {questions} questions")


def _templates() -> Check:
    from .scaffold import catalogue

    try:
        names = [t.name for t in catalogue()]
    except (AiengError, OSError) as exc:
        return Check("Templates", "fail", str(exc), "reinstall aieng")
    missing = sorted({"rag-platform", "ai-agent", "ai-saas"} - set(names))
    if missing:
        return Check("Templates", "fail", f"missing: {', '.join(missing)}", "reinstall aieng")
    return Check("Templates", "ok", ", ".join(names))
