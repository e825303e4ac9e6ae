"""Security lint rules for GitHub Actions workflows, given as parsed YAML."""

import re

_SHA = re.compile(r"[0-9a-f]{40}")
_INJECTION = re.compile(r"\$\{\{\s*(secrets|github\.event)\.")


def _events(workflow: dict) -> set[str]:
    triggers = workflow.get("on", workflow.get(True))
    if isinstance(triggers, str):
        return {triggers}
    if isinstance(triggers, (list, dict)):
        return set(triggers)
    return set()


def _pinned(uses: str) -> bool:
    if uses.startswith("./"):
        return True
    if uses.startswith("docker://"):
        return "@sha256:" in uses
    _, _, ref = uses.partition("@")
    return bool(_SHA.fullmatch(ref))


def lint(workflow: dict) -> list[tuple[str, str]]:
    """Sorted (location, rule) findings."""
    findings: list[tuple[str, str]] = []
    jobs = workflow.get("jobs") or {}
    if "permissions" not in workflow and any("permissions" not in job for job in jobs.values()):
        findings.append(("workflow", "GH002"))
    target = "pull_request_target" in _events(workflow)
    for job_id, job in jobs.items():
        if "timeout-minutes" not in job:
            findings.append((f"jobs.{job_id}", "GH004"))
        for i, step in enumerate(job.get("steps") or []):
            where = f"jobs.{job_id}.steps[{i}]"
            uses = step.get("uses")
            if uses and not _pinned(uses):
                findings.append((where, "GH001"))
            ref = str((step.get("with") or {}).get("ref", ""))
            if target and "github.event.pull_request.head" in ref:
                findings.append((where, "GH003"))
            if _INJECTION.search(str(step.get("run", ""))):
                findings.append((where, "GH005"))
    return sorted(findings)
