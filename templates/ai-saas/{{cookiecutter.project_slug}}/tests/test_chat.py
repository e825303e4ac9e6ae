"""Chat with citations through a fake model; streaming; the labelled offline fallback."""

from __future__ import annotations

import json

import pytest
from helpers import DownModel, add_document, api_sign_up, ask, csrf, log_in, new_chat, sign_up
from sqlalchemy import select

from {{ cookiecutter.package_name }}.chat import turn as chat
from {{ cookiecutter.package_name }}.flavours import get_flavour
from {{ cookiecutter.package_name }}.models import Message, User
from {{ cookiecutter.package_name }}.retrieval.search import Hit
from {{ cookiecutter.package_name }}.workspaces.access import get_access
from {{ cookiecutter.package_name }}.workspaces.scoped import get_chat

REFUNDS = "Customers can request a full refund within 14 days of purchase."
ROLLBACK = "To roll back a deployment, redeploy the previous image tag."

HITS = [
    Hit(n=1, document_id="d1", title="Refund policy", text=REFUNDS, score=0.03),
    Hit(n=2, document_id="d2", title="Deploy runbook", text="Roll  back\nnow.", score=0.02),
]


@pytest.mark.stage(4)
def test_citations_follow_the_markers_of_the_answer() -> None:
    cited = chat.citations_for("Roll back [2]; refunds take 14 days [1][2]. See [7].", HITS)
    assert [c["n"] for c in cited] == [2, 1]  # first mention first, each once, [7] unknown
    assert cited[0] == {
        "n": 2,
        "document_id": "d2",
        "title": "Deploy runbook",
        "excerpt": "Roll back now.",
    }
    assert [c["n"] for c in chat.citations_for("No markers at all.", HITS)] == [1, 2]
    assert [c["n"] for c in chat.citations_for("Only [2].", HITS, cite_all=True)] == [1, 2]
    assert chat.citations_for("Nothing to cite [1].", []) == []
    long = Hit(n=1, document_id="d3", title="Long", text="word " * 100, score=0.01)
    assert len(chat.citations_for("[1]", [long])[0]["excerpt"]) == 200


@pytest.mark.stage(4)
def test_the_prompt_numbers_the_sources_and_keeps_recent_history() -> None:
    flavour = get_flavour("support-desk")
    history = [Message(role="user" if i % 2 else "assistant", content=f"m{i}") for i in range(9)]
    messages = chat.build_messages(flavour, history, "How long for refunds?", HITS)
    system = messages[0]
    assert system["role"] == "system" and system["content"].startswith(flavour.system_prompt)
    assert f"[1] Refund policy\n{REFUNDS}" in system["content"]
    assert "[2] Deploy runbook\n" in system["content"]
    assert [m["content"] for m in messages[1:-1]] == [f"m{i}" for i in range(3, 9)]
    assert messages[-1] == {"role": "user", "content": "How long for refunds?"}
    empty = chat.build_messages(flavour, [], "Anything?", [])
    assert "(no matching documents in this workspace)" in empty[0]["content"]


def _workspace_with_docs(client) -> tuple[dict, str, dict]:  # noqa: ANN001
    headers, ws = api_sign_up(client, "ada@example.com")
    refunds = add_document(client, headers, ws, "Refund policy", REFUNDS)
    add_document(client, headers, ws, "Deploy runbook", ROLLBACK)
    return headers, ws, refunds


@pytest.mark.stage(4)
def test_answer_cites_the_matching_document(client) -> None:
    headers, ws, refunds = _workspace_with_docs(client)
    chat = new_chat(client, headers, ws)
    response = ask(client, headers, ws, chat, "How many days do customers have for a refund?")
    assert response.status_code == 200
    message = response.json()
    assert message["content"].strip() == "The answer is in Refund policy [1]."
    assert message["citations"][0]["n"] == 1
    assert message["citations"][0]["document_id"] == refunds["id"]
    assert message["citations"][0]["title"] == "Refund policy"
    assert "14 days" in message["citations"][0]["excerpt"]
    assert message["model"] == "fake-model" and message["offline"] is False
    assert message["tokens"] == 50
    prompt = client.app.state.model.calls[0]
    assert prompt[0]["role"] == "system" and "[1] Refund policy" in prompt[0]["content"]
    assert prompt[-1] == {
        "role": "user",
        "content": "How many days do customers have for a refund?",
    }


@pytest.mark.stage(4)
def test_answer_streams_as_ndjson(client) -> None:
    headers, ws, refunds = _workspace_with_docs(client)
    chat = new_chat(client, headers, ws)
    with client.stream(
        "POST",
        f"/api/workspaces/{ws}/chats/{chat}/messages",
        json={"content": "refund days?", "stream": True},
        headers=headers,
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/x-ndjson")
        events = [json.loads(line) for line in response.iter_lines() if line]
    tokens = [e["text"] for e in events if e["type"] == "token"]
    assert len(tokens) > 3
    assert events[-1]["type"] == "done"
    assert events[-1]["message"]["content"] == "".join(tokens)
    assert events[-1]["message"]["citations"][0]["document_id"] == refunds["id"]


@pytest.mark.stage(4)
def test_history_is_saved_and_sent_back_to_the_model(client) -> None:
    headers, ws, _ = _workspace_with_docs(client)
    chat = new_chat(client, headers, ws)
    ask(client, headers, ws, chat, "refund days?")
    ask(client, headers, ws, chat, "and rollbacks?")
    saved = client.get(f"/api/workspaces/{ws}/chats/{chat}", headers=headers).json()
    assert [m["role"] for m in saved["messages"]] == ["user", "assistant", "user", "assistant"]
    assert saved["title"] == "refund days?"
    second_prompt = client.app.state.model.calls[1]
    assert [m["role"] for m in second_prompt] == ["system", "user", "assistant", "user"]


@pytest.mark.stage(4)
def test_html_chat_shows_citation_links(client) -> None:
    ws = sign_up(client, "ada@example.com")
    token = csrf(client, f"/w/{ws}")
    client.post(
        f"/w/{ws}/documents",
        data={"title": "Refund policy", "content": REFUNDS, "csrf_token": token},
    )
    chat_url = client.post(f"/w/{ws}/chats", data={"csrf_token": token}).url.path
    fragment = client.post(
        f"{chat_url}/messages",
        data={"content": "How long is the refund window?", "csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert fragment.status_code == 200
    assert "How long is the refund window?" in fragment.text
    assert "The answer is in Refund policy [1]." in fragment.text
    assert f'href="/w/{ws}/documents/' in fragment.text
    page = client.get(chat_url)
    assert "The answer is in Refund policy [1]." in page.text
    assert 'data-stream-url="' in page.text


@pytest.mark.stage(4)
def test_html_stream_endpoint_ends_with_rendered_message(client) -> None:
    ws = sign_up(client, "ada@example.com")
    token = csrf(client, f"/w/{ws}")
    chat_url = client.post(f"/w/{ws}/chats", data={"csrf_token": token}).url.path
    response = client.post(f"{chat_url}/stream", data={"content": "hello", "csrf_token": token})
    events = [json.loads(line) for line in response.text.splitlines() if line]
    assert events[-1]["type"] == "done"
    assert 'class="message assistant' in events[-1]["html"]


@pytest.mark.stage(4)
def test_offline_fallback_is_labelled_and_still_cites(make_client) -> None:
    client = make_client(model=DownModel())
    headers, ws, refunds = _workspace_with_docs(client)
    chat = new_chat(client, headers, ws)
    message = ask(client, headers, ws, chat, "refund days?").json()
    assert message["offline"] is True
    assert message["content"].startswith("Offline answer (no language model)")
    assert "not reachable" in message["content"]
    assert REFUNDS[:40] in message["content"]
    assert message["citations"][0]["document_id"] == refunds["id"]
    assert message["tokens"] == 0
    log_in(client, "ada@example.com")
    page = client.get(f"/w/{ws}/chats/{chat}")
    assert "Offline answer: no language model" in page.text


@pytest.mark.stage(2)
def test_empty_question_is_rejected(client) -> None:
    headers, ws = api_sign_up(client, "ada@example.com")
    chat = new_chat(client, headers, ws)
    response = ask(client, headers, ws, chat, "   ")
    assert response.status_code == 400
    assert response.json()["detail"] == "Type a question first."


@pytest.mark.stage(4)
def test_an_abandoned_stream_is_still_saved_and_metered(client) -> None:
    headers, ws, _ = _workspace_with_docs(client)
    chat_id = new_chat(client, headers, ws)
    state = client.app.state
    with state.db.session() as db:
        access = get_access(db, db.scalar(select(User)), ws)
        found = get_chat(db, access, chat_id)
        turn = chat.prepare_turn(
            db, state.settings, state.flavour, state.embedder, access, found, "refund days?"
        )
    events = chat.run_turn(state.db, state.model, turn)
    assert next(events) == {"type": "token", "text": "The"}
    events.close()  # the client went away after the first token
    saved = client.get(f"/api/workspaces/{ws}/chats/{chat_id}", headers=headers).json()
    answer = saved["messages"][-1]
    assert answer["role"] == "assistant" and answer["content"] == "The"
    assert answer["tokens"] > 0
    used = client.get(f"/api/workspaces/{ws}/usage", headers=headers).json()
    assert used["tokens"] == answer["tokens"]
