import asyncio

from fanout import fan_out, merge_findings


def finding(claim, source):
    return {"claim": claim, "source": source}


def test_results_come_back_in_input_order():
    async def worker(task):
        await asyncio.sleep(0.001 if task == "b" else 0.01)  # b finishes first
        return {"findings": [finding(task, f"https://{task}.example")]}

    records = asyncio.run(fan_out(["a", "b", "c"], worker))
    assert [r["task"] for r in records] == ["a", "b", "c"]
    assert all(r["status"] == "ok" for r in records)
    assert records[1]["result"] == {"findings": [finding("b", "https://b.example")]}


def test_concurrency_is_capped():
    running = {"now": 0, "peak": 0}

    async def worker(task):
        running["now"] += 1
        running["peak"] = max(running["peak"], running["now"])
        for _ in range(3):
            await asyncio.sleep(0)
        running["now"] -= 1
        return {}

    asyncio.run(fan_out([str(i) for i in range(10)], worker, max_concurrency=3))
    assert running["peak"] == 3


def test_hung_and_failing_workers_do_not_sink_the_run():
    async def worker(task):
        if task == "hang":
            await asyncio.Event().wait()  # never finishes
        if task == "boom":
            raise ConnectionError("search API down")
        return {"findings": []}

    records = asyncio.run(fan_out(["ok", "hang", "boom"], worker, timeout=0.05))
    assert records == [
        {"task": "ok", "status": "ok", "result": {"findings": []}},
        {"task": "hang", "status": "timeout"},
        {"task": "boom", "status": "error", "error": "ConnectionError: search API down"},
    ]


def test_workers_actually_run_in_parallel():
    started = []
    gate = {}

    async def worker(task):
        started.append(task)
        if len(started) == 2:
            gate["both"] = True
        for _ in range(5):
            await asyncio.sleep(0)
        return {"saw_both": gate.get("both", False)}

    records = asyncio.run(fan_out(["x", "y"], worker, max_concurrency=2))
    assert records[0]["result"] == {"saw_both": True}


def test_merge_findings_dedupes_sources_and_lists_failures():
    records = [
        {"task": "q1", "status": "ok", "result": {"findings": [finding("A", "s1"), finding("B", "s2")]}},
        {"task": "q2", "status": "timeout"},
        {"task": "q3", "status": "ok", "result": {"findings": [finding("B again", "s2"), finding("C", "s3")]}},
        {"task": "q4", "status": "error", "error": "ValueError: x"},
    ]
    assert merge_findings(records) == {
        "findings": [finding("A", "s1"), finding("B", "s2"), finding("C", "s3")],
        "failed": ["q2", "q4"],
    }
    assert merge_findings([]) == {"findings": [], "failed": []}
