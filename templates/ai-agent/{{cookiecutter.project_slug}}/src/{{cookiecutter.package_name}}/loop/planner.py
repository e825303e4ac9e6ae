"""Planning: the goal becomes a structured plan (JSON-schema output, validated by pydantic)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

# aieng:stage 3 begin
from pydantic import BaseModel, ConfigDict, Field, ValidationError
# aieng:stage 3 stub
from pydantic import BaseModel, ConfigDict, Field
# aieng:stage 3 end

from ..llm import ChatModel, Message

MAX_PLAN_STEPS = 8
T = TypeVar("T", bound=BaseModel)


class Step(BaseModel):
    """One step of a plan: what to do, and how to tell it is done.

    `tool` is the tool the step is expected to use (it is not done without a successful call of it);
    `creates` is a workspace file that must exist when the step is done.
    """

    model_config = ConfigDict(extra="ignore")

    description: str = Field(min_length=1, max_length=500)
    tool: str | None = None
    creates: str | None = Field(default=None, max_length=300)


class Plan(BaseModel):
    """An ordered list of steps that together reach the goal."""

    model_config = ConfigDict(extra="ignore")

    steps: list[Step] = Field(min_length=1, max_length=MAX_PLAN_STEPS)


PLAN_SCHEMA: dict[str, Any] = Plan.model_json_schema()

PLANNER_PROMPT = """You are the planner of an autonomous agent.
Break the user's goal into at most {max_steps} short, concrete steps, in order.
Each step is done by the agent with the tools below; name the tool a step must use ("tool", or
null when no tool is needed) and, for a step that writes a file, the file it creates ("creates").
A step is only done when its tool was called successfully and its file exists.
Only plan what the goal asks for. Answer with JSON only: an object whose "steps" list holds
objects with a "description", a "tool" and "creates".

Tools:
{tools}
"""


def describe_tools(schemas: Sequence[dict[str, Any]]) -> str:
    lines = []
    for s in schemas:
        fn = s["function"]
        args = ", ".join(fn["parameters"].get("properties", {}))
        lines.append(f"- {fn['name']}({args}): {fn['description']}")
    return "\n".join(lines) or "- (no tools)"


# aieng:stage 3 begin "Planning and re-planning"
def make_plan(
    model: ChatModel,
    goal: str,
    tools: Sequence[dict[str, Any]],
    context: str = "",
    failure: str = "",
) -> tuple[Plan, bool]:
    """Ask for a plan; on invalid output retry once, then fall back to one step. Returns (plan, fallback?)."""
    system = PLANNER_PROMPT.format(max_steps=MAX_PLAN_STEPS, tools=describe_tools(tools))
    user = f"Goal: {goal}"
    if context:
        user += f"\n\nWhat is known so far:\n{context}"
    if failure:
        user += (
            f"\n\nThe previous plan failed: {failure}\nMake a new plan for the remaining work that avoids this failure."
        )
    messages: list[Message] = [{"role": "system", "content": system}, {"role": "user", "content": user}]
    plan = structured(model, messages, Plan)
    if plan is None:
        return Plan(steps=[Step(description=goal[:500])]), True
    return _known_tools(plan, tools), False


def structured(model: ChatModel, messages: Sequence[Message], cls: type[T], attempts: int = 2) -> T | None:
    """Structured output validated by `cls`; an invalid answer is shown back to the model. None if never valid."""
    history = list(messages)
    schema = cls.model_json_schema()
    for _attempt in range(attempts):
        raw = model.complete_json(history, schema).content
        try:
            return cls.model_validate_json(raw)
        except ValidationError as e:
            problem = f"{e.error_count()} problems, first: {e.errors()[0]['msg']}"
            history += [
                {"role": "assistant", "content": raw},
                {
                    "role": "user",
                    "content": f"That is not a valid {cls.__name__} ({problem}). Answer again with JSON "
                    "matching the schema.",
                },
            ]
    return None


def _known_tools(plan: Plan, tools: Sequence[dict[str, Any]]) -> Plan:
    """Drop tool hints that name tools we do not have (the executor still sees every tool)."""
    names = {t["function"]["name"] for t in tools}
    for step in plan.steps:
        if step.tool and step.tool not in names:
            step.tool = None
    return plan
# aieng:stage 3 stub
def make_plan(
    model: ChatModel,
    goal: str,
    tools: Sequence[dict[str, Any]],
    context: str = "",
    failure: str = "",
) -> tuple[Plan, bool]:
    """Ask for a plan; on invalid output retry once, then fall back to one step. Returns (plan, fallback?).

    The system message is PLANNER_PROMPT filled with MAX_PLAN_STEPS and `describe_tools(tools)`;
    the user message holds the goal, then what is known so far (`context`) and, when re-planning,
    the failure with a request for a new plan for the remaining work that avoids it. Get the plan
    with `structured`; when it gives up, fall back to one step whose description is the goal
    (cut to 500 characters) and return fallback=True. Drop tool hints that name a tool not in
    `tools`. See STAGES.md, stage 3.
    """
    raise NotImplementedError("stage 3: ask the model for a validated JSON plan, with a fallback")


def structured(model: ChatModel, messages: Sequence[Message], cls: type[T], attempts: int = 2) -> T | None:
    """Structured output validated by `cls`; an invalid answer is shown back to the model. None if never valid.

    Call `model.complete_json(history, cls.model_json_schema())` up to `attempts` times. Valid JSON
    for `cls` is the answer. Otherwise append the raw answer (assistant) and what was wrong with it
    (user: `That is not a valid <cls name> (...)`) to the history and ask again. See STAGES.md, stage 3.
    """
    raise NotImplementedError("stage 3: call complete_json until the answer validates, showing errors back")
# aieng:stage 3 end
