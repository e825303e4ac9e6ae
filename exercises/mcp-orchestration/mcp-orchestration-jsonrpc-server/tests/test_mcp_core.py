import json

from mcp_core import SUPPORTED_VERSIONS, handle


def _divide(a, b):
    return a / b


TOOLS = {
    "echo": {
        "description": "Repeat a text.",
        "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]},
        "fn": lambda text: text,
    },
    "divide": {
        "description": "Divide a by b.",
        "inputSchema": {"type": "object", "properties": {"a": {}, "b": {}}, "required": ["a", "b"]},
        "fn": _divide,
    },
}


def req(method, id_=1, **params):
    message = {"jsonrpc": "2.0", "id": id_, "method": method}
    if params:
        message["params"] = params
    return json.dumps(message)


def test_initialize_negotiates_the_version():
    out = handle(req("initialize", protocolVersion="2025-03-26", capabilities={}, clientInfo={"name": "t"}), TOOLS)
    assert out["jsonrpc"] == "2.0" and out["id"] == 1 and "error" not in out
    assert out["result"]["protocolVersion"] == "2025-03-26"
    assert out["result"]["capabilities"] == {"tools": {"listChanged": False}}
    assert out["result"]["serverInfo"] == {"name": "demo", "version": "1.0.0"}
    newer = handle(req("initialize", protocolVersion="2099-01-01", capabilities={}), TOOLS)
    assert newer["result"]["protocolVersion"] == SUPPORTED_VERSIONS[0]


def test_notifications_get_no_response():
    assert handle(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}), TOOLS) is None
    assert handle(json.dumps({"jsonrpc": "2.0", "method": "no/such/thing"}), TOOLS) is None


def test_ping_and_list():
    assert handle(req("ping", id_="abc"), TOOLS) == {"jsonrpc": "2.0", "id": "abc", "result": {}}
    listed = handle(req("tools/list", id_=2), TOOLS)["result"]["tools"]
    assert [t["name"] for t in listed] == ["echo", "divide"]
    assert listed[0] == {"name": "echo", "description": "Repeat a text.", "inputSchema": TOOLS["echo"]["inputSchema"]}
    assert all("fn" not in t for t in listed)


def test_successful_calls():
    out = handle(req("tools/call", id_=3, name="echo", arguments={"text": "hi"}), TOOLS)
    assert out == {"jsonrpc": "2.0", "id": 3, "result": {"content": [{"type": "text", "text": "hi"}], "isError": False}}
    out = handle(req("tools/call", id_=4, name="divide", arguments={"a": 1, "b": 4}), TOOLS)
    assert out["result"]["content"][0]["text"] == "0.25"


def test_tool_failures_are_results_the_model_can_read():
    out = handle(req("tools/call", id_=5, name="divide", arguments={"a": 1, "b": 0}), TOOLS)
    assert "error" not in out and out["result"]["isError"] is True
    assert "ZeroDivisionError" in out["result"]["content"][0]["text"]
    out = handle(req("tools/call", id_=6, name="divide", arguments={"a": 1}), TOOLS)
    assert out["result"]["isError"] is True and "b" in out["result"]["content"][0]["text"]


def test_protocol_errors():
    assert handle("{not json", TOOLS) == {
        "jsonrpc": "2.0",
        "id": None,
        "error": {"code": -32700, "message": "Parse error"},
    }
    assert handle(json.dumps([1, 2]), TOOLS)["error"]["code"] == -32600
    assert handle(json.dumps({"jsonrpc": "1.0", "id": 1, "method": "ping"}), TOOLS)["error"]["code"] == -32600
    assert handle(json.dumps({"jsonrpc": "2.0", "id": 1, "method": 7}), TOOLS)["error"]["code"] == -32600
    unknown = handle(req("resources/list", id_=9), TOOLS)
    assert unknown["id"] == 9 and unknown["error"]["code"] == -32601 and "result" not in unknown


def test_unknown_tool_and_bad_params_are_invalid_params():
    out = handle(req("tools/call", id_=7, name="rm_rf", arguments={}), TOOLS)
    assert out["id"] == 7 and out["error"]["code"] == -32602 and "result" not in out
    assert handle(req("tools/call", id_=8, arguments={}), TOOLS)["error"]["code"] == -32602
