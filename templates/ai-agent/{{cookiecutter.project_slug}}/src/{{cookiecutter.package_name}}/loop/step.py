"""One plan step: tool-calling turns, errors fed back to the model with bounded retries, and a post-condition."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..llm import ChatModel, Message, OnText
from ..observe.trace import Emitter
from ..tools.runner import ToolRunner
# aieng:stage 2 begin
from .context import fit
# aieng:stage 2 stub
# aieng:stage 2 end
from .planner import Step

FileExists = Callable[[str], bool]


@dataclass
class StepOutcome:
    """How one plan step ended."""

    index: int
    description: str
    ok: bool
    result: str = ""
    error: str = ""
    tools_used: list[str] = field(default_factory=list)


def expectations(step: Step) -> str:
    """What the executor is told about when the step counts as done."""
    lines = []
    if step.tool:
        lines.append(f"This step is done only after a successful call of the `{step.tool}` tool.")
    if step.creates:
        lines.append(f"This step is done only when the file {step.creates!r} exists in the workspace.")
    return "\n".join(lines)


# aieng:stage 2 begin "Tool-calling loop that feeds errors back"
def unmet(step: Step, used: list[str], exists: FileExists | None) -> str:
    """Why the step is not done yet, or "" when its post-condition holds."""
    if step.tool and step.tool not in used:
        return f"the step expects a successful `{step.tool}` call and there was none"
    if step.creates and exists is not None and not exists(step.creates):
        return f"the step must create {step.creates!r} and it does not exist"
    return ""
# aieng:stage 2 stub
def unmet(step: Step, used: list[str], exists: FileExists | None) -> str:
    """Why the step is not done yet, or "" when its post-condition holds.

    A step with a `tool` is not done until that tool is in `used` (it ran successfully); a step that
    `creates` a file is not done while `exists(path)` is false (skip that check when `exists` is
    None). Say which, in words the model can act on. See STAGES.md, stage 2.
    """
    raise NotImplementedError("stage 2: check the step's post-condition (its tool ran, its file exists)")
# aieng:stage 2 end


class StepExecutor:
    """Runs one step to a verified result or a failure; the model sees its own mistakes and may fix them."""

    def __init__(
        self,
        model: ChatModel,
        runner: ToolRunner,
        events: Emitter,
        *,
        max_turns: int = 6,
        max_retries: int = 2,
        max_context: int = 32768,
        exists: FileExists | None = None,
        on_text: OnText | None = None,
    ) -> None:
        self.model, self.runner, self.events = model, runner, events
        self.max_turns, self.max_retries, self.max_context = max_turns, max_retries, max_context
        self.exists, self.on_text = exists, on_text

    # aieng:stage 2 begin
    def run(self, index: int, step: Step, system: str, history: list[Message]) -> StepOutcome:
        instruction = f"Do this step now: {step.description}"
        if expected := expectations(step):
            instruction += "\n" + expected
        messages: list[Message] = [
            {"role": "system", "content": system},
            *history,
            {"role": "user", "content": instruction},
        ]
        keep_from = len(messages) - 1
        tools = self.runner.registry.schemas()
        used: list[str] = []
        retries = 0
        for _turn in range(self.max_turns):
            prompt, trim = fit(messages, tools, self.max_context, keep_from)
            if trim is not None:
                self.events.emit(
                    "context_trimmed",
                    index=index,
                    dropped=trim.dropped,
                    shortened=trim.shortened,
                    tokens_before=trim.tokens_before,
                    tokens_after=trim.tokens_after,
                )
            reply = self.model.chat(prompt, tools=tools, on_text=self.on_text)
            self.events.emit(
                "model",
                index=index,
                content=reply.content,
                tool_calls=[{"name": c.name, "arguments": c.arguments} for c in reply.tool_calls],
            )
            if not reply.tool_calls:
                problem = unmet(step, used, self.exists)
                if not problem:
                    return StepOutcome(index, step.description, True, reply.content.strip() or "(done)", "", used)
                retries += 1
                if retries > self.max_retries:
                    return StepOutcome(
                        index, step.description, False, error=f"step not done: {problem}", tools_used=used
                    )
                self.events.emit("retry", index=index, reason=problem)
                messages += [
                    {"role": "assistant", "content": reply.content},
                    {"role": "user", "content": f"This step is not done yet: {problem}. Do it now with the tools."},
                ]
                continue
            messages.append(
                {
                    "role": "assistant",
                    "content": reply.content,
                    "tool_calls": [{"function": {"name": c.name, "arguments": c.arguments}} for c in reply.tool_calls],
                }
            )
            results = self.runner.run_all(index, reply.tool_calls)
            for r in results:
                messages.append({"role": "tool", "tool_name": r.call.name, "content": r.message})
                if r.ok:
                    used.append(r.call.name)
            refused = next((r for r in results if r.refused), None)
            if refused is not None:  # asking again will not change a person's or a policy's answer
                return StepOutcome(index, step.description, False, error=refused.error, tools_used=used)
            errors = [r for r in results if not r.ok]
            if errors:
                retries += 1
                if retries > self.max_retries:
                    return StepOutcome(index, step.description, False, error=errors[-1].error, tools_used=used)
                self.events.emit("retry", index=index, reason=errors[-1].error)
        return StepOutcome(
            index, step.description, False, error=f"no result after {self.max_turns} model turns", tools_used=used
        )
    # aieng:stage 2 stub
    def run(self, index: int, step: Step, system: str, history: list[Message]) -> StepOutcome:
        """Run one plan step to a verified result or a failure.

        Send the system prompt, the history and an instruction to do the step (with its
        `expectations`) to the model with every tool's schema, fitting the prompt into
        `max_context` (`fit`; emit `context_trimmed` when it trimmed). Emit a `model` event per
        reply. Tool calls: append them as an assistant message, run them with `self.runner.run_all`
        and append each result as a `tool` message (errors too: the model reads them and fixes its
        call). A refused call ends the step at once; a turn with errors counts as a retry (emit
        `retry`). A reply without tool calls ends the step when `unmet` says it is done; else it is
        a retry and the model is told what is missing. More than `max_retries` retries, or
        `max_turns` turns, fail the step. See STAGES.md, stage 2.
        """
        raise NotImplementedError("stage 2: run the tool-calling turns of one step, feeding errors back")
    # aieng:stage 2 end
