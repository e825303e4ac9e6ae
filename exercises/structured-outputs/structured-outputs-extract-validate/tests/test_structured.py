import pytest
import structured as st

TICKET = {
    "type": "object",
    "properties": {
        "category": {"type": "string", "enum": ["billing", "repair", "other"]},
        "order_id": {"type": ["string", "null"]},
        "items": {
            "type": "array",
            "items": {"type": "object", "properties": {"qty": {"type": "integer"}}, "required": ["qty"]},
        },
    },
    "required": ["category", "order_id"],
    "additionalProperties": False,
}


def test_extract_from_fences_and_chatter():
    reply = 'Sure! Here is the JSON:\n```json\n{"category": "billing", "order_id": null}\n```\nAnything else?'
    assert st.extract_json(reply) == {"category": "billing", "order_id": None}


def test_braces_and_escaped_quotes_inside_strings():
    assert st.extract_json('{"s": "a } b {"} and {"t": 1}') == {"s": "a } b {"}
    assert st.extract_json(r'x {"s": "say \"}\" now", "n": {"k": 2}} y') == {"s": 'say "}" now', "n": {"k": 2}}


@pytest.mark.parametrize("text", ["no json here", '{"a": [1, 2', '{"s": "unterminated }'])
def test_missing_or_truncated_objects_raise(text):
    with pytest.raises(ValueError):
        st.extract_json(text)


def test_valid_value_has_no_errors():
    assert st.validate({"category": "repair", "order_id": "ORD-1", "items": [{"qty": 2}]}, TICKET) == []
    assert st.validate({"category": "other", "order_id": None}, TICKET) == []


def test_errors_carry_paths():
    value = {"category": "refund", "items": [{"qty": 1}, {"qty": "2"}, {}], "extra": 1}
    errors = st.validate(value, TICKET)
    assert len(errors) == 5
    for prefix in ("$.category: ", "$.order_id: ", "$.items[1].qty: ", "$.items[2].qty: ", "$.extra: "):
        assert sum(e.startswith(prefix) for e in errors) == 1, prefix


def test_booleans_are_not_numbers():
    assert st.validate(True, {"type": "integer"}) != []
    assert st.validate(False, {"type": "number"}) != []
    assert st.validate(2.5, {"type": "integer"}) != []
    assert st.validate(2.5, {"type": "number"}) == []
    assert st.validate(True, {"type": "boolean"}) == []


def test_wrong_root_type():
    errors = st.validate(["not", "an", "object"], TICKET)
    assert len(errors) == 1 and errors[0].startswith("$: ")


def test_parse_reply():
    value, errors = st.parse_reply('```json\n{"category": "billing", "order_id": 7}\n```', TICKET)
    assert value == {"category": "billing", "order_id": 7}
    assert len(errors) == 1 and errors[0].startswith("$.order_id: ")
    value, errors = st.parse_reply('{"category": "bill', TICKET)
    assert value is None and len(errors) == 1 and errors[0].startswith("$: ")
    value, errors = st.parse_reply('{"category": billing}', TICKET)  # not valid JSON at all
    assert value is None and len(errors) == 1 and errors[0].startswith("$: ")
