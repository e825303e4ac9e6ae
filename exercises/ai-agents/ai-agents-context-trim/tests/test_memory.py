import pytest
from memory import estimate_tokens, trim_history


def msg(role, content, **extra):
    return {"role": role, "content": content, **extra}


SYSTEM = msg("system", "x" * 16)  # 8 tokens
HISTORY = [
    SYSTEM,
    msg("user", "a" * 16),  # 8
    msg("assistant", "", tool_calls=[{"id": "1", "name": "search"}]),  # 4
    msg("tool", "r" * 40, tool_call_id="1"),  # 14
    msg("tool", "s" * 8, tool_call_id="2"),  # 6
    msg("assistant", "b" * 16),  # 8
    msg("user", "c" * 16),  # 8
]


def test_estimate_tokens():
    assert estimate_tokens(msg("user", "")) == 4
    assert estimate_tokens(msg("user", "abcd")) == 5
    assert estimate_tokens(msg("user", "abcde")) == 6  # rounds up
    assert estimate_tokens({"role": "assistant", "content": None, "tool_calls": []}) == 4


def test_everything_fits():
    assert trim_history(HISTORY, 1000) == HISTORY


def test_drops_oldest_first_and_keeps_the_system_prompt():
    out = trim_history(HISTORY, 8 + 8 + 8)
    assert out == [SYSTEM, HISTORY[5], HISTORY[6]]


def test_tool_results_stay_with_their_request():
    out = trim_history(HISTORY, 8 + 24 + 16)  # room for the tool group (24) but not the first user msg
    assert out == [SYSTEM] + HISTORY[2:]
    out = trim_history(HISTORY, 8 + 23 + 16)  # one token short: the whole group goes, no orphan
    assert out == [SYSTEM, HISTORY[5], HISTORY[6]]
    assert all(m["role"] != "tool" for m in out)


def test_kept_history_is_contiguous():
    history = [SYSTEM, msg("user", "short"), msg("assistant", "y" * 400), msg("user", "c" * 16)]
    assert trim_history(history, 8 + 8 + 6) == [SYSTEM, history[3]]  # the old short one is not pulled in


def test_budget_too_small_raises():
    with pytest.raises(ValueError):
        trim_history(HISTORY, 15)
    with pytest.raises(ValueError):
        trim_history([SYSTEM], 7)


def test_no_system_message():
    history = HISTORY[1:]
    assert trim_history(history, 16) == [HISTORY[5], HISTORY[6]]
