"""Helpers for reading an LLM request trace: span tree, self time, token totals, root cause."""


def children(spans: list[dict]) -> dict[str, list[str]]:
    by_id = {s["span_id"]: s for s in spans}
    roots = [s for s in spans if s["parent_id"] is None]
    if len(roots) != 1:
        raise ValueError(f"a trace needs exactly one root span, found {len(roots)}")
    tree: dict[str, list[str]] = {s["span_id"]: [] for s in spans}
    for span in sorted(spans, key=lambda s: (s["start_ms"], s["span_id"])):
        parent = span["parent_id"]
        if parent is None:
            continue
        if parent not in by_id:
            raise ValueError(f"span {span['span_id']} has unknown parent {parent}")
        tree[parent].append(span["span_id"])
    return tree


def self_time(spans: list[dict], span_id: str) -> float:
    by_id = {s["span_id"]: s for s in spans}
    span = by_id[span_id]
    lo, hi = span["start_ms"], span["end_ms"]
    intervals = sorted((max(lo, c["start_ms"]), min(hi, c["end_ms"])) for c in spans if c["parent_id"] == span_id)
    covered, current_start, current_end = 0.0, None, None
    for start, end in intervals:
        if end <= start:
            continue
        if current_end is None or start > current_end:
            if current_end is not None:
                covered += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        covered += current_end - current_start
    return (hi - lo) - covered


def token_totals(spans: list[dict]) -> dict[str, int]:
    totals = {"input": 0, "output": 0}
    for span in spans:
        attrs = span.get("attributes") or {}
        totals["input"] += attrs.get("gen_ai.usage.input_tokens", 0)
        totals["output"] += attrs.get("gen_ai.usage.output_tokens", 0)
    return totals


def root_cause(spans: list[dict]) -> list[str] | None:
    by_id = {s["span_id"]: s for s in spans}
    tree = children(spans)
    failed = [
        s
        for s in spans
        if s["status"] == "error" and not any(by_id[c]["status"] == "error" for c in tree[s["span_id"]])
    ]
    if not failed:
        return None
    culprit = min(failed, key=lambda s: (s["start_ms"], s["span_id"]))
    path = []
    node: dict | None = culprit
    while node is not None:
        path.append(node["name"])
        node = by_id.get(node["parent_id"]) if node["parent_id"] is not None else None
    return path[::-1]
