import pytest
import tool_loop as tl

WEATHER_SCHEMA = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
TOOLS = {
    "get_weather": (lambda city: {"city": city, "celsius": 18}, "Current weather for a city.", WEATHER_SCHEMA),
    "get_time": (lambda city: "14:05", "Local time in a city.", WEATHER_SCHEMA),
}


def test_tool_definitions():
    defs = tl.tool_definitions(TOOLS)
    assert defs[0] == {
        "type": "function",
        "function": {"name": "get_weather", "description": "Current weather for a city.", "parameters": WEATHER_SCHEMA},
    }
    assert [d["function"]["name"] for d in defs] == ["get_weather", "get_time"]


def test_direct_answer_sends_tools_and_no_streaming(model_server):
    model_server.script([{"content": "Hello!"}])
    assert tl.run(model_server.url, "Hi", TOOLS) == "Hello!"
    body = model_server.chats[0]
    assert body["stream"] is False and body["model"] == "scripted"
    assert body["messages"] == [{"role": "user", "content": "Hi"}]
    assert [t["function"]["name"] for t in body["tools"]] == ["get_weather", "get_time"]


def test_tool_call_round_trip(model_server):
    model_server.script(
        [
            {"tool_calls": [{"name": "get_weather", "arguments": {"city": "Paris"}}]},
            {"content": "It is 18 °C in Paris."},
        ]
    )
    assert tl.run(model_server.url, "Weather in Paris?", TOOLS) == "It is 18 °C in Paris."
    second = model_server.chats[1]["messages"]
    assert second[1]["role"] == "assistant" and second[1]["tool_calls"][0]["function"]["name"] == "get_weather"
    assert second[2] == {"role": "tool", "tool_name": "get_weather", "content": '{"city": "Paris", "celsius": 18}'}


def test_parallel_and_unknown_tools(model_server):
    model_server.script(
        [
            {
                "tool_calls": [
                    {"name": "get_time", "arguments": {"city": "Oslo"}},
                    {"name": "book_flight", "arguments": {"to": "Oslo"}},
                ]
            },
            {"content": "It is 14:05 in Oslo; I cannot book flights."},
        ]
    )
    tl.run(model_server.url, "Time in Oslo, and book me a flight", TOOLS)
    tool_msgs = [m for m in model_server.chats[1]["messages"] if m["role"] == "tool"]
    assert tool_msgs == [
        {"role": "tool", "tool_name": "get_time", "content": "14:05"},
        {"role": "tool", "tool_name": "book_flight", "content": "error: unknown tool book_flight"},
    ]


def test_server_errors_become_model_errors(model_server):
    model_server.script([{"error": "overloaded", "status": 503}])
    with pytest.raises(tl.ModelError, match="503"):
        tl.run(model_server.url, "Hi", TOOLS)


def test_unreachable_server():
    with pytest.raises(tl.ModelError):
        tl.chat("http://127.0.0.1:9", [{"role": "user", "content": "hi"}], [], timeout=1.0)


def test_round_limit(model_server):
    model_server.script([{"tool_calls": [{"name": "get_time", "arguments": {"city": "Rome"}}]}] * 3)
    with pytest.raises(tl.ModelError):
        tl.run(model_server.url, "loop", TOOLS, max_rounds=2)
    assert len(model_server.chats) == 2
