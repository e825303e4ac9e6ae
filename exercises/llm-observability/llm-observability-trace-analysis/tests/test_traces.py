import pytest
from traces import children, root_cause, self_time, token_totals


def span(span_id, parent, name, start, end, status="ok", **attributes):
    return {
        "span_id": span_id,
        "parent_id": parent,
        "name": name,
        "start_ms": start,
        "end_ms": end,
        "status": status,
        "attributes": attributes,
    }


def trace():
    tokens = {"gen_ai.usage.input_tokens": 1200, "gen_ai.usage.output_tokens": 150}
    return [
        span("r", None, "POST /ask", 0, 1000),
        span("ret", "r", "retrieve", 10, 210),
        span("emb", "ret", "embed query", 10, 60),
        span("vs", "ret", "vector search", 60, 200),
        span("chat", "r", "chat llama3", 220, 990, **tokens),
        span("t2", "chat", "get_weather", 400, 600),
        span("t1", "chat", "search_orders", 300, 500),
    ]


def test_children_are_ordered_by_start():
    tree = children(trace())
    assert tree["r"] == ["ret", "chat"]
    assert tree["chat"] == ["t1", "t2"]
    assert tree["emb"] == []


def test_broken_traces_are_rejected():
    with pytest.raises(ValueError):
        children(trace() + [span("x", "missing", "orphan", 5, 6)])
    with pytest.raises(ValueError):
        children(trace() + [span("r2", None, "second root", 0, 5)])
    with pytest.raises(ValueError):
        children([s for s in trace() if s["span_id"] != "r"])


def test_self_time_counts_parallel_children_once():
    spans = trace()
    assert self_time(spans, "r") == 1000 - 200 - 770
    assert self_time(spans, "ret") == 200 - 50 - 140
    assert self_time(spans, "chat") == 770 - 300  # tools overlap: 300-600 is covered once
    assert self_time(spans, "t1") == 200


def test_self_time_clips_children_to_the_parent():
    spans = [span("p", None, "parent", 100, 200), span("c", "p", "skewed child", 150, 260)]
    assert self_time(spans, "p") == 50


def test_token_totals():
    spans = trace() + [span("judge", "r", "judge", 995, 999, **{"gen_ai.usage.input_tokens": 300})]
    assert token_totals(spans) == {"input": 1500, "output": 150}
    assert token_totals([span("r", None, "x", 0, 1)]) == {"input": 0, "output": 0}


def test_root_cause_follows_errors_down():
    spans = trace()
    assert root_cause(spans) is None
    for s in spans:
        if s["span_id"] in ("r", "chat", "t1"):
            s["status"] = "error"
    assert root_cause(spans) == ["POST /ask", "chat llama3", "search_orders"]


def test_root_cause_picks_the_earliest_leaf_error():
    spans = trace()
    for s in spans:
        if s["span_id"] in ("r", "ret", "vs", "chat", "t2"):
            s["status"] = "error"
    assert root_cause(spans) == ["POST /ask", "retrieve", "vector search"]
