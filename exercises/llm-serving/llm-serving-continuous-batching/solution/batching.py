"""A step-by-step simulation of static and continuous batching in an LLM server."""

Request = tuple[str, int, int]  # (request_id, arrival_step, output_tokens)


def simulate(requests: list[Request], max_batch: int, policy: str) -> dict[str, int]:
    """Finish step of every request under 'static' or 'continuous' batching."""
    if policy not in ("static", "continuous"):
        raise ValueError(f"unknown policy {policy!r}")
    if max_batch < 1:
        raise ValueError("max_batch must be at least 1")
    waiting = sorted(requests, key=lambda r: (r[1], r[0]))
    running: dict[str, int] = {}  # id -> tokens still to produce, in admission order
    finish: dict[str, int] = {}
    t = 0
    while waiting or running:
        if policy == "continuous" or not running:
            while waiting and waiting[0][1] <= t and len(running) < max_batch:
                request_id, _, tokens = waiting.pop(0)
                running[request_id] = tokens
        for request_id in list(running):
            running[request_id] -= 1
            if running[request_id] == 0:
                del running[request_id]
                finish[request_id] = t
        t += 1
    return finish


def mean_latency(requests: list[Request], finish: dict[str, int]) -> float:
    """Average steps from arrival to completion, inclusive."""
    return sum(finish[rid] - arrival + 1 for rid, arrival, _ in requests) / len(requests)


def throughput(requests: list[Request], finish: dict[str, int]) -> float:
    """Output tokens per step."""
    return sum(tokens for _, _, tokens in requests) / (max(finish.values()) + 1)
