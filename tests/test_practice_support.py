"""The scripted model server exercises use: the real ollama client and plain HTTP against it."""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request

import pytest

from aieng_cli.practice import exercises_root

sys.path.insert(0, str(exercises_root() / "_support"))
from model_server import hashed_embedding, model_server  # noqa: E402, F401  (the fixture under test)

ollama = pytest.importorskip("ollama")


def test_chat_tool_calls_then_content_with_the_ollama_client(model_server):  # noqa: F811
    model_server.script(
        [{"tool_calls": [{"name": "add", "arguments": {"a": 1, "b": 2}}]}, {"content": "The sum is 3."}]
    )
    client = ollama.Client(host=model_server.url, timeout=5)
    first = client.chat(model="scripted", messages=[{"role": "user", "content": "1+2?"}])
    call = first.message.tool_calls[0].function
    assert (call.name, dict(call.arguments)) == ("add", {"a": 1, "b": 2})
    streamed = client.chat(model="scripted", messages=[{"role": "user", "content": "and?"}], stream=True)
    assert "".join(part.message.content for part in streamed) == "The sum is 3."
    assert [c["messages"][-1]["content"] for c in model_server.chats] == ["1+2?", "and?"]


def test_generate_embed_tags_version_and_errors(model_server):  # noqa: F811
    model_server.script([{"content": "hi there"}, {"error": "overloaded", "status": 503}])
    client = ollama.Client(host=model_server.url, timeout=5)
    assert client.generate(model="scripted", prompt="x").response == "hi there"
    with pytest.raises(ollama.ResponseError) as caught:
        client.generate(model="scripted", prompt="x")
    assert caught.value.status_code == 503
    vectors = client.embed(model="scripted", input=["red apple", "red apple", "blue sky"]).embeddings
    assert vectors[0] == vectors[1] == hashed_embedding("red apple")
    assert abs(sum(v * v for v in vectors[2]) - 1) < 1e-9
    assert [m.model for m in client.list().models] == ["scripted"]
    with urllib.request.urlopen(model_server.url + "/api/version", timeout=5) as response:
        assert json.load(response)["version"]
    with pytest.raises(urllib.error.HTTPError) as exhausted:
        urllib.request.urlopen(
            urllib.request.Request(model_server.url + "/api/chat", data=b'{"stream": false}'), timeout=5
        )
    assert exhausted.value.code == 500
