"""The loop: post-conditions, concurrent tool calls, deadlines, token budgets and context trimming."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fake_ollama import FakeOllama, plan, say
from scripted import ScriptedModel, calls, plan_reply

from {{ cookiecutter.package_name }}.llm import Reply
from {{ cookiecutter.package_name }}.loop.budget import Budget
from {{ cookiecutter.package_name }}.loop.context import fit
from {{ cookiecutter.package_name }}.loop.planner import Step
from {{ cookiecutter.package_name }}.loop.step import StepExecutor, unmet
from {{ cookiecutter.package_name }}.observe.trace import Emitter, read_trace
from {{ cookiecutter.package_name }}.runtime import build_model, build_runtime, run_goal
from {{ cookiecutter.package_name }}.settings import Settings
from {{ cookiecutter.package_name }}.tools import ToolRegistry, tool
from {{ cookiecutter.package_name }}.tools.approval import Approval
from {{ cookiecutter.package_name }}.tools.calculator import calculator
from {{ cookiecutter.package_name }}.tools.runner import ToolRunner


def allow(name: str, arguments: dict) -> bool:
    return True


def run(tmp_path: Path, model: ScriptedModel, tools: tuple = (), **overrides: Any) -> tuple[Any, list, Any]:
    settings = Settings(home=tmp_path / "home", **overrides)
    runtime = build_runtime(settings, model, extra_tools=tools)
    events: list = []
    result, _trace = run_goal(runtime, "goal", confirm=allow, sinks=[events.append])
    return result, events, runtime


WRITE_STEP = {"description": "Write the report", "tool": "write_file", "creates": "report.md"}


def execute(model: ScriptedModel, step: Step, **knobs: Any) -> tuple[Any, list]:
    """One step through a StepExecutor alone: no planner, no metering, events in a list."""
    events: list = []
    emitter = Emitter([events.append])

    @tool(dangerous=True)
    def delete_everything() -> str:
        """Never allowed here: nobody can confirm it."""
        return "deleted"

    registry = ToolRegistry([tool(calculator), delete_everything])
    runner = ToolRunner(registry, Budget(), emitter, Approval())
    outcome = StepExecutor(model, runner, emitter, **knobs).run(1, step, "You are a test agent.", [])
    return outcome, events


@pytest.mark.stage(2)
def test_a_tool_error_goes_back_to_the_model_which_fixes_its_call() -> None:
    model = ScriptedModel(
        [],
        [calls(("calculator", {"expr": "6 * 7"})), calls(("calculator", {"expression": "6 * 7"})), Reply("It is 42.")],
    )
    outcome, events = execute(model, Step(description="Compute 6 * 7", tool="calculator"))
    assert outcome.ok and outcome.result == "It is 42." and outcome.tools_used == ["calculator"]
    # the second turn saw the failed call and the error, as a tool message with the expected arguments
    assistant, error = model.seen[1][-2], model.seen[1][-1]
    assert assistant["tool_calls"] == [{"function": {"name": "calculator", "arguments": {"expr": "6 * 7"}}}]
    assert error["role"] == "tool"
    assert error["content"].startswith("ERROR from calculator: calculator: invalid arguments")
    assert "Expected: expression (string, required)" in error["content"]
    assert model.seen[2][-1]["content"] == '<tool_output tool="calculator">\n42\n</tool_output>'
    turn = ["model", "tool_call", "tool_result"]
    assert [e["event"] for e in events] == [*turn, "retry", *turn, "model"]


@pytest.mark.stage(2)
def test_retries_are_bounded_and_a_refused_call_ends_the_step() -> None:
    model = ScriptedModel()
    model.default = calls(("calculator", {"expression": "1 / 0"}))
    outcome, events = execute(model, Step(description="Divide"), max_retries=2)
    assert not outcome.ok and "division by zero" in outcome.error
    assert len(model.seen) == 3 and [e["event"] for e in events].count("retry") == 2
    model = ScriptedModel([], [calls(("delete_everything", {}))])
    outcome, _ = execute(model, Step(description="Clean up"))
    assert not outcome.ok and "needs confirmation" in outcome.error and len(model.seen) == 1


@pytest.mark.stage(2)
def test_a_step_that_claims_success_is_nudged_until_its_post_condition_holds() -> None:
    turns = [Reply("Done, it is 4."), calls(("calculator", {"expression": "2+2"})), Reply("It is 4.")]
    model = ScriptedModel([], turns)
    outcome, events = execute(model, Step(description="Add", tool="calculator"))
    assert outcome.ok and [e["event"] for e in events].count("retry") == 1
    assert "not done yet: the step expects a successful `calculator` call" in model.seen[1][-1]["content"]
    assert "done only after a successful call of the `calculator` tool" in model.seen[0][-1]["content"]
    model = ScriptedModel()
    model.default = Reply("I did it.")
    outcome, _ = execute(model, Step(description="Add", tool="calculator"), max_retries=1, max_turns=5)
    assert not outcome.ok and outcome.error.startswith("step not done: the step expects") and len(model.seen) == 2
    model.default = calls(("calculator", {"expression": "1+1"}))
    outcome, _ = execute(model, Step(description="Loop"), max_turns=3)
    assert not outcome.ok and outcome.error == "no result after 3 model turns"


@pytest.mark.stage(2)
def test_unmet_names_the_missing_tool_call_or_file() -> None:
    step = Step(description="Save", tool="write_file", creates="a.txt")
    assert unmet(step, [], None) == "the step expects a successful `write_file` call and there was none"
    assert unmet(step, ["write_file"], lambda path: False) == "the step must create 'a.txt' and it does not exist"
    assert unmet(step, ["write_file"], lambda path: path == "a.txt") == ""
    assert unmet(step, ["write_file"], None) == ""  # nobody can look: the tool call is enough


@pytest.mark.stage(5)
def test_a_step_that_only_claims_success_is_not_done(tmp_path: Path) -> None:
    model = ScriptedModel([plan_reply(WRITE_STEP)], [Reply("I saved the report.")])
    model.default = Reply("I saved the report, really.")
    result, events, runtime = run(tmp_path, model, max_replans=0)
    assert result.status == "failed" and not (runtime.workspace.root / "report.md").exists()
    assert "expects a successful `write_file` call" in result.reason
    nudges = [m[-1]["content"] for m in model.seen if m[-1]["role"] == "user" and "not done yet" in m[-1]["content"]]
    assert len(nudges) == 2  # max_retries=2 nudges, then the step fails
    # the executor was told what done means
    assert "done only after a successful call of the `write_file` tool" in model.seen[1][-1]["content"]
    assert "'report.md' exists" in model.seen[1][-1]["content"]


@pytest.mark.stage(5)
def test_a_nudged_step_that_then_does_the_work_is_done(tmp_path: Path) -> None:
    model = ScriptedModel(
        [plan_reply(WRITE_STEP)],
        [
            Reply("I saved the report."),
            calls(("write_file", {"path": "report.md", "content": "# Report"})),
            Reply("Saved report.md."),
        ],
    )
    result, events, runtime = run(tmp_path, model)
    assert result.ok and (runtime.workspace.root / "report.md").read_text() == "# Report"
    assert [e["event"] for e in events].count("retry") == 1


@pytest.mark.stage(5)
def test_a_step_whose_file_is_missing_is_not_done(tmp_path: Path) -> None:
    model = ScriptedModel(
        [plan_reply(WRITE_STEP)],
        [calls(("write_file", {"path": "other.md", "content": "x"})), Reply("Done.")],
    )
    model.default = Reply("Done.")
    result, _, _ = run(tmp_path, model, max_replans=0)
    assert result.status == "failed" and "must create 'report.md'" in result.reason


@pytest.mark.stage(5)
def test_independent_tool_calls_run_concurrently_and_report_in_call_order(tmp_path: Path) -> None:
    barrier = threading.Barrier(3, timeout=5)

    @tool
    def meet(label: str) -> str:
        """Wait until three calls are running at once."""
        barrier.wait()  # only passes if the three calls really run at the same time
        time.sleep(0.05 if label == "a" else 0)  # "a" finishes last, yet comes back first
        return f"met {label}"

    turn = calls(("meet", {"label": "a"}), ("meet", {"label": "b"}), ("meet", {"label": "c"}))
    model = ScriptedModel([plan_reply({"description": "meet", "tool": "meet"})], [turn, Reply("all met")])
    result, events, _ = run(tmp_path, model, (meet,))
    assert result.ok
    outputs = [e["output"] for e in events if e["event"] == "tool_result"]
    assert outputs == ["met a", "met b", "met c"]
    tool_messages = [m["content"] for m in model.seen[2] if m["role"] == "tool"]
    assert [m.split("\n")[1] for m in tool_messages] == ["met a", "met b", "met c"]


@pytest.mark.stage(5)
def test_concurrency_is_bounded(tmp_path: Path) -> None:
    running, peak = 0, 0
    lock = threading.Lock()

    @tool
    def busy(n: int) -> str:
        """Count how many calls run at once."""
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return str(n)

    turn = calls(*(("busy", {"n": i}) for i in range(6)))
    model = ScriptedModel([plan_reply({"description": "work", "tool": "busy"})], [turn, Reply("ok")])
    result, events, _ = run(tmp_path, model, (busy,), tool_concurrency=2)
    assert result.ok and 1 <= peak <= 2
    assert [e["output"] for e in events if e["event"] == "tool_result"] == [str(i) for i in range(6)]


@pytest.mark.stage(5)
def test_every_tool_call_has_a_deadline(tmp_path: Path) -> None:
    @tool
    def stuck() -> str:
        """Never finishes in time."""
        time.sleep(3)
        return "late"

    model = ScriptedModel([plan_reply({"description": "wait", "tool": None})], [calls(("stuck", {})), Reply("gave up")])
    result, events, _ = run(tmp_path, model, (stuck,), tool_timeout=0.2)
    failed = next(e for e in events if e["event"] == "tool_result")
    assert not failed["ok"] and "timed out after 0.2s" in failed["error"]
    assert result.ok and result.answer == "gave up"  # the model was told and finished another way


@pytest.mark.stage(5)
def test_the_run_budget_binds_during_a_slow_tool(tmp_path: Path) -> None:
    @tool
    def slow() -> str:
        """Takes longer than the whole run may."""
        time.sleep(5)
        return "late"

    model = ScriptedModel([plan_reply({"description": "wait", "tool": None})], [calls(("slow", {}))])
    started = time.monotonic()
    result, events, _ = run(tmp_path, model, (slow,), max_seconds=0.5)
    assert result.status == "budget_exceeded" and "wall-time budget of 0.5s" in result.reason
    assert time.monotonic() - started < 4  # stopped at its budget, not when the tool finished
    assert events[-1]["event"] == "run_end"


@pytest.mark.stage(5)
def test_the_token_budget_is_checked_before_each_model_call(tmp_path: Path) -> None:
    model = ScriptedModel([plan_reply({"description": "a"}, {"description": "b"}, {"description": "c"})])
    result, events, _ = run(tmp_path, model, max_tokens=40)  # each scripted call costs 15 tokens
    assert result.status == "budget_exceeded" and result.reason == "token budget of 40 used up"
    assert result.usage["tokens"] == 45 and len(model.seen) == 3
    calls_ = [e for e in events if e["event"] == "model_call"]
    assert all(e["prompt_tokens"] == 10 and e["completion_tokens"] == 5 for e in calls_)


@pytest.mark.stage(6)
def test_model_calls_are_traced_with_tokens_latency_and_a_prompt_hash(settings: Settings, ollama: FakeOllama) -> None:
    runtime = build_runtime(settings, build_model(settings))
    ollama.queue(plan("Say hi"), say("hi"))
    result, trace = run_goal(runtime, "greet", confirm=allow)
    model_calls = [e for e in read_trace(trace) if e["event"] == "model_call"]
    bodies = ollama.bodies("/api/chat")
    assert [e["kind"] for e in model_calls] == ["json", "chat"]
    for event, body in zip(model_calls, bodies, strict=True):
        assert event["prompt_tokens"] == len(__import__("json").dumps(body["messages"])) // 4  # the model's count
        assert len(event["prompt_hash"]) == 16 and event["latency_ms"] >= 0 and not event["estimated"]
        assert event["num_ctx"] == body["options"]["num_ctx"]
    assert result.usage["tokens"] == sum(e["prompt_tokens"] + e["completion_tokens"] for e in model_calls)


def test_fit_drops_oldest_history_then_shortens_old_tool_output() -> None:
    history = [{"role": "user", "content": f"old {i} " + "h" * 3000} for i in range(4)]
    current = [
        {"role": "user", "content": "Do this step now: x"},
        {"role": "tool", "content": "t" * 9000},
        {"role": "tool", "content": "newest " + "n" * 3000},
    ]
    messages = [{"role": "system", "content": "sys"}, *history, *current]
    fitted, trim = fit(messages, None, limit=4096, keep_from=5)
    assert trim is not None and trim.dropped == 4 and trim.shortened == 1
    assert fitted[0]["content"] == "sys" and fitted[1]["content"] == "Do this step now: x"
    assert fitted[2]["content"].endswith("[trimmed to fit the context window]")
    assert fitted[3] == current[2] and trim.tokens_after < trim.tokens_before
    assert fit(messages[:2], None, 4096, 1) == (messages[:2], None)


@pytest.mark.stage(6)
def test_history_is_trimmed_with_a_trace_event(settings: Settings, ollama: FakeOllama) -> None:
    s = settings.model_copy(update={"max_context": 4096, "memory_budget_chars": 100_000})
    runtime = build_runtime(s, build_model(s))
    long = " ".join(["word"] * 1200)
    ollama.queue(plan("one", "two", "three"), say(f"first {long}"), say(f"second {long}"), say("third"), say("end"))
    result, trace = run_goal(runtime, "three long steps", confirm=allow)
    assert result.ok
    trimmed = [e for e in read_trace(trace) if e["event"] == "context_trimmed"]
    assert trimmed and trimmed[0]["dropped"] >= 1
    assert all(b["options"]["num_ctx"] <= 4096 for b in ollama.bodies("/api/chat"))
