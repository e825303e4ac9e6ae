"""Small helpers shared by the tests: log in through the real forms, upload and wait."""

from __future__ import annotations

import re
import time

from fastapi.testclient import TestClient

from {{ cookiecutter.package_name }}.chat.llm import Chunk, LLMUnavailable

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(client: TestClient, path: str = "/login") -> str:
    """The CSRF token of a page's forms (the client keeps the paired cookie)."""
    page = client.get(path)
    found = _CSRF.search(page.text)
    assert found, f"no CSRF field on {path}"
    return found.group(1)


def sign_up(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Sign up through the HTML form; return the id of the new personal workspace."""
    response = client.post(
        "/signup",
        data={"email": email, "password": password, "csrf_token": csrf(client, "/signup")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return response.headers["location"].rsplit("/", 1)[1]


def api_sign_up(client: TestClient, email: str) -> tuple[dict[str, str], str]:
    """Sign up through the API; return (headers with the workspace's API key, workspace id)."""
    response = client.post("/api/auth/signup", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.text
    body = response.json()
    return {"Authorization": f"Bearer {body['api_key']['key']}"}, body["workspace"]["id"]


def log_in(client: TestClient, email: str, password: str = PASSWORD):  # noqa: ANN201
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf(client, "/login")},
        follow_redirects=False,
    )


class Outbox:
    """A mailer that keeps what it sends; `link(to, path)` finds a link in the last email."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str, str]] = []

    def send(self, to: str, subject: str, body: str) -> None:
        self.messages.append((to, subject, body))

    def link(self, to: str, path: str) -> str:
        for address, _, body in reversed(self.messages):
            found = re.search(rf"https?://[^\s]+({re.escape(path)}[^\s]+)", body)
            if address == to and found:
                return found.group(1)
        raise AssertionError(f"no {path} link emailed to {to}: {self.messages}")


def verify(client: TestClient, outbox: Outbox, email: str) -> None:
    """Follow the verification link emailed to `email` (as the user would)."""
    path = outbox.link(email, "/verify/")
    response = client.post(path, data={"csrf_token": csrf(client, path)})
    assert response.status_code == 200 and "confirmed" in response.text, response.text


def wait_ready(
    client: TestClient, headers: dict, workspace_id: str, document_id: str, timeout: float = 30
) -> dict:
    """Poll until the document is processed (in-process: at once; with the queue: the worker)."""
    deadline = time.monotonic() + timeout
    while True:
        doc = client.get(
            f"/api/workspaces/{workspace_id}/documents/{document_id}", headers=headers
        ).json()
        if doc["status"] in ("ready", "failed") or time.monotonic() > deadline:
            assert doc["status"] == "ready", f"document not processed in {timeout}s: {doc}"
            return doc
        time.sleep(0.1)


def add_document(
    client: TestClient, headers: dict, workspace_id: str, title: str, content: str
) -> dict:
    response = client.post(
        f"/api/workspaces/{workspace_id}/documents",
        json={"title": title, "content": content},
        headers=headers,
    )
    assert response.status_code == 202, response.text
    return wait_ready(client, headers, workspace_id, response.json()["id"])


def new_chat(client: TestClient, headers: dict, workspace_id: str) -> str:
    response = client.post(f"/api/workspaces/{workspace_id}/chats", json={}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def ask(client: TestClient, headers: dict, workspace_id: str, chat_id: str, question: str):  # noqa: ANN201
    return client.post(
        f"/api/workspaces/{workspace_id}/chats/{chat_id}/messages",
        json={"content": question},
        headers=headers,
    )


class FakeModel:
    """Streams an answer that quotes the first source in its prompt and cites it as [n]."""

    name = "fake-model"

    def __init__(self) -> None:
        self.calls: list[list[dict[str, str]]] = []

    def stream(self, messages):  # noqa: ANN001, ANN201
        self.calls.append(list(messages))
        found = re.search(r"^\[(\d+)\] (.+)$", messages[0]["content"], re.MULTILINE)
        if found:
            answer = f"The answer is in {found.group(2)} [{found.group(1)}]."
        else:
            answer = "The documents do not cover this."
        for i, word in enumerate(answer.split(" ")):
            yield Chunk(text=word if i == 0 else " " + word)
        yield Chunk(done=True, prompt_tokens=40, completion_tokens=10)


class DownModel:
    """A model whose server is not running."""

    name = "down"

    def stream(self, messages):  # noqa: ANN001, ANN201
        raise LLMUnavailable("Ollama is not reachable at http://127.0.0.1:9")
        yield  # pragma: no cover
