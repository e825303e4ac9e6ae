"""The Ollama seam over the real client: streaming, tool calls, structured output, failures."""

from __future__ import annotations

import json

import pytest
from fake_ollama import FakeOllama, call, say

from {{ cookiecutter.package_name }}.errors import ModelError, ModelUnavailable
from {{ cookiecutter.package_name }}.llm import OllamaModel, ToolCall
from {{ cookiecutter.package_name }}.loop.planner import PLAN_SCHEMA
from {{ cookiecutter.package_name }}.tools import tool
from {{ cookiecutter.package_name }}.tools.calculator import calculator


def model_for(url: str, timeout: float = 5, name: str = "llama3.2") -> OllamaModel:
    return OllamaModel(url, name, "nomic-embed-text", timeout=timeout)


@pytest.mark.stage(1)
def test_chat_streams_text_and_collects_tool_calls(ollama: FakeOllama) -> None:
    ollama.queue(say("Let me compute that for you"), call("calculator", expression="6*7"))
    model = model_for(ollama.url)
    chunks: list[str] = []
    reply = model.chat([{"role": "user", "content": "hi"}], on_text=chunks.append)
    assert reply.content == "Let me compute that for you" and len(chunks) == 6
    reply = model.chat([{"role": "user", "content": "6*7?"}], tools=[tool(calculator).schema()])
    assert reply.tool_calls == (ToolCall("calculator", {"expression": "6*7"}),)
    body = ollama.bodies("/api/chat")[-1]
    assert body["stream"] is True and body["options"] == {"temperature": 0.0, "num_ctx": 4096}
    assert body["tools"][0]["function"]["name"] == "calculator"
    assert body["tools"][0]["function"]["parameters"]["required"] == ["expression"]


def test_structured_output_sends_the_schema(ollama: FakeOllama) -> None:
    ollama.queue(say('{"steps": []}'))
    reply = model_for(ollama.url).complete_json([{"role": "user", "content": "plan"}], PLAN_SCHEMA)
    assert reply.content == '{"steps": []}'
    body = ollama.bodies("/api/chat")[-1]
    assert body["format"] == PLAN_SCHEMA and body["stream"] is False
    # the model's own token counts come back with the reply
    assert reply.usage.prompt_tokens == len(json.dumps(body["messages"])) // 4 and reply.usage.completion_tokens > 0


def test_context_window_is_sized_to_the_prompt(ollama: FakeOllama) -> None:
    """Ollama's small default window would silently cut a long prompt: num_ctx is always sent, big enough."""
    ollama.queue(say("ok"), say("ok"))
    model = OllamaModel(ollama.url, "llama3.2", "nomic-embed-text", timeout=5, max_context=16384)
    model.chat([{"role": "user", "content": "short"}])
    model.chat([{"role": "user", "content": "x" * 30_000}])  # ~10k tokens
    short, long = (b["options"]["num_ctx"] for b in ollama.bodies("/api/chat"))
    assert short == 4096 and long == 12288 and long >= 30_000 // 3 + 2048
    assert model.num_ctx([{"role": "user", "content": "y" * 200_000}]) == 16384  # capped at max_context


def test_health_check(ollama: FakeOllama, dead_host: str) -> None:
    assert model_for(ollama.url).check() == "0.12.0"
    with pytest.raises(ModelUnavailable, match="ollama pull qwen2.5:7b"):
        model_for(ollama.url, name="qwen2.5:7b").check()
    with pytest.raises(ModelUnavailable, match="not reachable .* --demo"):
        model_for(dead_host).check()


def test_no_server_is_one_clear_error(dead_host: str) -> None:
    model = model_for(dead_host)
    with pytest.raises(ModelUnavailable, match="not reachable"):  # streaming: httpx.ConnectError on first read
        model.chat([{"role": "user", "content": "hi"}])
    with pytest.raises(ModelUnavailable, match="not reachable"):  # non-streaming: ollama's ConnectionError
        model.complete_json([{"role": "user", "content": "hi"}], PLAN_SCHEMA)


def test_missing_model_hints_at_pull(ollama: FakeOllama) -> None:
    with pytest.raises(ModelUnavailable, match="ollama pull mistral"):
        model_for(ollama.url, name="mistral").chat([{"role": "user", "content": "hi"}])


def test_error_in_the_middle_of_a_stream(ollama: FakeOllama) -> None:
    ollama.queue({"content": "partial answer", "error": "model runner crashed"})
    with pytest.raises(ModelError, match="model runner crashed"):
        model_for(ollama.url).chat([{"role": "user", "content": "hi"}])


@pytest.mark.stage(1)
def test_model_without_tool_support(ollama: FakeOllama) -> None:
    ollama.queue({"status": 400, "error": "registry.ollama.ai/library/gemma:2b does not support tools"})
    with pytest.raises(ModelError, match="does not support tool calling: use one that does"):
        model_for(ollama.url).chat([{"role": "user", "content": "hi"}], tools=[tool(calculator).schema()])


def test_timeout_is_enforced(ollama: FakeOllama) -> None:
    ollama.delay = 1.5
    ollama.queue(say("too late"))
    with pytest.raises(ModelUnavailable, match="did not answer in time"):
        model_for(ollama.url, timeout=0.3).chat([{"role": "user", "content": "hi"}])
