"""The fake Ollama server, driven only through the real `ollama.Client` (and httpx for
/api/version). Each fault test pins the exception type product code has to catch."""

from __future__ import annotations

import json
import time

import httpx
import ollama
import pytest
from pydantic import BaseModel, Field

from tests import fake_ollama as fake_ollama_module
from tests.fake_ollama import FakeOllama, Fault, closed_port_url

fake_ollama = fake_ollama_module.fake_ollama  # the fixture (conftest may register it instead)

MODEL = "llama3.2"
USER = [{"role": "user", "content": "What is RAG?"}]
TIMEOUT = 2.0


_clients: list[ollama.Client] = []


@pytest.fixture(autouse=True)
def _close_clients():
    yield
    while _clients:
        _clients.pop().close()


def client(server_or_url: FakeOllama | str, timeout: float = TIMEOUT) -> ollama.Client:
    """The real client, as product code builds it; closed after the test."""
    url = server_or_url if isinstance(server_or_url, str) else server_or_url.url
    _clients.append(ollama.Client(host=url, timeout=timeout))
    return _clients[-1]


def stream_parts(c: ollama.Client, seen: list[str], **kwargs) -> list[ollama.ChatResponse]:
    """Iterate a streamed chat, keeping the content seen so far in ``seen`` even if it raises."""
    parts = []
    for part in c.chat(model=MODEL, messages=USER, stream=True, **kwargs):
        parts.append(part)
        seen.append(part.message.content or "")
    return parts


# ------------------------------------------------------------------------------ happy paths


def test_version_via_httpx(fake_ollama):
    r = httpx.get(f"{fake_ollama.url}/api/version", timeout=TIMEOUT)
    assert r.status_code == 200
    assert r.json() == {"version": "0.12.3"}
    assert httpx.get(fake_ollama.url, timeout=TIMEOUT).text == "Ollama is running"


def test_list_parses_into_list_response(fake_ollama):
    fake_ollama.models.append("nomic-embed-text:latest")
    listed = client(fake_ollama).list()
    assert isinstance(listed, ollama.ListResponse)
    assert [m.model for m in listed.models] == ["llama3.2:latest", "nomic-embed-text:latest"]
    first = listed.models[0]
    assert first.size and first.size > 0
    assert len(first.digest) == 64
    assert first.modified_at.tzinfo is not None
    assert first.details.family == "llama" and first.details.format == "gguf"


def test_show_known_model_and_404_for_unknown(fake_ollama):
    c = client(fake_ollama)
    info = c.show(MODEL)  # "llama3.2" means "llama3.2:latest"
    assert isinstance(info, ollama.ShowResponse)
    assert "completion" in info.capabilities
    assert info.details.parameter_size
    assert info.modelinfo["general.architecture"] == "llama"
    with pytest.raises(ollama.ResponseError) as err:
        c.show("mistral")
    assert err.value.status_code == 404
    assert err.value.error == "model 'mistral' not found"


def test_chat_non_stream_scripted_reply(fake_ollama):
    fake_ollama.reply("Retrieval-augmented generation.")
    r = client(fake_ollama).chat(model=MODEL, messages=USER, options={"temperature": 0})
    assert isinstance(r, ollama.ChatResponse)
    assert r.message.role == "assistant"
    assert r.message.content == "Retrieval-augmented generation."
    assert r.done is True and r.done_reason == "stop" and r.eval_count > 0
    (req,) = fake_ollama.chat_requests()
    assert req["model"] == MODEL and req["stream"] is False
    assert req["messages"] == USER and req["options"] == {"temperature": 0}
    assert fake_ollama.requests == [("POST", "/api/chat", req)]


def test_chat_stream_arrives_in_chunks_then_done(fake_ollama):
    fake_ollama.reply("Retrieval augmented generation grounds answers in documents.")
    parts = list(client(fake_ollama).chat(model=MODEL, messages=USER, stream=True))
    assert all(isinstance(p, ollama.ChatResponse) for p in parts)
    assert len(parts) >= 4
    assert all(p.done is False for p in parts[:-1])
    final = parts[-1]
    assert final.done is True and final.done_reason == "stop"
    assert final.eval_count and final.total_duration and final.prompt_eval_count
    text = "".join(p.message.content for p in parts)
    assert text == "Retrieval augmented generation grounds answers in documents."
    assert fake_ollama.chat_requests()[0]["stream"] is True


def test_default_reply_echoes_and_responder_is_used_when_queue_is_empty(fake_ollama):
    c = client(fake_ollama)
    assert c.chat(model=MODEL, messages=USER).message.content == "echo: What is RAG?"
    fake_ollama.responder = lambda req: f"{len(req['messages'])} message(s)"
    fake_ollama.reply("scripted first")
    assert c.chat(model=MODEL, messages=USER).message.content == "scripted first"
    assert c.chat(model=MODEL, messages=USER * 2).message.content == "2 message(s)"
    assert fake_ollama.pending_replies == 0


def test_format_schema_is_recorded_and_default_reply_fits_it(fake_ollama):
    class Grade(BaseModel):
        score: int = Field(ge=0, le=4)
        verdict: str
        missed_points: list[str]

    schema = Grade.model_json_schema()
    c = client(fake_ollama)
    r = c.chat(model=MODEL, messages=USER, format=schema)
    assert Grade.model_validate_json(r.message.content).score == 0
    fake_ollama.reply(json.dumps({"score": 3, "verdict": "good", "missed_points": []}))
    r = c.chat(model=MODEL, messages=USER, format=schema)
    assert Grade.model_validate_json(r.message.content).score == 3
    c.chat(model=MODEL, messages=USER, format="json")
    formats = [req["format"] for req in fake_ollama.chat_requests()]
    assert formats == [schema, schema, "json"]


TOOL = {
    "type": "function",
    "function": {
        "name": "lookup_topic",
        "description": "Find a roadmap topic",
        "parameters": {
            "type": "object",
            "required": ["topic_id"],
            "properties": {"topic_id": {"type": "string", "description": "topic id"}},
        },
    },
}
TOOL_CALL = {"function": {"name": "lookup_topic", "arguments": {"topic_id": "rag"}}}


def test_tools_are_recorded_and_tool_calls_come_back(fake_ollama):
    fake_ollama.reply({"content": "", "tool_calls": [TOOL_CALL]}, {"tool_calls": [TOOL_CALL]})
    c = client(fake_ollama)
    r = c.chat(model=MODEL, messages=USER, tools=[TOOL])
    (call,) = r.message.tool_calls
    assert call.function.name == "lookup_topic"
    assert call.function.arguments == {"topic_id": "rag"}
    streamed = [p.message.tool_calls for p in c.chat(model=MODEL, messages=USER, stream=True)]
    assert [calls[0].function.name for calls in streamed if calls] == ["lookup_topic"]
    (sent,) = fake_ollama.chat_requests()[0]["tools"]
    assert sent["function"]["name"] == "lookup_topic"
    assert sent["function"]["parameters"]["required"] == ["topic_id"]


def test_reply_dict_can_set_thinking_and_done_reason(fake_ollama):
    fake_ollama.reply({"content": "cut short", "thinking": "hmm", "done_reason": "length"})
    r = client(fake_ollama).chat(model=MODEL, messages=USER)
    assert (r.message.content, r.message.thinking, r.done_reason) == ("cut short", "hmm", "length")


def test_chunks_can_be_paced(fake_ollama):
    fake_ollama.chunk_delay = 0.05
    fake_ollama.reply("one two three four five six")
    start = time.monotonic()
    stream = client(fake_ollama).chat(model=MODEL, messages=USER, stream=True)
    first = next(stream)
    first_at = time.monotonic() - start
    list(stream)
    assert first.message.content == "one "
    assert first_at < 0.2 <= time.monotonic() - start


def test_embed_is_deterministic_and_sized(fake_ollama):
    c = client(fake_ollama)
    r = c.embed(model=MODEL, input=["vector search with qdrant", "vector search", "baking bread"])
    assert isinstance(r, ollama.EmbedResponse)
    assert r.model == MODEL
    assert len(r.embeddings) == 3 and all(len(v) == 8 for v in r.embeddings)
    again = c.embed(model=MODEL, input="vector search with qdrant")
    assert again.embeddings == [r.embeddings[0]]

    def cos(a, b):
        return sum(x * y for x, y in zip(a, b, strict=True))

    assert abs(cos(r.embeddings[0], r.embeddings[0]) - 1) < 1e-4  # unit length
    assert cos(r.embeddings[0], r.embeddings[1]) > cos(r.embeddings[0], r.embeddings[2])
    assert len(c.embed(model=MODEL, input="x", dimensions=4).embeddings[0]) == 4
    fake_ollama.embed_dim = 16
    assert len(c.embed(model=MODEL, input="x").embeddings[0]) == 16
    assert fake_ollama.embed_requests()[0]["input"][0] == "vector search with qdrant"


@pytest.mark.parametrize("stream", [False, True])
def test_unknown_model_is_404_on_chat_and_embed(fake_ollama, stream):
    c = client(fake_ollama)
    with pytest.raises(ollama.ResponseError) as err:
        reply = c.chat(model="qwen2.5:7b", messages=USER, stream=stream)
        if stream:
            next(reply)
    assert err.value.status_code == 404
    assert err.value.error == 'model "qwen2.5:7b" not found, try pulling it first'
    with pytest.raises(ollama.ResponseError) as err:
        c.embed(model="qwen2.5:7b", input="x")
    assert err.value.status_code == 404


def test_models_change_at_runtime(fake_ollama):
    c = client(fake_ollama)
    fake_ollama.reply("kept for later")
    fake_ollama.models.remove("llama3.2:latest")
    assert c.list().models == []
    for call in (lambda: c.show(MODEL), lambda: c.chat(model=MODEL, messages=USER)):
        with pytest.raises(ollama.ResponseError) as err:
            call()
        assert err.value.status_code == 404
    fake_ollama.models = ["llama3.2:latest"]  # pulled again; the 404s consumed no reply
    assert c.chat(model=MODEL, messages=USER).message.content == "kept for later"


def test_embedding_model_refuses_chat(fake_ollama):
    fake_ollama.models.append("nomic-embed-text")
    c = client(fake_ollama)
    assert c.show("nomic-embed-text").capabilities == ["embedding"]
    with pytest.raises(ollama.ResponseError) as err:
        c.chat(model="nomic-embed-text", messages=USER)
    assert err.value.status_code == 400


# ----------------------------------------------------------------------------------- faults


def call_chat(c: ollama.Client, stream: bool, seen: list[str]):
    if stream:
        return stream_parts(c, seen)
    return c.chat(model=MODEL, messages=USER)


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("status", [404, 500, 503])
def test_fault_http_raises_response_error_with_status(fake_ollama, stream, status):
    fake_ollama.reply(Fault.http(status, "llama runner process has terminated"), "next one works")
    c = client(fake_ollama)
    with pytest.raises(ollama.ResponseError) as err:
        call_chat(c, stream, [])
    assert err.value.status_code == status
    assert err.value.error == "llama runner process has terminated"
    assert c.chat(model=MODEL, messages=USER).message.content == "next one works"


def test_fault_http_raw_body_becomes_the_error_text(fake_ollama):
    fake_ollama.reply(Fault.http(502, "<html>Bad Gateway</html>", raw=True))
    with pytest.raises(ollama.ResponseError) as err:
        client(fake_ollama).chat(model=MODEL, messages=USER)
    assert (err.value.status_code, err.value.error) == (502, "<html>Bad Gateway</html>")


@pytest.mark.parametrize("stream", [False, True])
def test_fault_slow_raises_httpx_read_timeout(fake_ollama, stream):
    fake_ollama.reply(Fault.slow(5))
    c = client(fake_ollama, timeout=0.25)
    start = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        call_chat(c, stream, [])
    assert time.monotonic() - start < 2


def test_fault_slow_then_answers_within_a_longer_timeout(fake_ollama):
    fake_ollama.reply(Fault.slow(0.2, "worth the wait"))
    start = time.monotonic()
    r = client(fake_ollama).chat(model=MODEL, messages=USER)
    assert r.message.content == "worth the wait" and time.monotonic() - start >= 0.15


def test_fault_slow_mid_stream_times_out_after_some_parts(fake_ollama):
    fake_ollama.reply(Fault.slow(5, "one two three four", after_chunks=2))
    seen: list[str] = []
    with pytest.raises(httpx.ReadTimeout):
        stream_parts(client(fake_ollama, timeout=0.25), seen)
    assert seen == ["one ", "two "]


@pytest.mark.parametrize("stream", [False, True])
def test_fault_garbage_raises_json_decode_error(fake_ollama, stream):
    fake_ollama.reply(Fault.garbage())
    with pytest.raises(json.JSONDecodeError):
        call_chat(client(fake_ollama), stream, [])


def test_fault_garbage_in_content_is_a_normal_reply_with_bad_json(fake_ollama):
    fake_ollama.reply(Fault.garbage(in_content=True))
    r = client(fake_ollama).chat(model=MODEL, messages=USER, format={"type": "object"})
    with pytest.raises(json.JSONDecodeError):
        json.loads(r.message.content)


@pytest.mark.parametrize("stream", [False, True])
def test_fault_cut_stream_raises_remote_protocol_error(fake_ollama, stream):
    fake_ollama.reply(Fault.cut_stream(after_chunks=3, text="a b c d e f"), "after the cut")
    seen: list[str] = []
    c = client(fake_ollama)
    with pytest.raises(httpx.RemoteProtocolError):
        call_chat(c, stream, seen)
    assert seen == (["a ", "b ", "c "] if stream else [])
    assert c.chat(model=MODEL, messages=USER).message.content == "after the cut"


def test_fault_error_in_stream_raises_response_error_without_status(fake_ollama):
    fake_ollama.reply(Fault.error_in_stream(after_chunks=2, message="out of memory"))
    seen: list[str] = []
    with pytest.raises(ollama.ResponseError) as err:
        stream_parts(client(fake_ollama), seen)
    assert (err.value.error, err.value.status_code) == ("out of memory", -1)
    assert len(seen) == 2


def test_fault_error_in_stream_without_stream_is_http_500(fake_ollama):
    fake_ollama.reply(Fault.error_in_stream(message="out of memory"))
    with pytest.raises(ollama.ResponseError) as err:
        client(fake_ollama).chat(model=MODEL, messages=USER)
    assert (err.value.error, err.value.status_code) == ("out of memory", 500)


@pytest.mark.parametrize("stream", [False, True])
def test_fault_malformed_line_raises_json_decode_error(fake_ollama, stream):
    fake_ollama.reply(Fault.malformed_line(after_chunks=1))
    seen: list[str] = []
    with pytest.raises(json.JSONDecodeError):
        call_chat(client(fake_ollama), stream, seen)
    assert len(seen) == (1 if stream else 0)


# ----------------------------------------------------------------------------- unreachable


def test_closed_port_connection_errors():
    c = client(closed_port_url())
    with pytest.raises(ConnectionError, match="Failed to connect to Ollama"):
        c.list()
    with pytest.raises(ConnectionError):
        c.chat(model=MODEL, messages=USER)
    stream = c.chat(model=MODEL, messages=USER, stream=True)  # no error yet: a generator
    with pytest.raises(httpx.ConnectError):
        next(stream)
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{closed_port_url()}/api/version", timeout=TIMEOUT)


def test_stop_refuses_even_kept_alive_connections_and_start_comes_back_on_the_same_port():
    server = FakeOllama().start()
    try:
        c = client(server)
        assert c.list().models  # opens a keep-alive connection
        url = server.url
        server.stop()
        with pytest.raises(ConnectionError):
            c.list()
        with pytest.raises(httpx.ConnectError):
            next(c.chat(model=MODEL, messages=USER, stream=True))
        server.start()
        assert server.url == url
        assert c.list().models
    finally:
        server.stop()


def test_stop_does_not_wait_for_a_slow_reply():
    server = FakeOllama().start()
    server.reply(Fault.slow(30))
    with pytest.raises(httpx.ReadTimeout):
        client(server, timeout=0.1).chat(model=MODEL, messages=USER)
    start = time.monotonic()
    server.stop()
    assert time.monotonic() - start < 1


# ------------------------------------------------------------------------------ health faults


def test_down_for_makes_health_endpoints_fail_until_up(fake_ollama):
    c = client(fake_ollama)
    fake_ollama.down_for("/api/version").down_for("/api/tags")
    assert httpx.get(f"{fake_ollama.url}/api/version", timeout=TIMEOUT).status_code == 500
    with pytest.raises(ollama.ResponseError) as err:
        c.list()
    assert err.value.status_code == 500
    assert c.chat(model=MODEL, messages=USER).done  # other paths unaffected
    fake_ollama.up()
    assert httpx.get(f"{fake_ollama.url}/api/version", timeout=TIMEOUT).status_code == 200
    assert c.list().models


def test_down_for_takes_any_fault_and_a_count(fake_ollama):
    c = client(fake_ollama, timeout=0.25)
    fake_ollama.down_for("/api/tags", Fault.slow(5), times=1)
    with pytest.raises(httpx.ReadTimeout):
        c.list()
    assert c.list().models  # only once
    fake_ollama.down_for("/api/embed", Fault.garbage(), times=2)
    for _ in range(2):
        with pytest.raises(json.JSONDecodeError):
            c.embed(model=MODEL, input="x")
    assert c.embed(model=MODEL, input="x").embeddings
    fake_ollama.down_for("/api/chat", Fault.http(503, "busy"))
    with pytest.raises(ollama.ResponseError):
        c.chat(model=MODEL, messages=USER)
    fake_ollama.up("/api/chat")
    assert c.chat(model=MODEL, messages=USER).done


def test_a_failing_responder_is_a_500_and_is_kept_in_errors():
    with FakeOllama() as server:
        server.responder = lambda req: 1 / 0
        with pytest.raises(ollama.ResponseError) as err:
            client(server).chat(model=MODEL, messages=USER)
        assert err.value.status_code == 500
        assert isinstance(server.errors[0], ZeroDivisionError)


# ------------------------------------------------------------------- hung server, looping model


def test_hung_port_accepts_but_never_answers():
    from tests.fake_ollama import hung_port_url

    c = client(hung_port_url(), timeout=0.3)
    start = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        c.chat(model=MODEL, messages=USER)
    with pytest.raises(httpx.ReadTimeout):
        next(iter(c.chat(model=MODEL, messages=USER, stream=True)))
    assert time.monotonic() - start < 3


@pytest.mark.parametrize("stream", [False, True])
def test_looping_repeats_until_num_predict(fake_ollama, stream):
    fake_ollama.reply(Fault.looping("Same again. ", prefix="Start: "))
    c = client(fake_ollama)
    reply = c.chat(model=MODEL, messages=USER, options={"num_predict": 40}, stream=stream)
    parts = list(reply) if stream else [reply]
    content = "".join(p.message.content or "" for p in parts)
    assert content.startswith("Start: Same again. Same again.") and len(content.split()) == 40
    assert parts[-1].done_reason == "length"
