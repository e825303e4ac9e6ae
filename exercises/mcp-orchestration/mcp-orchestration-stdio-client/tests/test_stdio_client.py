import json
import sys
import textwrap

import pytest
from stdio_client import PROTOCOL_VERSION, MCPError, StdioClient

SERVER = textwrap.dedent(
    """
    import json, sys
    state = {"initialized": False, "seen": []}
    def send(msg):
        sys.stdout.write(json.dumps(msg) + "\\n")
        sys.stdout.flush()
    def reply(rid, result):
        send({"jsonrpc": "2.0", "id": rid, "result": result})
    for line in sys.stdin:
        msg = json.loads(line)
        state["seen"].append(msg)
        print("log: got", msg.get("method"), file=sys.stderr)
        if "id" not in msg:
            if msg["method"] == "notifications/initialized":
                state["initialized"] = True
            continue
        rid, method, params = msg["id"], msg["method"], msg.get("params") or {}
        if method == "initialize":
            send({"jsonrpc": "2.0", "id": rid, "result": {
                "protocolVersion": params["protocolVersion"], "capabilities": {"tools": {}},
                "serverInfo": {"name": "demo", "version": "1.0"}, "echo": params}})
        elif method == "tools/list":
            send({"jsonrpc": "2.0", "method": "notifications/message", "params": {"level": "info", "data": "listing"}})
            reply(rid, {"tools": [{"name": "add", "inputSchema": {"type": "object"}}]})
        elif method == "tools/call" and params.get("name") == "add":
            a, b = params["arguments"]["a"], params["arguments"]["b"]
            ids = [m.get("id") for m in state["seen"]]
            text = json.dumps({"sum": a + b, "initialized": state["initialized"], "ids": ids})
            reply(rid, {"content": [{"type": "text", "text": text}], "isError": False})
        elif method == "tools/call" and params.get("name") == "crash":
            sys.exit(3)
        else:
            send({"jsonrpc": "2.0", "id": rid, "error": {"code": -32601, "message": "Method not found"}})
    """
)


@pytest.fixture
def client(tmp_path):
    script = tmp_path / "server.py"
    script.write_text(SERVER)
    c = StdioClient([sys.executable, str(script)])
    c.start()
    yield c
    c.close()


def test_initialize_handshake(client):
    result = client.initialize()
    assert result["serverInfo"] == {"name": "demo", "version": "1.0"}
    assert result["protocolVersion"] == PROTOCOL_VERSION
    assert result["echo"] == {
        "protocolVersion": PROTOCOL_VERSION,
        "capabilities": {},
        "clientInfo": {"name": "mini-host", "version": "0.1"},
    }


def test_notifications_are_kept_aside(client):
    client.initialize()
    assert client.list_tools() == [{"name": "add", "inputSchema": {"type": "object"}}]
    assert client.notifications == [
        {"jsonrpc": "2.0", "method": "notifications/message", "params": {"level": "info", "data": "listing"}}
    ]


def test_ids_count_up_and_initialized_is_a_notification(client):
    client.initialize()
    client.list_tools()
    result = client.call_tool("add", {"a": 2, "b": 3})
    payload = json.loads(result["content"][0]["text"])
    assert payload == {"sum": 5, "initialized": True, "ids": [1, None, 2, 3]}
    assert result["isError"] is False


def test_error_responses_raise_with_their_code(client):
    client.initialize()
    with pytest.raises(MCPError) as info:
        client.request("resources/list")
    assert info.value.code == -32601


def test_a_dead_server_raises_instead_of_hanging(client):
    client.initialize()
    with pytest.raises(MCPError):
        client.call_tool("crash", {})


def test_close_stops_the_server(tmp_path):
    script = tmp_path / "server.py"
    script.write_text(SERVER)
    c = StdioClient([sys.executable, str(script)])
    c.start()
    c.initialize()
    c.close()
    assert c.process.poll() is not None
