"""The offline demo model: deterministic, rule-based and clearly labelled. It is NOT a language model.

It speaks the same `ChatModel` protocol as Ollama so that `agent run --demo` shows the whole
machinery (plan, tool calls, memory, trace) without a server. It understands a few phrasings:
arithmetic, "remember that ...", "what do you know about ...", "save/write ... to FILE",
"read FILE", "list files", joined by "then", "and then", ";" or separate sentences.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from .llm import Message, OnText, Reply, ToolCall, Usage, estimate_tokens

LABEL = "demo (scripted offline stand-in, not a language model)"

_SPLIT = re.compile(r"\s*(?:;|,?\s+and then\s+|,?\s+then\s+|(?<=[.?!])\s+)\s*", re.IGNORECASE)
_REMEMBER = re.compile(r"\bremember(?:\s+that)?\s+(.+)", re.IGNORECASE)
_RECALL = re.compile(r"\b(?:what do you (?:know|remember) about|recall|look up)\s+(.+?)\??$", re.IGNORECASE)
_WRITE = re.compile(r"\b(?:save|write|store)\b.*?\b(?:to|in|into|as)\s+([\w./-]+\.\w+)", re.IGNORECASE)
_READ = re.compile(r"\bread\s+([\w./-]+\.\w+)", re.IGNORECASE)
_LIST = re.compile(r"\blist\b.*\bfiles?\b", re.IGNORECASE)
_MATH = re.compile(r"[-+*/^%().\d\s]*\d\s*[-+*/^%]\s*[-+*/^%().\d\s]*\d[)\s]*")
_STEP = re.compile(r"Do this step now: ([^\n]+)")
_FRAME = re.compile(r"^<tool_output [^>]*>\n(.*)\n</tool_output>$", re.DOTALL)


def action_for(clause: str) -> tuple[str, str | None, dict[str, Any]]:
    """(step description, tool, arguments) for one clause of a goal."""
    text = clause.strip().rstrip(".")
    if m := _WRITE.search(text):
        return f"Write the result to {m.group(1)}", "write_file", {"path": m.group(1)}
    if m := _READ.search(text):
        return f"Read {m.group(1)}", "read_file", {"path": m.group(1)}
    if _LIST.search(text):
        return "List the workspace files", "list_files", {"path": "."}
    if m := _REMEMBER.search(text):
        fact = m.group(1).strip()
        return f"Remember: {fact}", "remember", {"fact": fact[0].upper() + fact[1:] + "."}
    if m := _RECALL.search(text):
        return f"Search memory for {m.group(1)}", "search_memory", {"query": m.group(1)}
    if m := _MATH.search(text):
        expression = m.group(0).strip()
        return f"Calculate {expression}", "calculator", {"expression": expression}
    return f"Search memory for: {text}", "search_memory", {"query": text}


def specialist_for(tool: str | None) -> str:
    return {
        "calculator": "analysis",
        "write_file": "coding",
        "read_file": "coding",
        "list_files": "coding",
    }.get(tool or "", "research")


class DemoModel:
    """A scripted stand-in for a model; see the module docstring for what it understands."""

    label = LABEL

    def __init__(self) -> None:
        self._actions: dict[str, tuple[str | None, dict[str, Any]]] = {}
        self._results: list[str] = []

    def complete_json(self, messages: Sequence[Message], schema: dict[str, Any]) -> Reply:
        text = self._json(messages, schema)
        return Reply(text, (), Usage(estimate_tokens(messages), len(text) // 4))

    def _json(self, messages: Sequence[Message], schema: dict[str, Any]) -> str:
        prompt = str(messages[-1].get("content", ""))
        goal = prompt.split("Goal: ", 1)[-1].split("\n", 1)[0].strip()
        clauses = [c for c in _SPLIT.split(goal) if c.strip()] or [goal]
        if schema.get("title") == "Delegation":
            tasks = [{"specialist": specialist_for(action_for(c)[1]), "task": c.strip()} for c in clauses]
            return json.dumps({"tasks": tasks})
        if "previous plan failed" in prompt:
            steps = [{"description": "Report what went wrong", "tool": None}]
            self._actions["Report what went wrong"] = (None, {})
            return json.dumps({"steps": steps})
        steps = []
        for clause in clauses:
            description, tool, args = action_for(clause)
            self._actions[description] = (tool, args)
            creates = args.get("path") if tool == "write_file" else None
            steps.append({"description": description, "tool": tool, "creates": creates})
        return json.dumps({"steps": steps})

    def chat(
        self,
        messages: Sequence[Message],
        tools: Sequence[Message] | None = None,
        on_text: OnText | None = None,
    ) -> Reply:
        reply = self._turn(messages, tools)
        if on_text and reply.content:
            on_text(reply.content)
        usage = Usage(estimate_tokens(messages, tools), max(1, len(reply.content) // 4))
        return Reply(reply.content, reply.tool_calls, usage)

    def _turn(self, messages: Sequence[Message], tools: Sequence[Message] | None) -> Reply:
        last_user = max(i for i, m in enumerate(messages) if m["role"] in ("user", "system"))
        step = _STEP.search(str(messages[last_user]["content"]))
        if not tools or not step:
            if self._results:
                return Reply("Done. " + " ".join(self._results))
            return Reply("Done: nothing to report (the demo model only follows simple phrasings).")
        description = step.group(1).strip()
        tool, args = self._actions.get(description, (None, {}))
        after = messages[last_user + 1 :]
        outputs = [str(m.get("content", "")) for m in after if m["role"] == "tool"]
        if outputs:
            framed = _FRAME.match(outputs[-1])
            result = framed.group(1) if framed else outputs[-1].split("\n", 1)[0]
            summary = f"{description}: {result}" if len(result) < 300 else f"{description}: done."
            self._results.append(summary.rstrip(".") + ".")
            return Reply(summary)
        offered = {t["function"]["name"] for t in tools}
        if tool is None or tool not in offered:
            failure = next(
                (str(m["content"]) for m in reversed(messages) if str(m.get("content", "")).startswith("Step failed")),
                "",
            )
            self._results.append(f"{description}: {failure or 'no tool needed.'}")
            return Reply(self._results[-1])
        if tool == "write_file":
            args = {**args, "content": (self._last_value() or description) + "\n"}
        return Reply("", (ToolCall(tool, dict(args)),))

    def _last_value(self) -> str:
        if not self._results:
            return ""
        return self._results[-1].split(": ", 1)[-1].rstrip(".")

    def embed(self, texts: Sequence[str]) -> list[list[float]] | None:
        return None  # no embeddings offline: long-term memory falls back to FTS5
