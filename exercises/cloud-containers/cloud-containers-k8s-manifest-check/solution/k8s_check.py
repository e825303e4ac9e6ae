"""Sanity checks for a Kubernetes Deployment serving an AI model."""

import re

_UNITS = {
    "": 1,
    "k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12,
    "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40,
}  # fmt: skip


def parse_memory(text: str) -> int:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?", str(text).strip())
    if not match:
        raise ValueError(f"not a memory quantity: {text!r}")
    return int(float(match.group(1)) * _UNITS[match.group(2) or ""])


def _bad_image(image: str) -> bool:
    if "@sha256:" in image:
        return False
    name = image.rsplit("/", 1)[-1]
    return ":" not in name or name.endswith(":latest")


def check(deployment: dict) -> list[tuple[str, str]]:
    findings: list[tuple[str, str]] = []
    spec = deployment.get("spec") or {}
    if spec.get("replicas", 1) < 2:
        findings.append(("deployment", "replicas"))
    containers = ((spec.get("template") or {}).get("spec") or {}).get("containers") or []
    for container in containers:
        name = container.get("name", "?")
        resources = container.get("resources") or {}
        requests, limits = resources.get("requests") or {}, resources.get("limits") or {}
        if not {"cpu", "memory"} <= set(requests):
            findings.append((name, "requests"))
        if not {"cpu", "memory"} <= set(limits):
            findings.append((name, "limits"))
        if "memory" in requests and "memory" in limits:
            if parse_memory(limits["memory"]) < parse_memory(requests["memory"]):
                findings.append((name, "memory_limit_below_request"))
        if "readinessProbe" not in container:
            findings.append((name, "readiness_probe"))
        if _bad_image(container.get("image", "")):
            findings.append((name, "image_tag"))
        gpu = "nvidia.com/gpu"
        if gpu in requests and str(requests[gpu]) != str(limits.get(gpu)):
            findings.append((name, "gpu"))
    return sorted(findings)
