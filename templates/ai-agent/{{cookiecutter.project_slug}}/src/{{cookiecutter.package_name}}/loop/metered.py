"""Every model call of a run goes through here: budget checked first, bounded by the time left, traced."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# aieng:stage 5 begin "Budgets"
from ..errors import BudgetExceeded
from ..llm import ChatModel, Message, OnText, Reply, estimate_tokens, prompt_hash
from ..observe.trace import Emitter
from .budget import Budget, Deadline, bounded
# aieng:stage 5 stub
from ..llm import ChatModel, Message, OnText, Reply
from ..observe.trace import Emitter
from .budget import Budget
# aieng:stage 5 end


# aieng:stage 5 begin
class MeteredModel:
    """A `ChatModel` that charges a run's budget and records prompt hash, tokens and latency per call."""

    def __init__(self, model: ChatModel, budget: Budget, events: Emitter) -> None:
        self.inner, self.budget, self.events = model, budget, events
        self.label = model.label

    def chat(
        self,
        messages: Sequence[Message],
        tools: Sequence[Message] | None = None,
        on_text: OnText | None = None,
    ) -> Reply:
        return self._call("chat", messages, lambda: self.inner.chat(messages, tools, on_text), tools)

    def complete_json(self, messages: Sequence[Message], schema: dict[str, Any]) -> Reply:
        return self._call("json", messages, lambda: self.inner.complete_json(messages, schema), [schema])

    def embed(self, texts: Sequence[str]) -> list[list[float]] | None:
        return self.inner.embed(texts)

    def _call(self, kind: str, messages: Sequence[Message], fn: Any, tools: Sequence[Message] | None) -> Reply:
        self.budget.check_model_call()
        try:
            reply: Reply = bounded(fn, self.budget.remaining())
        except Deadline:
            raise BudgetExceeded(f"wall-time budget of {self.budget.max_seconds:g}s used up") from None
        usage = reply.usage
        # A model that reports no counts (the offline demo) is charged an estimate, so budgets still bind.
        prompt = usage.prompt_tokens or estimate_tokens(messages, tools)
        completion = usage.completion_tokens or max(1, len(reply.content) // 4)
        self.budget.use_tokens(prompt + completion)
        self.events.emit(
            "model_call",
            kind=kind,
            model=self.label,
            prompt_hash=prompt_hash(messages),
            prompt_tokens=prompt,
            completion_tokens=completion,
            estimated=not usage.prompt_tokens,
            latency_ms=int(usage.seconds * 1000),
            num_ctx=usage.num_ctx,
        )
        return reply
# aieng:stage 5 stub
class MeteredModel:
    """A `ChatModel` that charges a run's budget and records prompt hash, tokens and latency per call.

    Keep the wrapped model (`inner`), the budget and the emitter; `label` is the inner model's.
    `chat` and `complete_json` go through one `_call`: check the budget first
    (`budget.check_model_call`), run the inner call bounded by the time left (`bounded(fn,
    budget.remaining())`; a Deadline becomes BudgetExceeded for the wall time), charge the tokens
    (the model's own counts, else `estimate_tokens` for the prompt and len(content) // 4, at least 1,
    for the reply) and emit `model_call` with kind, model, prompt_hash, prompt_tokens,
    completion_tokens, estimated, latency_ms and num_ctx. `embed` passes through. See STAGES.md, stage 5.
    """

    label: str

    def __init__(self, model: ChatModel, budget: Budget, events: Emitter) -> None:
        raise NotImplementedError("stage 5: meter every model call (budget checked, time bounded, tokens charged)")

    def chat(
        self,
        messages: Sequence[Message],
        tools: Sequence[Message] | None = None,
        on_text: OnText | None = None,
    ) -> Reply:
        raise NotImplementedError("stage 5: a metered chat call")

    def complete_json(self, messages: Sequence[Message], schema: dict[str, Any]) -> Reply:
        raise NotImplementedError("stage 5: a metered structured-output call")

    def embed(self, texts: Sequence[str]) -> list[list[float]] | None:
        raise NotImplementedError("stage 5: embeddings pass through to the inner model")
# aieng:stage 5 end
