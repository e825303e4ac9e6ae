"""The /dashboard page: evaluation runs over time as an inline SVG chart (works offline, no JS)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from .evaluation import EvalRun

_PACKAGE = __package__.rsplit(".", 1)[0] if __package__ else "{{ cookiecutter.package_name }}"

WIDTH, HEIGHT, PAD = 720, 260, 40
SERIES = (
    ("recall_at_k", "recall@k", "#2563eb"),
    ("mrr", "MRR", "#16a34a"),
    ("fact_recall", "fact recall", "#9333ea"),
    ("faithfulness", "faithfulness", "#ea580c"),
    ("recall_at_k_distractors", "recall@k with distractors", "#0891b2"),
    ("mrr_distractors", "MRR with distractors", "#65a30d"),
    ("abstention", "abstention", "#db2777"),
)


@dataclass(frozen=True)
class Series:
    label: str
    color: str
    points: list[tuple[float, float, str]]
    """(x, y, tooltip) in SVG coordinates."""

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in self.points)


def run_x(index: int, count: int) -> float:
    """x of the index-th run: spread evenly across the plot, centred when there is one."""
    if count < 2:
        return WIDTH / 2
    return PAD + index * (WIDTH - 2 * PAD) / (count - 1)


def chart_series(runs: Sequence[EvalRun]) -> list[Series]:
    """Each metric as SVG points: x spreads the runs evenly, y maps 0..1 to the plot height."""
    # aieng:stage 7 begin
    out = []
    for attr, label, color in SERIES:
        points = []
        for i, run in enumerate(runs):
            value = getattr(run, attr)
            if value is None:
                continue
            x = run_x(i, len(runs))
            y = HEIGHT - PAD - value * (HEIGHT - 2 * PAD)
            points.append((x, y, f"run {run.id} {run.started_at}: {label} {value:.3f}"))
        if points:
            out.append(Series(label, color, points))
    return out
    # aieng:stage 7 stub
    # One Series per entry of SERIES (attribute, label, colour) that has a value in any run:
    # a point per run with a value (None: no point), x from `run_x`, y = HEIGHT - PAD -
    # value * (HEIGHT - 2 * PAD), tooltip "run {id} {started_at}: {label} {value:.3f}".
    # Return the Series(label, colour, points) in the order of SERIES.
    raise NotImplementedError("stage 7: turn the runs' metrics into chart points")
    # aieng:stage 7 end


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader(_PACKAGE, "templates"), autoescape=select_autoescape(["html"])
    )


def render_dashboard(title: str, runs: Sequence[EvalRun], embedder: str, chunks: int) -> str:
    grid = [(v, HEIGHT - PAD - v * (HEIGHT - 2 * PAD)) for v in (0, 0.25, 0.5, 0.75, 1.0)]
    return (
        _environment()
        .get_template("dashboard.html")
        .render(
            title=title,
            runs=list(runs),
            latest=runs[-1] if runs else None,
            series=chart_series(runs),
            x_labels=[(run_x(i, len(runs)), f"#{run.id}") for i, run in enumerate(runs)],
            grid=grid,
            width=WIDTH,
            height=HEIGHT,
            pad=PAD,
            embedder=embedder,
            chunks=chunks,
        )
    )
