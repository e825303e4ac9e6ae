import copy

from agent import run_agent


class ScriptedLLM:
    """Returns the scripted replies in order and records what it was shown."""

    def __init__(self, replies):
        self.replies = list(replies)
        self.seen = []

    def __call__(self, messages):
        self.seen.append(copy.deepcopy(messages))
        return self.replies.pop(0)


def call(id_, name, **arguments):
    return {"id": id_, "name": name, "arguments": arguments}


def test_direct_answer_takes_one_step():
    llm = ScriptedLLM([{"content": "Paris.", "tool_calls": []}])
    out = run_agent("Capital of France?", llm, {})
    assert out["answer"] == "Paris." and out["stopped"] == "answer" and out["steps"] == 1
    assert llm.seen[0] == [{"role": "user", "content": "Capital of France?"}]


def test_tool_result_is_fed_back():
    llm = ScriptedLLM([{"content": "", "tool_calls": [call("c1", "add", a=2, b=3)]}, {"content": "It is 5."}])
    out = run_agent("2+3?", llm, {"add": lambda a, b: a + b})
    assert out["answer"] == "It is 5." and out["steps"] == 2
    assert llm.seen[1][-1] == {"role": "tool", "tool_call_id": "c1", "content": "5"}
    assert llm.seen[1][-2]["role"] == "assistant" and llm.seen[1][-2]["tool_calls"][0]["id"] == "c1"


def test_parallel_calls_get_one_result_each_in_order():
    llm = ScriptedLLM(
        [
            {"content": "", "tool_calls": [call("a", "lookup", key="x"), call("b", "lookup", key="y")]},
            {"content": "done"},
        ]
    )
    run_agent("look up", llm, {"lookup": lambda key: {"key": key, "value": 1}})
    tool_msgs = [m for m in llm.seen[1] if m["role"] == "tool"]
    assert [m["tool_call_id"] for m in tool_msgs] == ["a", "b"]
    assert tool_msgs[0]["content"] == '{"key": "x", "value": 1}'


def test_errors_become_observations_not_crashes():
    def boom(**_):
        raise RuntimeError("service down")

    llm = ScriptedLLM(
        [
            {"content": "", "tool_calls": [call("1", "nope", q=1)]},
            {"content": "", "tool_calls": [call("2", "boom", q=1)]},
            {"content": "Sorry, I could not do it."},
        ]
    )
    out = run_agent("try", llm, {"boom": boom})
    assert out["stopped"] == "answer"
    assert llm.seen[1][-1]["content"] == "error: unknown tool nope"
    assert llm.seen[2][-1]["content"] == "error: RuntimeError: service down"


def test_step_budget_stops_the_run():
    llm = ScriptedLLM([{"content": "", "tool_calls": [call(str(i), "search", page=i)]} for i in range(10)])
    out = run_agent("search forever", llm, {"search": lambda page: []}, max_steps=3)
    assert out == {**out, "answer": None, "stopped": "max_steps", "steps": 3}
    assert len(llm.seen) == 3


def test_repeated_call_is_not_executed_again():
    runs = []
    llm = ScriptedLLM(
        [
            {"content": "", "tool_calls": [call("1", "search", q="refund", page=1)]},
            {"content": "", "tool_calls": [call("2", "search", page=1, q="refund")]},
            {"content": "never reached"},
        ]
    )
    out = run_agent("loop", llm, {"search": lambda q, page: runs.append(q) or "nothing"})
    assert out["stopped"] == "repeated_call" and out["answer"] is None and out["steps"] == 2
    assert runs == ["refund"]
