"""Plain-text rendering for `aieng practice` and its watch loop (keys h, n, q; saves re-run)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from .terminal import bold, echo_wrapped, label_row, style, width

if TYPE_CHECKING:
    from ..practice import Exercise, Prepared
    from ..practice_check import CheckResult
    from ..practice_store import Practice
    from .context import State
    from .practice_keys import KeySource

KEYS_LINE = "Save your file to re-run the tests · h hint · n next exercise (once it passes) · q quit"


def echo_list(index: dict[str, Exercise], practice: Practice, roadmap) -> None:
    passed = practice.passed()
    columns = width()
    id_width = max((len(e) for e in index), default=10)
    topics = [t.id for t in roadmap.topics] + sorted({e.topic for e in index.values()} - {t.id for t in roadmap.topics})
    for topic in topics:
        mine = [e for e in index.values() if e.topic == topic]
        if not mine:
            continue
        typer.echo(bold(topic))
        for exercise in mine:
            mark = style("✓", fg="green") if exercise.id in passed else style("✗", fg="red")
            for line in label_row(f"  {mark} ", exercise.id, exercise.title, id_width, columns):
                typer.echo(line)
    done = sum(1 for e in index if e in passed)
    typer.echo()
    echo_wrapped(f"{done}/{len(index)} exercises pass. Start with aieng practice or aieng practice TOPIC.")


def echo_result(exercise: Exercise, prepared: Prepared, result: CheckResult, verbose: bool = False) -> None:
    for restored in prepared.restored:
        typer.echo(style(f"Restored {restored} from the shipped exercise (the tests are not yours).", fg="yellow"))
    if verbose and result.output:
        typer.echo(result.output.rstrip())
    if result.ok:
        typer.echo(style(f"✓ {exercise.id}: {result.headline} ({result.seconds:.1f} s)", fg="green"))
        return
    typer.echo(style(f"✗ {exercise.id}: {result.headline}", fg="red"))
    for failure in result.failures[1:4]:
        typer.echo(f"  also failing: {failure.test}: {failure.message}")
    if len(result.failures) > 4:
        typer.echo(f"  … and {len(result.failures) - 4} more")


def echo_intro(exercise: Exercise, prepared: Prepared) -> None:
    state = "Copied" if prepared.created else "Opened"
    typer.echo(bold(f"{exercise.title}  [{exercise.id}]"))
    typer.echo(exercise.task().strip())
    typer.echo()
    typer.echo(f"{state} into {prepared.folder}")
    typer.echo(f"Edit: {bold(str(prepared.folder / exercise.file))}")
    typer.echo(KEYS_LINE)


def watch(
    exercise: Exercise,
    base: Path,
    store,
    index: dict[str, Exercise],
    state: State,
    key_source: Callable[[], AbstractContextManager[KeySource]],
    poll: float,
) -> None:
    """Show the task, check now and after every save; h/n/q from the keyboard."""
    try:
        _watch(exercise, base, store, index, state, key_source, poll)
    except KeyboardInterrupt:  # Ctrl+C during a check (the check's process group is already stopped)
        typer.echo("\nBye — your work is saved in your practice folder.")


def _watch(exercise, base, store, index, state, key_source, poll) -> None:
    from .. import practice as core
    from ..practice_watch import Watcher

    prepared = core.start(exercise, base, store)
    echo_intro(exercise, prepared)
    watcher = Watcher(prepared.folder)

    def run() -> CheckResult:
        typer.echo(style(f"… checking {exercise.file}", dim=True))
        done, result = core.run_check(exercise, base, store, after_prepare=watcher.reset)
        echo_result(exercise, done, result)
        return result

    result = run()
    with key_source() as keys:
        while True:
            try:
                key = keys.get(poll)
            except KeyboardInterrupt:
                key = "q"
            if key == "q":
                typer.echo(f"Bye — your work stays in {prepared.folder}")
                return
            if key == "h":
                number, text = core.next_hint(exercise, store)
                typer.echo(style(f"Hint {number}/{len(exercise.hints)}: ", fg="cyan") + text)
            elif key == "n":
                if not result.ok:
                    typer.echo("Not passing yet: make the tests pass first (h for a hint, q to quit).")
                    continue
                passed = store.load().passed()
                upcoming = core.next_exercise(index, _topics(state), passed, after=exercise.id)
                if upcoming is None:
                    typer.echo(style("Every exercise passes — well done!", fg="green"))
                    return
                exercise = upcoming
                prepared = core.start(exercise, base, store)
                typer.echo()
                echo_intro(exercise, prepared)
                watcher = Watcher(prepared.folder)
                result = run()
            elif key in ("c", "r", "\n") or watcher.changed():
                result = run()


def _topics(state: State) -> list[str]:
    from ..practice import study_topics

    return study_topics(state.roadmap_index, state.store.load())
