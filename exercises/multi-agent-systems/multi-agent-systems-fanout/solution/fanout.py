"""A supervisor fanning sub-tasks out to async worker agents with limits."""

import asyncio
from collections.abc import Awaitable, Callable


async def fan_out(
    tasks: list[str],
    worker: Callable[[str], Awaitable[dict]],
    max_concurrency: int = 3,
    timeout: float = 1.0,
) -> list[dict]:
    limit = asyncio.Semaphore(max_concurrency)

    async def run(task: str) -> dict:
        async with limit:
            try:
                result = await asyncio.wait_for(worker(task), timeout)
            except asyncio.TimeoutError:
                return {"task": task, "status": "timeout"}
            except Exception as err:  # one failing worker must not sink the run
                return {"task": task, "status": "error", "error": f"{type(err).__name__}: {err}"}
            return {"task": task, "status": "ok", "result": result}

    return list(await asyncio.gather(*(run(t) for t in tasks)))


def merge_findings(records: list[dict]) -> dict:
    findings: list[dict] = []
    sources: set[str] = set()
    failed: list[str] = []
    for record in records:
        if record["status"] != "ok":
            failed.append(record["task"])
            continue
        for finding in record["result"].get("findings", []):
            if finding["source"] not in sources:
                sources.add(finding["source"])
                findings.append(finding)
    return {"findings": findings, "failed": failed}
