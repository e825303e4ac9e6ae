"""`aieng doctor`: every check a user needs before studying, each with the fix; and
`aieng doctor --grading`: is the learner's model fit to grade answers?"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import AiengError
from .progress import ProgressStore
from .settings import Settings

if TYPE_CHECKING:
    from .tutor.calibration import Agreement, Outcome


@dataclass(frozen=True)
class Check:
    name: str
    level: str  # ok | warn | fail
    detail: str
    fix: str | None = None


def run_checks(roadmap_path: Path | None, store: ProgressStore, settings: Settings) -> list[Check]:
    return [*_ollama(settings), _progress(store), _roadmap(roadmap_path), _templates()]


OFFLINE = "quizzes run offline with the question bank"
START_OLLAMA = "install Ollama from https://ollama.com and start it (ollama serve), or set OLLAMA_HOST"


def _ollama(settings: Settings) -> list[Check]:
    # Without Ollama aieng still works offline: a warning, not a failure.
    if _nothing_listens(settings.host, settings.health_timeout):
        # Said without the Ollama client: importing it costs ~200 ms, most of an offline doctor.
        return [Check("Ollama", "warn", f"not reachable at {settings.host}; {OFFLINE}", START_OLLAMA)]
    from .tutor.llm import ollama_tutor

    health = ollama_tutor(settings.host, settings.model, settings.timeout, settings.health_timeout).health()
    if not health.reachable:
        refused = "not reachable" in (health.problem or "")
        return [
            Check(
                "Ollama",
                "warn",
                f"{_without_name(health.problem or '')}; {OFFLINE}",
                START_OLLAMA if refused else health.hint,
            )
        ]
    found = [Check("Ollama", "ok", f"{settings.host}, version {health.version}")]
    if health.model_present:
        found.append(Check("Model", "ok", f"{settings.model} is pulled"))
    else:
        found.append(Check("Model", "fail", f"{settings.model} is not pulled", f"ollama pull {settings.model}"))
    return found


def _nothing_listens(host: str, timeout: float) -> bool:
    """True when a connection to `host` is refused or cannot be routed; anything else (a
    listener, a slow network, a host we cannot parse) is left to the real health check."""
    import socket
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(host)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return False
    if not parts.hostname:
        return False
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout):
            return False
    except TimeoutError:
        return False
    except OSError:  # refused, unreachable, unknown host
        return True


def _without_name(problem: str) -> str:
    """The line already starts with "Ollama:": "Ollama at H is ..." -> "H is ..."."""
    return problem.removeprefix("Ollama at ").removeprefix("Ollama ")


def _progress(store: ProgressStore) -> Check:
    try:
        progress = store.check()  # the review log too: doctor reports a damaged log, it does not stop on it
        reviews = len(progress.reviews)
    except AiengError as exc:
        return Check("Progress", "fail", str(exc), "aieng progress repair")
    if not store.path.exists():
        return Check("Progress", "ok", f"{store.path} (not created yet)")
    track = progress.track or "no track chosen"
    return Check("Progress", "ok", f"{store.path} · {track} · {reviews} reviews")


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
    """The shipped templates are there (a folder with a cookiecutter.json each); reading them is
    `aieng new`'s job, so doctor stays quick."""
    from .resources import templates_dir

    try:
        root = templates_dir()
        names = sorted(p.name for p in root.iterdir() if (p / "cookiecutter.json").is_file())
    except (AiengError, OSError) as exc:
        return Check("Templates", "fail", str(exc), "reinstall aieng")
    missing = sorted({"rag-platform", "ai-agent", "ai-saas"} - set(names))
    if missing:
        return Check("Templates", "fail", f"missing: {', '.join(missing)}", "reinstall aieng")
    return Check("Templates", "ok", ", ".join(names))


# Is the model fit to grade? ---------------------------------------------------------

# Documented in the README ("How good is the grading?"); on 10 answers, two at each score.
FIT_WITHIN_ONE = 0.8  # at least 8 of 10 grades within one point of the expert's
FIT_SPEARMAN = 0.6  # grades rise with the expert's
FIT_MAX_FAILED = 0.1  # at most 1 of 10 grades fails (invalid output, timeout)


@dataclass(frozen=True)
class GradingFitness:
    model: str
    fit: bool
    verdict: str  # one plain sentence
    advice: str | None = None
    figures: Agreement | None = None


def check_grading(settings: Settings, progress: Callable[[int, int], None] | None = None) -> GradingFitness:
    """Grade the calibration sample with the learner's model, through the quizzes' own path."""
    from .resources import roadmap_path
    from .roadmap import load_roadmap
    from .tutor import calibration
    from .tutor.llm import ollama_tutor

    tutor = ollama_tutor(settings.host, settings.model, settings.timeout, settings.health_timeout)
    health = tutor.health()
    if not health.ok:
        return GradingFitness(settings.model, False, f"cannot check grading: {health.summary}")
    # The calibration answers are to the shipped bank, whatever roadmap the learner studies.
    cases = calibration.cases(load_roadmap(roadmap_path()), calibration.load_calibration())
    sample = calibration.doctor_sample(cases)
    done: list[Outcome] = []

    report = progress or (lambda _done, _total: None)

    def step(outcome: Outcome) -> None:
        done.append(outcome)
        report(len(done), len(sample))

    report(0, len(sample))
    figures = calibration.agreement(calibration.grade_all(tutor, sample, step))
    return judge(settings.model, figures)


def judge(model: str, figures: Agreement) -> GradingFitness:
    """Fit or not by the documented thresholds, in words a learner can act on."""
    close = round((figures.within_one or 0) * figures.graded)
    rho = "n/a (all grades alike)" if figures.spearman is None else f"{figures.spearman:.2f}"
    failed = figures.n - figures.graded
    facts = f"{close} of {figures.n} grades within one point of an expert's, Spearman {rho}, {failed} failed"
    fit = (
        figures.within_one is not None
        and figures.within_one >= FIT_WITHIN_ONE
        and (figures.spearman or 0) >= FIT_SPEARMAN
        and figures.failed_rate <= FIT_MAX_FAILED
    )
    if fit:
        return GradingFitness(model, True, f"{model} is fit to grade ({facts})", figures=figures)
    bigger = larger_model(model)
    advice = (
        f"its grades may mislead you; try a larger model: `ollama pull {bigger}` then "
        f"`aieng config set model {bigger}` (or quiz with --offline and rate yourself)"
    )
    return GradingFitness(model, False, f"{model} is not fit to grade ({facts})", advice, figures)


def larger_model(model: str) -> str:
    """A next step up from `model`: 7B-class from anything smaller, else 14B."""
    size = re.search(r"(\d+(?:\.\d+)?)b\b", model.lower().rsplit(":", 1)[-1])
    return "qwen2.5:14b" if size and float(size.group(1)) >= 7 else "qwen2.5:7b"
