"""Product flavours: the wording, the model's instructions and the sample documents of each."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    title: str
    content: str


@dataclass(frozen=True)
class Flavour:
    id: str
    product: str
    """Product name shown in the header and the page titles."""
    tagline: str
    documents_label: str
    """What the workspace documents are called in this product."""
    chat_label: str
    ask_placeholder: str
    system_prompt: str
    samples: tuple[Sample, ...]


_RULES = (
    "Answer only from the numbered sources below. Cite every claim with the source number in "
    "square brackets, like [1] or [2]. If the sources do not contain the answer, say so plainly."
)

FLAVOURS: dict[str, Flavour] = {
    "research-assistant": Flavour(
        id="research-assistant",
        product="Research Assistant",
        tagline="Ask questions across your papers and notes, with citations.",
        documents_label="Papers & notes",
        chat_label="Research chat",
        ask_placeholder="What does the literature say about retrieval-augmented generation?",
        system_prompt="You are a careful research assistant for a team of scientists. " + _RULES,
        samples=(
            Sample(
                "Retrieval-augmented generation (summary)",
                "Retrieval-augmented generation (RAG) combines a retriever with a generator. "
                "The retriever selects passages from a document collection; the generator "
                "conditions its answer on them. RAG reduces hallucination on knowledge-intensive "
                "tasks and lets a system cite its sources.\n\nEvaluation uses exact match on QA "
                "benchmarks and faithfulness metrics that check each claim against a passage.",
            ),
            Sample(
                "Lab notes: chunking experiment",
                "We compared chunk sizes of 200, 500 and 1000 characters. Chunks of about 500 "
                "characters with 50 characters of overlap gave the best recall at 5 on our "
                "internal question set. Larger chunks diluted the relevant sentence.",
            ),
        ),
    ),
    "support-desk": Flavour(
        id="support-desk",
        product="Support Desk",
        tagline="Answer customer tickets from your help-centre articles, with citations.",
        documents_label="Help-centre articles",
        chat_label="Ticket assistant",
        ask_placeholder="A customer cannot reset their password. What should I reply?",
        system_prompt="You are a friendly customer-support agent drafting replies. " + _RULES,
        samples=(
            Sample(
                "Resetting your password",
                "To reset a password, open the log-in page and choose 'Forgot password'. We "
                "email a reset link that is valid for 30 minutes. If the email does not arrive, "
                "check the spam folder, then contact support with the account email address.",
            ),
            Sample(
                "Refund policy",
                "Customers can request a full refund within 14 days of purchase. After 14 days we "
                "offer account credit instead. Refunds are returned to the original payment "
                "method within 5 business days.",
            ),
        ),
    ),
    "legal-assistant": Flavour(
        id="legal-assistant",
        product="Legal Assistant",
        tagline="Review contracts and policies, with every answer tied to a clause.",
        documents_label="Contracts & policies",
        chat_label="Matter chat",
        ask_placeholder="What is the notice period for terminating the services agreement?",
        system_prompt=(
            "You are a meticulous legal assistant. You do not give legal advice; you point to "
            "the relevant clauses. " + _RULES
        ),
        samples=(
            Sample(
                "Master services agreement (excerpt)",
                "Clause 9 (Termination). Either party may terminate this agreement for "
                "convenience with ninety (90) days' written notice. Either party may terminate "
                "immediately for material breach not cured within thirty (30) days of notice.",
            ),
            Sample(
                "Data processing addendum (excerpt)",
                "Clause 4 (Sub-processors). The processor shall inform the controller of any "
                "intended change of sub-processors at least 30 days in advance, giving the "
                "controller the opportunity to object.",
            ),
        ),
    ),
    "dev-productivity": Flavour(
        id="dev-productivity",
        product="Dev Copilot",
        tagline="Ask your runbooks, ADRs and codebase notes, with citations.",
        documents_label="Runbooks & ADRs",
        chat_label="Engineering chat",
        ask_placeholder="How do we roll back a failed deployment?",
        system_prompt="You are a senior engineer helping teammates ship safely. " + _RULES,
        samples=(
            Sample(
                "Runbook: rolling back a deployment",
                "To roll back, run `make rollback VERSION=<previous tag>`. The pipeline redeploys "
                "the previous image and runs database migrations down only if the release notes "
                "say the migration is reversible. Announce the rollback in #incidents.",
            ),
            Sample(
                "ADR 7: use PostgreSQL for persistence",
                "We chose PostgreSQL over MongoDB for transactional integrity, mature tooling and "
                "row-level security. Services access it through SQLAlchemy and Alembic "
                "migrations.",
            ),
        ),
    ),
}


def get_flavour(flavour_id: str) -> Flavour:
    """The flavour called `flavour_id`; a clear error names the valid ones."""
    try:
        return FLAVOURS[flavour_id]
    except KeyError:
        valid = ", ".join(sorted(FLAVOURS))
        raise ValueError(f"unknown flavour {flavour_id!r}; choose one of: {valid}") from None
