"""The execution layer: plan, run each step with tool calls, re-plan on failure, within budgets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .budget import Budget
from .errors import AgentError, BudgetExceeded, ToolError
from .llm import ChatModel, Message, OnText, ToolCall
from .memory.long_term import LongTermMemory
from .memory.short_term import ShortTermMemory
from .planner import Plan, make_plan
from .tools.registry import ToolRegistry
from .trace import Emitter

Confirm = Callable[[str, dict[str, Any]], bool]

DEFAULT_PROMPT = (
    "You are a careful autonomous agent. You work on one step of a plan at a time. "
    "Use the tools when they help; never invent tool results. "
    "When the step is done, reply with its result in one or two plain sentences."
)
SUMMARY_PROMPT = (
    "Summarise these earlier steps of an agent's run in at most five short lines. Keep numbers, names and file paths."
)
ANSWER_PROMPT = "All steps are finished. Using their results, write the final answer to the goal, briefly and plainly."
RESULT_LIMIT = 4000


@dataclass
class StepOutcome:
    """How one plan step ended."""

    index: int
    description: str
    ok: bool
    result: str = ""
    error: str = ""


@dataclass
class RunResult:
    """The end of a run: status is done, failed or budget_exceeded."""

    goal: str
    answer: str
    status: str
    steps: list[StepOutcome] = field(default_factory=list)
    usage: dict[str, float] = field(default_factory=dict)
    replans: int = 0

    @property
    def ok(self) -> bool:
        return self.status == "done"


class Agent:
    """One agent: a model, its tools and prompt, a shared budget, memory and an event emitter."""

    def __init__(
        self,
        model: ChatModel,
        tools: ToolRegistry,
        *,
        budget: Budget,
        emitter: Emitter,
        memory: LongTermMemory | None = None,
        confirm: Confirm | None = None,
        system_prompt: str = DEFAULT_PROMPT,
        max_replans: int = 2,
        max_turns_per_step: int = 6,
        memory_budget_chars: int = 8000,
        on_text: OnText | None = None,
    ) -> None:
        self.model, self.tools, self.budget, self.events = model, tools, budget, emitter
        self.memory, self.confirm, self.system_prompt = memory, confirm, system_prompt
        self.max_replans, self.max_turns_per_step = max_replans, max_turns_per_step
        self.memory_budget_chars = memory_budget_chars
        self.on_text = on_text

    # -- the run --------------------------------------------------------------------------
    def run(self, goal: str, context: str = "") -> RunResult:
        self.budget.start()
        self.events.emit("run_start", goal=goal, model=self.model.label, tools=self.tools.names())
        short = ShortTermMemory(self.memory_budget_chars, summarise=self._summarise)
        outcomes: list[StepOutcome] = []
        replans, status, answer = 0, "done", ""
        try:
            known = self._recall(goal)
            context = "\n".join(x for x in (context, known) if x)
            plan = self._plan(goal, context)
            queue = list(plan.steps)
            while queue:
                step = queue.pop(0)
                self.budget.use_step()
                outcome = self._run_step(len(outcomes) + 1, step.description, goal, context, plan, short)
                outcomes.append(outcome)
                if outcome.ok:
                    continue
                if replans >= self.max_replans:
                    status = "failed"
                    answer = f"Could not reach the goal: step {outcome.index} failed ({outcome.error})."
                    break
                replans += 1
                plan = self._plan(goal, _progress(context, outcomes), failure=outcome.error, replan=True)
                queue = list(plan.steps)
            if status == "done":
                answer = self._answer(goal, outcomes, short)
        except AgentError as e:
            if not isinstance(e, BudgetExceeded):
                self.events.emit("run_end", status="error", error=str(e), usage=self.budget.usage())
                raise
            status = "budget_exceeded"
            done = [o for o in outcomes if o.ok]
            answer = f"Stopped: {e}." + (f" Last result: {done[-1].result}" if done else "")
            self.events.emit("budget_exceeded", reason=str(e), usage=self.budget.usage())
        self.events.emit("answer", text=answer, status=status)
        self.events.emit("run_end", status=status, usage=self.budget.usage(), replans=replans)
        return RunResult(goal, answer, status, outcomes, self.budget.usage(), replans)

    # -- pieces ---------------------------------------------------------------------------
    def _recall(self, goal: str) -> str:
        if self.memory is None:
            return ""
        hits = self.memory.search(goal, limit=3)
        if hits:
            self.events.emit("recall", facts=[h.text for h in hits], method=hits[0].method)
        return "\n".join(f"Known fact: {h.text}" for h in hits)

    def _plan(self, goal: str, context: str, failure: str = "", replan: bool = False) -> Plan:
        self.budget.check_time()
        plan, fallback = make_plan(self.model, goal, self.tools.schemas(), context, failure)
        self.events.emit(
            "replan" if replan else "plan",
            steps=[s.model_dump() for s in plan.steps],
            fallback=fallback,
            **({"reason": failure} if replan else {}),
        )
        return plan

    def _run_step(
        self, index: int, description: str, goal: str, context: str, plan: Plan, short: ShortTermMemory
    ) -> StepOutcome:
        self.events.emit("step_start", index=index, description=description)
        listing = "\n".join(f"{i}. {s.description}" for i, s in enumerate(plan.steps, 1))
        system = f"{self.system_prompt}\n\nGoal: {goal}\nPlan:\n{listing}"
        if context:
            system += f"\n\nContext:\n{context}"
        instruction = f"Do this step now: {description}"
        messages: list[Message] = [
            {"role": "system", "content": system},
            *short.messages(),
            {"role": "user", "content": instruction},
        ]
        outcome = StepOutcome(index, description, ok=False, error="")
        for _turn in range(self.max_turns_per_step):
            self.budget.check_time()
            reply = self.model.chat(messages, tools=self.tools.schemas(), on_text=self.on_text)
            self.events.emit(
                "model",
                index=index,
                content=reply.content,
                tool_calls=[{"name": c.name, "arguments": c.arguments} for c in reply.tool_calls],
            )
            if not reply.tool_calls:
                outcome = StepOutcome(index, description, ok=True, result=reply.content.strip() or "(done)")
                break
            messages.append(
                {
                    "role": "assistant",
                    "content": reply.content,
                    "tool_calls": [{"function": {"name": c.name, "arguments": c.arguments}} for c in reply.tool_calls],
                }
            )
            error = None
            for call in reply.tool_calls:
                result, error = self._call_tool(index, call)
                messages.append({"role": "tool", "tool_name": call.name, "content": result})
                if error:
                    break
            if error:
                outcome = StepOutcome(index, description, ok=False, error=error)
                break
        else:
            outcome.error = f"no result after {self.max_turns_per_step} model turns"
        self.events.emit("step_end", index=index, ok=outcome.ok, result=outcome.result, error=outcome.error)
        short.add("user", f"Step {index}: {description}")
        if short.add("assistant", outcome.result if outcome.ok else f"Step failed: {outcome.error}"):
            self.events.emit("memory_summarised", size=short.size())
        return outcome

    def _call_tool(self, index: int, call: ToolCall) -> tuple[str, str | None]:
        """Run one tool call; return (text for the model, error or None)."""
        self.budget.use_tool_call()
        self.events.emit("tool_call", index=index, name=call.name, arguments=call.arguments)
        try:
            tool = self.tools.get(call.name)
            if tool.dangerous and not (self.confirm and self.confirm(tool.name, call.arguments)):
                raise ToolError(f"{tool.name} needs confirmation and was not allowed (run with --yes to allow)")
            result = tool(call.arguments)[:RESULT_LIMIT]
        except ToolError as e:
            self.events.emit("tool_result", index=index, name=call.name, ok=False, error=str(e))
            return f"ERROR: {e}", str(e)
        self.events.emit("tool_result", index=index, name=call.name, ok=True, output=result)
        return result, None

    def _answer(self, goal: str, outcomes: list[StepOutcome], short: ShortTermMemory) -> str:
        done = [o for o in outcomes if o.ok]
        if len(done) == 1 and len(outcomes) == 1:
            return done[0].result  # one step: its result is the answer, no extra model call
        self.budget.check_time()
        messages: list[Message] = [
            {"role": "system", "content": f"{self.system_prompt}\n\nGoal: {goal}"},
            *short.messages(),
            {"role": "user", "content": ANSWER_PROMPT},
        ]
        return self.model.chat(messages, on_text=self.on_text).content.strip() or done[-1].result

    def _summarise(self, transcript: str) -> str:
        messages: list[Message] = [
            {"role": "system", "content": SUMMARY_PROMPT},
            {"role": "user", "content": transcript},
        ]
        return self.model.chat(messages).content


def _progress(context: str, outcomes: list[StepOutcome]) -> str:
    lines = [context] if context else []
    for o in outcomes:
        lines.append(f"Step {o.index} ({o.description}): " + (o.result if o.ok else f"FAILED: {o.error}"))
    return "\n".join(lines)
