"""A quiz round trip (generate + grade) through aieng's tutor vs the same two calls with the raw
ollama client, both against the loopback fake Ollama server from the tests.

Prints the median of each over many interleaved round trips and the ratio. Target: <= 1.05x.

    python bench/quiz_roundtrip.py [--rounds 200]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # for tests.fake_ollama

from _timing import ratio_line  # noqa: E402

from tests.fake_ollama import FakeOllama  # noqa: E402

QUESTION = {
    "prompt": "Why would you pin dependencies?",
    "answer": "Pinning makes installs reproducible and avoids surprise upgrades.",
    "key_points": ["reproducible installs", "no surprise upgrades"],
}
GRADE = {"score": 3, "verdict": "Good", "feedback": "Fine.", "missed_points": []}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()

    import ollama

    from aieng_cli.roadmap import load_roadmap
    from aieng_cli.tutor import grading
    from aieng_cli.tutor.llm import QUESTION_TOKENS, QuestionDraft, ollama_tutor, options, question_messages

    topic = load_roadmap().topic("rag")
    method = grading.DEFAULT_METHOD
    with FakeOllama() as server:
        server.responder = lambda req: json.dumps(
            GRADE if "Learner's answer" in req["messages"][-1]["content"] else QUESTION
        )
        tutor = ollama_tutor(server.url, "llama3.2", 60.0)
        raw = ollama.Client(host=server.url, timeout=60.0)
        # The raw side sends byte-identical requests (messages, schema, options, streamed) and
        # validates the same way, in the calling thread: the difference is aieng's own overhead.
        q_schema, g_schema = QuestionDraft.model_json_schema(), grading.schema(method).model_json_schema()
        answer = "Pinning keeps installs the same."

        def ours() -> None:
            draft = tutor.generate_question(topic, [])
            tutor.grade(topic, draft.prompt, draft.answer, draft.key_points, answer)

        def streamed(messages: list[dict], schema: dict, tokens: int) -> str:
            parts = raw.chat("llama3.2", messages, format=schema, options=options(messages, tokens), stream=True)
            return "".join(part.message.content or "" for part in parts)

        def theirs() -> None:
            draft = QuestionDraft.model_validate_json(streamed(question_messages(topic, []), q_schema, QUESTION_TOKENS))
            messages = grading.messages(method, topic, draft.prompt, draft.answer, draft.key_points, answer)
            text = streamed(messages, g_schema, grading.num_predict(method, len(draft.key_points)))
            grading.to_grade(method, grading.schema(method).model_validate_json(text), draft.key_points, answer)

        for fn in (ours, theirs):  # warm both connections
            fn()
        a, b = [], []
        for _ in range(args.rounds):
            for fn, sink in ((ours, a), (theirs, b)):
                start = time.perf_counter()
                fn()
                sink.append(time.perf_counter() - start)
        server.requests.clear()
    print(ratio_line("round trip via aieng tutor", a, b, "raw ollama client", 1.05))


if __name__ == "__main__":
    main()
