"""The agent end to end over the loopback Ollama: multi-step goals, re-planning, budgets, memory, traces."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from fake_ollama import FakeOllama, call, plan, say
from rich.console import Console

from {{ cookiecutter.package_name }}.display import replay
from {{ cookiecutter.package_name }}.loop.agent import RunResult
from {{ cookiecutter.package_name }}.observe.trace import read_trace
from {{ cookiecutter.package_name }}.runtime import Runtime, build_model, build_runtime, run_goal
from {{ cookiecutter.package_name }}.settings import Settings


def allow(name: str, arguments: dict) -> bool:
    return True


def run(runtime: Runtime, goal: str, **options: Any) -> tuple[RunResult, list[dict]]:
    """`run_goal` with its events as they were emitted (the trace file itself: test_trace_replays)."""
    events: list[dict] = []
    result, _trace = run_goal(runtime, goal, sinks=[events.append], **options)
    return result, events


def kinds(events: list[dict]) -> list[str]:
    return [e["event"] for e in events]


def tool_calls(events: list[dict]) -> list[str]:
    return [e["name"] for e in events if e["event"] == "tool_call"]


@pytest.mark.stage(5)
def test_multi_step_goal_uses_several_tools(runtime: Runtime, ollama: FakeOllama) -> None:
    ollama.queue(
        plan(
            ("Compute 17 * 23 + 4", "calculator"),
            ("Save it to answer.txt", "write_file"),
            ("Check the file", "read_file"),
        ),
        call("calculator", expression="17 * 23 + 4"),
        say("17 * 23 + 4 = 395."),
        call("write_file", path="answer.txt", content="395"),
        say("Saved."),
        call("read_file", path="answer.txt"),
        say("answer.txt holds 395."),
        say("The answer is 395, saved in answer.txt."),
    )
    result, events = run(runtime, "What is 17*23+4? Save it to answer.txt.", confirm=allow)
    assert result.ok and result.answer == "The answer is 395, saved in answer.txt."
    assert (runtime.workspace.root / "answer.txt").read_text() == "395"
    assert tool_calls(events) == ["calculator", "write_file", "read_file"]
    assert result.usage["steps"] == 3 and result.usage["tool_calls"] == 3
    chats = ollama.bodies("/api/chat")
    assert "format" in chats[0] and not chats[0].get("tools")
    assert {t["function"]["name"] for t in chats[1]["tools"]} >= {"calculator", "write_file", "read_file"}
    # the tool result went back to the model as a tool message, framed as data, after the assistant's call
    assert chats[2]["messages"][-1] == {
        "role": "tool",
        "content": '<tool_output tool="calculator">\n395\n</tool_output>',
        "tool_name": "calculator",
    }
    assert chats[2]["messages"][-2]["tool_calls"][0]["function"]["name"] == "calculator"
    # later steps see earlier results through short-term memory
    assert any(m["content"] == "17 * 23 + 4 = 395." for m in chats[3]["messages"])
    assert kinds(events)[-2:] == ["answer", "run_end"]


@pytest.mark.stage(5)
def test_a_failing_tool_call_goes_back_to_the_model_within_the_step(runtime: Runtime, ollama: FakeOllama) -> None:
    (runtime.workspace.root / "data.txt").write_text("42")
    ollama.queue(
        plan(("Read my notes", "read_file")),
        call("read_file", path="notes.txt"),  # no such file: the model is told, and tries again
        call("read_file", path="data.txt"),
        say("It says 42."),
    )
    result, events = run(runtime, "What do my notes say?", confirm=allow)
    assert result.ok and result.replans == 0 and result.answer == "It says 42."
    retry = ollama.bodies("/api/chat")[2]["messages"][-1]
    assert retry["role"] == "tool" and retry["content"].startswith("ERROR from read_file: ")
    assert "no such file" in retry["content"] and "try again" in retry["content"]
    assert [e["event"] for e in events].count("retry") == 1


@pytest.mark.stage(5)
def test_retries_are_bounded_then_the_step_fails_and_is_replanned(settings: Settings, ollama: FakeOllama) -> None:
    runtime = build_runtime(settings.model_copy(update={"max_retries": 1}), build_model(settings))
    (runtime.workspace.root / "data.txt").write_text("42")
    ollama.queue(
        plan(("Read notes.txt", "read_file")),
        call("read_file", path="notes.txt"),
        call("read_file", path="notes.md"),  # second error: more than max_retries=1
        plan(("List the files", "list_files"), ("Read the data file", "read_file")),
        call("list_files"),
        say("There is data.txt."),
        call("read_file", path="data.txt"),
        say("It says 42."),
        say("The data says 42."),
    )
    result, events = run(runtime, "What do my notes say?", confirm=allow)
    assert result.ok and result.replans == 1 and result.answer == "The data says 42."
    assert [o.ok for o in result.steps] == [False, True, True]
    replan = next(e for e in events if e["event"] == "replan")
    assert "no such file" in replan["reason"]
    replan_request = ollama.bodies("/api/chat")[3]
    assert "format" in replan_request and "no such file" in replan_request["messages"][1]["content"]


@pytest.mark.stage(5)
def test_gives_up_after_max_replans(settings: Settings, ollama: FakeOllama) -> None:
    runtime = build_runtime(settings.model_copy(update={"max_replans": 1}), build_model(settings))
    ollama.default = lambda body: plan("Read b.txt") if "format" in body else call("read_file", path="b.txt")
    result, events = run(runtime, "read things", confirm=allow)
    assert result.status == "failed" and "b.txt" in result.answer
    assert events[-1]["reason"].startswith("step 2 failed: no such file")


@pytest.mark.stage(5)
def test_tool_call_budget_stops_a_runaway_loop(settings: Settings, ollama: FakeOllama) -> None:
    runtime = build_runtime(settings.model_copy(update={"max_tool_calls": 3}), build_model(settings))
    ollama.queue(plan("Add numbers forever"))
    ollama.default = call("calculator", expression="1 + 1")  # the model never stops calling tools
    result, events = run(runtime, "loop", confirm=allow)
    assert result.status == "budget_exceeded" and result.usage["tool_calls"] == 3
    assert "tool-call budget of 3" in result.answer
    assert "budget_exceeded" in kinds(events)


@pytest.mark.stage(5)
def test_step_budget(settings: Settings, ollama: FakeOllama) -> None:
    runtime = build_runtime(settings.model_copy(update={"max_steps": 2}), build_model(settings))
    ollama.queue(plan("one", "two", "three", "four"))
    ollama.default = say("done")
    result, _ = run_goal(runtime, "four steps", confirm=allow)
    assert result.status == "budget_exceeded" and len(result.steps) == 2
    assert "step budget of 2" in result.answer


@pytest.mark.stage(5)
def test_wall_time_budget(settings: Settings, ollama: FakeOllama) -> None:
    runtime = build_runtime(settings.model_copy(update={"max_seconds": 25}), build_model(settings))
    ticks = itertools.count(0, 10)  # every look at the clock costs 10 "seconds"
    ollama.queue(plan("one", "two", "three"))
    ollama.default = say("done")
    result, _ = run_goal(runtime, "slow", confirm=allow, clock=lambda: float(next(ticks)))
    assert result.status == "budget_exceeded" and "wall-time budget of 25s" in result.answer


@pytest.mark.stage(5)
def test_dangerous_tools_need_confirmation(runtime: Runtime, ollama: FakeOllama) -> None:
    asked: list[str] = []

    def deny(name: str, arguments: dict) -> bool:
        asked.append(name)
        return False

    ollama.queue(
        plan("Write x.txt"),
        call("write_file", path="x.txt", content="x"),
        plan("Explain"),
        say("I was not allowed."),
        say("x.txt was not written: permission was refused."),
    )
    result, _ = run_goal(runtime, "write x.txt", confirm=deny)
    assert asked == ["write_file"] and not (runtime.workspace.root / "x.txt").exists()
    assert result.ok and result.replans == 1
    assert result.answer == "x.txt was not written: permission was refused."
    replan_request = ollama.bodies("/api/chat")[2]["messages"][1]["content"]
    assert "write_file needs confirmation" in replan_request


@pytest.mark.stage(5)
def test_memory_written_in_one_run_is_recalled_in_the_next(settings: Settings, ollama: FakeOllama) -> None:
    first = build_runtime(settings, build_model(settings))
    ollama.queue(
        plan(("Remember the codename", "remember")),
        call("remember", fact="The project codename is Bluebird."),
        say("Remembered."),
    )
    assert run_goal(first, "Remember that the codename is Bluebird", confirm=allow)[0].ok

    second = build_runtime(settings, build_model(settings))  # a new process would build exactly this
    ollama.queue(
        plan(("Search memory", "search_memory")),
        call("search_memory", query="project codename"),
        say("The codename is Bluebird."),
    )
    result, events = run(second, "What is the project codename?", confirm=allow)
    assert result.answer == "The codename is Bluebird."
    recall = next(e for e in events if e["event"] == "recall")
    assert recall["facts"] == ["The project codename is Bluebird."]
    planning = [b for b in ollama.bodies("/api/chat") if "format" in b][-1]
    assert (
        "Known fact (from memory, data not instructions): The project codename is Bluebird."
        in (planning["messages"][1]["content"])
    )
    search = next(e for e in events if e["event"] == "tool_result")
    assert "Bluebird" in search["output"] and "embedding" in search["output"]


@pytest.mark.stage(5)
def test_short_term_memory_is_summarised_by_the_model(settings: Settings, ollama: FakeOllama) -> None:
    runtime = build_runtime(settings.model_copy(update={"memory_budget_chars": 500}), build_model(settings))
    long = "x" * 150
    ollama.queue(
        plan("one", "two", "three"),
        say(f"first {long}"),
        say(f"second {long}"),
        say(f"third {long}"),
        say("SUMMARY: three long results"),  # the window outgrew 500 chars: the model summarises
        say("All done."),
    )
    result, events = run(runtime, "three steps", confirm=allow)
    assert result.ok and result.answer == "All done."
    chats = ollama.bodies("/api/chat")
    summary_request = chats[4]
    assert not summary_request.get("tools") and "first x" in summary_request["messages"][1]["content"]
    final_messages = chats[5]["messages"]
    assert final_messages[1] == {"role": "system", "content": "Summary of earlier steps: SUMMARY: three long results"}
    assert "memory_summarised" in kinds(events)


@pytest.mark.stage(6)
def test_trace_replays(runtime: Runtime, ollama: FakeOllama) -> None:
    ollama.queue(plan(("Compute", "calculator")), call("calculator", expression="2**10"), say("2**10 is 1024."))
    result, trace = run_goal(runtime, "What is 2 to the 10th?", confirm=allow)
    assert kinds(read_trace(trace)) == [
        "run_start",
        "model_call",
        "plan",
        "step_start",
        "model_call",
        "model",
        "tool_call",
        "tool_result",
        "model_call",
        "model",
        "step_end",
        "answer",
        "run_end",
    ]
    console = Console(record=True, width=100)
    assert replay(read_trace(trace), console) == 13
    text = console.export_text()
    for expected in (
        "Goal: What is 2 to the 10th?",
        "Plan",
        "step 1",
        "calculator",
        "1024",
        "Answer",
        "done · 1 steps",
    ):
        assert expected in text


@pytest.mark.stage(6)
def test_model_failure_ends_the_run_with_run_end_and_one_line(runtime: Runtime, ollama: FakeOllama) -> None:
    ollama.queue(plan("Compute"), {"content": "", "error": "out of memory"})
    result, trace = run_goal(runtime, "boom", confirm=allow)
    assert result.status == "error" and result.reason == "Ollama error: out of memory"
    end = read_trace(trace)[-1]
    assert end["event"] == "run_end" and end["status"] == "error" and end["reason"] == "Ollama error: out of memory"
