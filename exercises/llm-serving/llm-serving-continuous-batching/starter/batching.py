"""A step-by-step simulation of static and continuous batching in an LLM server."""

Request = tuple[str, int, int]  # (request_id, arrival_step, output_tokens)


def simulate(requests: list[Request], max_batch: int, policy: str) -> dict[str, int]:
    """Finish step of every request under 'static' or 'continuous' batching."""
    # TODO
    raise NotImplementedError


def mean_latency(requests: list[Request], finish: dict[str, int]) -> float:
    """Average steps from arrival to completion, inclusive."""
    # TODO
    raise NotImplementedError


def throughput(requests: list[Request], finish: dict[str, int]) -> float:
    """Output tokens per step."""
    # TODO
    raise NotImplementedError
