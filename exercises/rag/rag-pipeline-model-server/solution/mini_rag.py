"""A minimal retrieval-augmented generation pipeline over the Ollama HTTP API."""

import json
import math
import re
import urllib.error
import urllib.request

SYSTEM_PROMPT = (
    "Answer only from the sources in the user message and cite them as [id]. "
    "If they do not contain the answer, say you don't know."
)


class RAGError(RuntimeError):
    """The model server could not be used."""


def _cosine(a: list[float], b: list[float]) -> float:
    na, nb = math.sqrt(sum(x * x for x in a)), math.sqrt(sum(x * x for x in b))
    return sum(x * y for x, y in zip(a, b, strict=True)) / (na * nb) if na and nb else 0.0


class MiniRAG:
    def __init__(self, url: str, model: str = "scripted") -> None:
        self.url = url.rstrip("/")
        self.model = model
        self.docs: list[tuple[str, str]] = []
        self.vectors: list[list[float]] = []

    def _post(self, path: str, body: dict) -> dict:
        request = urllib.request.Request(
            self.url + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return json.load(response)
        except urllib.error.HTTPError as err:
            raise RAGError(f"{path} answered HTTP {err.code}") from err
        except (urllib.error.URLError, TimeoutError) as err:
            raise RAGError(f"{path} unreachable: {err}") from err

    def _embed(self, texts: list[str]) -> list[list[float]]:
        return self._post("/api/embed", {"model": self.model, "input": texts})["embeddings"]

    def add(self, docs: list[tuple[str, str]]) -> None:
        if not docs:
            return
        self.vectors += self._embed([text for _, text in docs])
        self.docs += list(docs)

    def retrieve(self, question: str, k: int = 2) -> list[tuple[str, str]]:
        if not self.docs:
            return []
        query = self._embed([question])[0]
        scored = [(_cosine(query, v), i) for i, v in enumerate(self.vectors)]
        ranked = sorted(scored, key=lambda p: (-p[0], p[1]))[:k]
        return [self.docs[i] for _, i in ranked]

    def answer(self, question: str, k: int = 2) -> dict:
        hits = self.retrieve(question, k)
        if not hits:
            return {"answer": "I don't know.", "sources": [], "citations_ok": False}
        context = "\n\n".join(f"[{doc_id}] {text}" for doc_id, text in hits)
        messages = [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": f"{context}\n\nQuestion: {question}"},
        ]
        reply = self._post("/api/chat", {"model": self.model, "messages": messages, "stream": False})
        text = reply["message"]["content"]
        sources = [doc_id for doc_id, _ in hits]
        cited = re.findall(r"\[([^\[\]\s]+)\]", text)
        return {"answer": text, "sources": sources, "citations_ok": bool(cited) and set(cited) <= set(sources)}
