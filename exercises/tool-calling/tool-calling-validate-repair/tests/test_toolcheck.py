import pytest
import toolcheck as tc

SCHEMA = {
    "type": "object",
    "properties": {
        "order_id": {"type": "string", "pattern": "^ORD-[0-9]{6}$"},
        "quantity": {"type": "integer", "minimum": 1, "maximum": 10},
        "reason": {"type": "string", "enum": ["damaged", "late", "other"]},
        "express": {"type": "boolean", "default": False},
        "weight": {"type": "number"},
    },
    "required": ["order_id", "quantity"],
    "additionalProperties": False,
}


def test_parse_plain_fenced_and_dict():
    assert tc.parse_arguments('{"a": 1}') == {"a": 1}
    assert tc.parse_arguments('```json\n{"a": 1}\n```') == {"a": 1}
    assert tc.parse_arguments({"a": 1}) == {"a": 1}


@pytest.mark.parametrize("raw", ['{"a": 1', "[1, 2]", "null", "order ORD-123456"])
def test_parse_rejects_non_objects(raw):
    with pytest.raises(tc.ToolArgumentError):
        tc.parse_arguments(raw)


def test_repair_coerces_only_what_is_unambiguous():
    fixed = tc.repair({"order_id": "ORD-123456", "quantity": "3", "reason": "Late", "weight": "2.5"}, SCHEMA)
    assert fixed == {"order_id": "ORD-123456", "quantity": 3, "reason": "late", "weight": 2.5, "express": False}
    assert tc.repair({"quantity": "5.0"}, SCHEMA)["quantity"] == 5
    assert tc.repair({"quantity": "5.5"}, SCHEMA)["quantity"] == "5.5"
    assert tc.repair({"quantity": "many"}, SCHEMA)["quantity"] == "many"
    assert tc.repair({"express": "TRUE"}, SCHEMA)["express"] is True
    assert tc.repair({"reason": "lost"}, SCHEMA)["reason"] == "lost"


def test_repair_drops_unknown_keys_and_does_not_mutate():
    args = {"order_id": "ORD-123456", "quantity": 1, "note": "hi"}
    assert "note" not in tc.repair(args, SCHEMA)
    assert args["note"] == "hi"
    open_schema = {**SCHEMA, "additionalProperties": True}
    assert tc.repair(args, open_schema)["note"] == "hi"


def test_validate_reports_each_problem_by_name():
    errors = tc.validate({"order_id": "ORD-12", "quantity": 11, "reason": "lost", "extra": 1}, SCHEMA)
    assert sorted(e.split(":")[0] for e in errors) == ["extra", "order_id", "quantity", "reason"]
    assert tc.validate({"quantity": True, "order_id": "ORD-123456"}, SCHEMA)[0].startswith("quantity:")
    assert tc.validate({"order_id": "ORD-123456"}, SCHEMA) == ["quantity: is required"]
    assert tc.validate({"order_id": "ORD-123456", "quantity": 10, "express": True}, SCHEMA) == []


def test_pattern_uses_search_semantics():
    schema = {"properties": {"code": {"type": "string", "pattern": "[0-9]{3}"}}}
    assert tc.validate({"code": "ERR-404-x"}, schema) == []
    assert tc.validate({"code": "ERR"}, schema) != []


def test_handle_call_runs_valid_repaired_calls():
    seen = []
    tools = {"refund": (lambda **kw: seen.append(kw) or {"ok": True}, SCHEMA)}
    msg = tc.handle_call(
        {"id": "c7", "name": "refund", "arguments": '{"order_id": "ORD-123456", "quantity": "2"}'}, tools
    )
    assert msg == {"role": "tool", "tool_call_id": "c7", "content": '{"ok": true}'}
    assert seen == [{"order_id": "ORD-123456", "quantity": 2, "express": False}]


def test_handle_call_returns_errors_without_running_the_tool():
    seen = []
    tools = {"refund": (lambda **kw: seen.append(kw), SCHEMA)}
    msg = tc.handle_call({"id": "c8", "name": "refund", "arguments": '{"order_id": "123"}'}, tools)
    assert msg["tool_call_id"] == "c8"
    assert msg["content"].startswith("Invalid arguments for refund: ")
    assert "order_id" in msg["content"] and "quantity" in msg["content"]
    bad_json = tc.handle_call({"id": "c9", "name": "refund", "arguments": "{oops"}, tools)
    assert bad_json["content"].startswith("Invalid arguments for refund: ")
    unknown = tc.handle_call({"id": "d1", "name": "delete_all", "arguments": "{}"}, tools)
    assert unknown["content"].startswith("Unknown tool: delete_all")
    assert seen == []
