"""Plans are structured output validated by pydantic: one retry, then a one-step fallback."""

from __future__ import annotations

import pytest
from fake_ollama import FakeOllama, plan, say

from {{ cookiecutter.package_name }}.llm import OllamaModel
from {{ cookiecutter.package_name }}.loop.planner import PLAN_SCHEMA, make_plan
from {{ cookiecutter.package_name }}.tools import tool
from {{ cookiecutter.package_name }}.tools.calculator import calculator

pytestmark = pytest.mark.stage(3)


def tools() -> list[dict]:
    return [tool(calculator).schema()]  # a function: built when a test runs, not at import


def model(ollama: FakeOllama) -> OllamaModel:
    return OllamaModel(ollama.url, "llama3.2", "nomic-embed-text", timeout=5)


def test_valid_plan(ollama: FakeOllama) -> None:
    ollama.queue(plan(("Compute 6*7", "calculator"), ("Explain", "no_such_tool")))
    result, fallback = make_plan(model(ollama), "What is 6*7?", tools())
    assert not fallback
    assert [(s.description, s.tool) for s in result.steps] == [
        ("Compute 6*7", "calculator"),
        ("Explain", None),
    ]
    body = ollama.bodies("/api/chat")[0]
    assert body["format"] == PLAN_SCHEMA
    assert "calculator(expression)" in body["messages"][0]["content"]
    assert body["messages"][1]["content"] == "Goal: What is 6*7?"


def test_invalid_plan_is_retried_once(ollama: FakeOllama) -> None:
    ollama.queue(say("sure! here is my plan"), plan("Compute"))
    result, fallback = make_plan(model(ollama), "goal", tools())
    assert not fallback and result.steps[0].description == "Compute"
    retry = ollama.bodies("/api/chat")[1]["messages"]
    assert retry[-2] == {"role": "assistant", "content": "sure! here is my plan"}
    assert "not a valid Plan" in retry[-1]["content"]


def test_two_invalid_plans_fall_back_to_one_step(ollama: FakeOllama) -> None:
    ollama.queue(say('{"steps": []}'), say("[]"))
    result, fallback = make_plan(model(ollama), "the whole goal", tools())
    assert fallback and [s.description for s in result.steps] == ["the whole goal"]


def test_replan_prompt_carries_the_failure(ollama: FakeOllama) -> None:
    ollama.queue(plan("Try another way"))
    make_plan(model(ollama), "goal", tools(), context="Step 1: FAILED", failure="no such file")
    user = ollama.bodies("/api/chat")[0]["messages"][1]["content"]
    assert "Step 1: FAILED" in user and "The previous plan failed: no such file" in user
