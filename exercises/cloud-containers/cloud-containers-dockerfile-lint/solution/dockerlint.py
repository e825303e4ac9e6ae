"""Lint Dockerfiles for the mistakes that hurt AI service images most."""

import re

_SECRET_FILE = re.compile(r"(^|/)(\.env|id_rsa)$|\.(pem|key)$")
_SECRET_NAME = re.compile(r"KEY|TOKEN|SECRET|PASSWORD", re.I)


def _instructions(text: str) -> list[tuple[int, str, str]]:
    """(start line, INSTRUCTION, arguments) with continuations joined."""
    out: list[tuple[int, str, str]] = []
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        word, _, rest = full.partition(" ")
        out.append((start, word.upper(), rest.strip()))
    if pending.strip():
        word, _, rest = pending.strip().partition(" ")
        out.append((start, word.upper(), rest.strip()))
    return out


def _untagged(image: str, aliases: set[str]) -> bool:
    if image.lower() == "scratch" or image.lower() in aliases or "@sha256:" in image:
        return False
    name = image.rsplit("/", 1)[-1]
    return ":" not in name or name.endswith(":latest")


def _defined_names(args: str) -> list[str]:
    if "=" not in args.split(" ", 1)[0]:
        return [args.split(" ", 1)[0]]  # legacy "ENV NAME value" or "ARG NAME"
    return [part.split("=", 1)[0] for part in args.split() if "=" in part]


def lint(dockerfile_text: str) -> list[tuple[int, str]]:
    """Sorted (line, rule) findings."""
    findings: list[tuple[int, str]] = []
    aliases: set[str] = set()
    last_from, user, copied_all = 0, None, False
    for line, op, args in _instructions(dockerfile_text):
        if op == "FROM":
            words = [w for w in args.split() if not w.startswith("--")]
            if words and _untagged(words[0], aliases):
                findings.append((line, "DL001"))
            if len(words) >= 3 and words[1].lower() == "as":
                aliases.add(words[2].lower())
            last_from, user, copied_all = line, None, False
        elif op == "USER":
            user = args.split(":")[0].strip()
        elif op in ("COPY", "ADD"):
            sources = [w for w in args.split() if not w.startswith("--")][:-1]
            if any(_SECRET_FILE.search(s) for s in sources):
                findings.append((line, "DL003"))
            if op == "COPY" and any(s in (".", "./") for s in sources):
                copied_all = True
        elif op == "RUN" and re.search(r"\bpip3? install\b", args):
            if "--no-cache-dir" not in args:
                findings.append((line, "DL004"))
            if copied_all:
                findings.append((line, "DL005"))
        elif op in ("ENV", "ARG"):
            if any(_SECRET_NAME.search(name) for name in _defined_names(args)):
                findings.append((line, "DL006"))
    if last_from and user in (None, "root", "0"):
        findings.append((last_from, "DL002"))
    return sorted(findings)
