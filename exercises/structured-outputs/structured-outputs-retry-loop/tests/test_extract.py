import json

import pytest
from extract import SYSTEM_PROMPT, ExtractionError, extract, feedback_message

SCHEMA = {
    "type": "object",
    "properties": {
        "category": {"type": "string", "enum": ["billing", "repair", "other"]},
        "order_id": {"type": ["string", "null"]},
    },
    "required": ["category", "order_id"],
    "additionalProperties": False,
}
EMAIL = "My wheel still wobbles after the service, order ORD-123456."
GOOD = {"category": "repair", "order_id": "ORD-123456"}


def test_first_answer_valid(model_server):
    model_server.script([{"content": json.dumps(GOOD)}])
    assert extract(model_server.url, EMAIL, SCHEMA) == {"ok": True, "value": GOOD, "attempts": 1, "errors": []}
    body = model_server.chats[0]
    assert body["format"] == SCHEMA and body["stream"] is False and body["options"] == {"temperature": 0}
    assert body["messages"] == [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": EMAIL}]


def test_invalid_answer_is_fed_back(model_server):
    bad = json.dumps({"category": "wheels", "order_id": "ORD-123456"})
    model_server.script([{"content": bad}, {"content": json.dumps(GOOD)}])
    out = extract(model_server.url, EMAIL, SCHEMA)
    assert out == {"ok": True, "value": GOOD, "attempts": 2, "errors": []}
    second = model_server.chats[1]["messages"]
    assert second[2] == {"role": "assistant", "content": bad}
    assert second[3] == {
        "role": "user",
        "content": feedback_message(["$.category: must be one of ['billing', 'repair', 'other']"]),
    }


def test_text_that_is_not_json(model_server):
    model_server.script([{"content": "Sure! The category is repair."}, {"content": json.dumps(GOOD)}])
    assert extract(model_server.url, EMAIL, SCHEMA)["attempts"] == 2
    assert model_server.chats[1]["messages"][3]["content"] == feedback_message(["$: not valid JSON"])


def test_gives_up_after_max_attempts(model_server):
    model_server.script([{"content": json.dumps({"category": "repair"})}] * 3)
    out = extract(model_server.url, EMAIL, SCHEMA, max_attempts=3)
    assert out == {"ok": False, "value": None, "attempts": 3, "errors": ["$.order_id: required property is missing"]}
    assert len(model_server.chats) == 3
    assert len(model_server.chats[2]["messages"]) == 6  # system, user, then two per failed attempt


def test_server_errors_are_not_retried(model_server):
    model_server.script([{"error": "boom", "status": 500}, {"content": json.dumps(GOOD)}])
    with pytest.raises(ExtractionError, match="500"):
        extract(model_server.url, EMAIL, SCHEMA)
    assert len(model_server.chats) == 1
