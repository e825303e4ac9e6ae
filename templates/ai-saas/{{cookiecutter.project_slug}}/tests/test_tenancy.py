"""Tenancy: one workspace's documents and chats are invisible to another, over HTML and API."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from helpers import add_document, ask, csrf, new_chat, sign_up, verify

from {{ cookiecutter.package_name }}.db import Database
from {{ cookiecutter.package_name }}.errors import NotFound
from {{ cookiecutter.package_name }}.models import Document, Message, User
from {{ cookiecutter.package_name }}.workspaces.access import create_workspace, get_access
from {{ cookiecutter.package_name }}.workspaces.scoped import (
    chat_messages,
    create_chat,
    get_chat,
    get_document,
    list_documents,
)

SECRET = "Project Nightingale launches on 12 March with a budget of 4.2 million."


@dataclass
class Tenant:
    client: TestClient
    headers: dict[str, str]
    workspace: str
    document: str = ""
    chat: str = ""


def _tenant(make_client, outbox, email: str, with_data: bool) -> Tenant:  # noqa: ANN001
    client = make_client()
    workspace = sign_up(client, email)
    verify(client, outbox, email)
    key = client.post(
        f"/api/workspaces/{workspace}/keys",
        json={"name": "tests", "scopes": ["read", "write"]},
        headers={"X-CSRF-Token": csrf(client, "/workspaces")},  # the browser session is on
    ).json()["key"]
    tenant = Tenant(client, {"Authorization": f"Bearer {key}"}, workspace)
    if with_data:
        tenant.document = add_document(
            client, tenant.headers, workspace, "Nightingale plan", SECRET
        )["id"]
        tenant.chat = new_chat(client, tenant.headers, workspace)
        assert (
            ask(client, tenant.headers, workspace, tenant.chat, "When is launch?").status_code
            == 200
        )
    return tenant


@pytest.fixture
def alice(make_client, outbox) -> Tenant:  # noqa: ANN001
    return _tenant(make_client, outbox, "alice@a.example", with_data=True)


@pytest.fixture
def bob(make_client, outbox) -> Tenant:  # noqa: ANN001
    return _tenant(make_client, outbox, "bob@b.example", with_data=False)


@pytest.mark.stage(2)
def test_access_and_scoped_reads_stop_at_the_workspace(database: Database) -> None:
    with database.session() as db:
        alice = User(email="alice@a.example", password_hash="-")
        bob = User(email="bob@b.example", password_hash="-")
        db.add_all([alice, bob])
        db.flush()
        a_ws, b_ws = create_workspace(db, alice, "A"), create_workspace(db, bob, "B")
        mine = get_access(db, alice, a_ws.id)
        assert (mine.workspace.id, mine.role) == (a_ws.id, "owner")
        with pytest.raises(NotFound):
            get_access(db, bob, a_ws.id)  # 404, as for an id that does not exist
        theirs = get_access(db, bob, b_ws.id)
        doc = Document(workspace_id=a_ws.id, title="Plan", content=SECRET, created_by=alice.id)
        db.add(doc)
        chat = create_chat(db, mine, "Launch")
        db.add(Message(chat_id=chat.id, workspace_id=a_ws.id, role="user", content="When?"))
        db.flush()
        assert get_document(db, mine, doc.id).title == "Plan"
        assert get_chat(db, mine, chat.id).title == "Launch"
        assert [d.id for d in list_documents(db, mine)] == [doc.id]
        assert [m.content for m in chat_messages(db, mine, chat)] == ["When?"]
        assert list_documents(db, theirs) == [] and chat_messages(db, theirs, chat) == []
        with pytest.raises(NotFound):
            get_document(db, theirs, doc.id)
        with pytest.raises(NotFound):
            get_chat(db, theirs, chat.id)


def _html_urls(alice: Tenant, bob: Tenant) -> list[str]:
    a, b = alice.workspace, bob.workspace
    return [
        f"/w/{a}",
        f"/w/{a}/usage",
        f"/w/{a}/members",
        f"/w/{a}/documents/{alice.document}",
        f"/w/{a}/documents/{alice.document}/row",
        f"/w/{a}/chats/{alice.chat}",
        # guessing: alice's ids under bob's own workspace
        f"/w/{b}/documents/{alice.document}",
        f"/w/{b}/documents/{alice.document}/row",
        f"/w/{b}/chats/{alice.chat}",
    ]


@pytest.mark.stage(4)
def test_html_pages_of_another_workspace_are_not_found(alice: Tenant, bob: Tenant) -> None:
    assert alice.client.get(f"/w/{alice.workspace}/documents/{alice.document}").status_code == 200
    for url in _html_urls(alice, bob):
        response = bob.client.get(url)
        assert response.status_code == 404, url
        assert SECRET not in response.text
        assert "Nightingale" not in response.text


@pytest.mark.stage(4)
def test_api_reads_of_another_workspace_are_not_found(alice: Tenant, bob: Tenant) -> None:
    a, b = alice.workspace, bob.workspace
    urls = [
        f"/api/workspaces/{a}/documents",
        f"/api/workspaces/{a}/documents/{alice.document}",
        f"/api/workspaces/{a}/chats",
        f"/api/workspaces/{a}/chats/{alice.chat}",
        f"/api/workspaces/{a}/usage",
        f"/api/workspaces/{b}/documents/{alice.document}",
        f"/api/workspaces/{b}/chats/{alice.chat}",
    ]
    for url in urls:
        for headers in (bob.headers, {}):  # bob's API key, and bob's browser session
            response = bob.client.get(url, headers=headers)
            assert response.status_code == 404, url
            assert "Nightingale" not in response.text


@pytest.mark.stage(4)
def test_lists_only_show_the_own_workspace(alice: Tenant, bob: Tenant) -> None:
    b = bob.workspace
    assert bob.client.get(f"/api/workspaces/{b}/documents", headers=bob.headers).json() == []
    assert bob.client.get(f"/api/workspaces/{b}/chats", headers=bob.headers).json() == []
    ids = [w["id"] for w in bob.client.get("/api/workspaces").json()]
    assert ids == [b]
    page = bob.client.get(f"/w/{b}").text
    assert "Nightingale" not in page and alice.document not in page
    assert alice.workspace not in bob.client.get("/workspaces").text


@pytest.mark.stage(4)
def test_writes_into_another_workspace_are_not_found(alice: Tenant, bob: Tenant) -> None:
    a, b = alice.workspace, bob.workspace
    token = csrf(bob.client, "/workspaces")
    for url in (f"/w/{a}/chats/{alice.chat}/messages", f"/w/{b}/chats/{alice.chat}/messages"):
        response = bob.client.post(url, data={"content": "hi", "csrf_token": token})
        assert response.status_code == 404, url
    response = bob.client.post(
        f"/api/workspaces/{a}/documents", json={"title": "x", "content": "y"}, headers=bob.headers
    )
    assert response.status_code == 404
    assert ask(bob.client, bob.headers, b, alice.chat, "hi").status_code == 404
    for url in (f"/w/{a}/documents/{alice.document}", f"/w/{b}/documents/{alice.document}"):
        assert bob.client.post(f"{url}/delete", data={"csrf_token": token}).status_code == 404
    for ws in (a, b):
        url = f"/api/workspaces/{ws}/documents/{alice.document}"
        assert bob.client.delete(url, headers=bob.headers).status_code == 404
    doc = alice.client.get(f"/api/workspaces/{a}/documents/{alice.document}", headers=alice.headers)
    assert doc.status_code == 200  # still there
    chat = alice.client.get(f"/api/workspaces/{a}/chats/{alice.chat}", headers=alice.headers)
    assert len(chat.json()["messages"]) == 2  # untouched


@pytest.mark.stage(4)
def test_answers_never_cite_another_workspace(alice: Tenant, bob: Tenant) -> None:
    chat = new_chat(bob.client, bob.headers, bob.workspace)
    answer = ask(bob.client, bob.headers, bob.workspace, chat, "When does Nightingale launch?")
    assert answer.status_code == 200
    assert answer.json()["citations"] == []
    model = bob.client.app.state.model
    assert SECRET not in str(model.calls)


@pytest.mark.stage(4)
def test_an_accepted_invite_grants_access(alice: Tenant, bob: Tenant) -> None:
    a = alice.workspace
    invite = alice.client.post(
        f"/api/workspaces/{a}/invites", json={"email": "bob@b.example"}, headers=alice.headers
    )
    assert invite.status_code == 201
    url = invite.json()["invite_url"]
    path = url[url.index("/invites/") :]
    assert "Join" in bob.client.get(path).text
    accepted = bob.client.post(f"{path}/accept", data={"csrf_token": csrf(bob.client, path)})
    assert accepted.status_code == 200
    doc = bob.client.get(f"/api/workspaces/{a}/documents/{alice.document}")
    assert doc.status_code == 200  # bob's session now reaches it
    # bob's key stays scoped to bob's own workspace
    keyed = bob.client.get(f"/api/workspaces/{a}/documents/{alice.document}", headers=bob.headers)
    assert keyed.status_code == 404
    roles = {w["id"]: w["role"] for w in bob.client.get("/api/me").json()["workspaces"]}
    assert roles[a] == "member"
    # members cannot invite or start a plan change
    token = csrf(bob.client, "/workspaces")
    again = bob.client.post(
        f"/api/workspaces/{a}/invites",
        json={"email": "eve@e.example"},
        headers={"X-CSRF-Token": token},
    )
    assert again.status_code == 403
    plan = bob.client.post(f"/w/{a}/billing/checkout", data={"csrf_token": token})
    assert plan.status_code == 403


@pytest.mark.stage(4)
def test_an_invite_only_works_for_its_email(alice: Tenant, bob: Tenant) -> None:
    invite = alice.client.post(
        f"/api/workspaces/{alice.workspace}/invites",
        json={"email": "carol@c.example"},
        headers=alice.headers,
    ).json()
    response = bob.client.post(
        f"/api/invites/{invite['token']}/accept",
        headers={"X-CSRF-Token": csrf(bob.client, "/workspaces")},
    )
    assert response.status_code == 403
    assert "another email address" in response.json()["detail"]
    assert (
        bob.client.get(
            f"/api/workspaces/{alice.workspace}/documents", headers=bob.headers
        ).status_code
        == 404
    )


@pytest.mark.stage(4)
def test_html_invite_flow(alice: Tenant, bob: Tenant) -> None:
    a = alice.workspace
    token = csrf(alice.client, f"/w/{a}/members")
    page = alice.client.post(
        f"/w/{a}/invites", data={"email": "bob@b.example", "csrf_token": token}
    )
    assert page.status_code == 200
    link = page.text.split('<code id="invite-url">', 1)[1].split("</code>", 1)[0]
    assert "bob@b.example" in alice.client.get(f"/w/{a}/members").text  # pending
    assert link not in alice.client.get(f"/w/{a}/members").text  # the link is shown once
    path = link[link.index("/invites/") :]
    bob.client.post(f"{path}/accept", data={"csrf_token": csrf(bob.client, path)})
    assert "Nightingale plan" in bob.client.get(f"/w/{a}").text
    members = alice.client.get(f"/w/{a}/members").text
    assert "bob@b.example" in members and "member" in members
    denied = bob.client.post(
        f"/w/{a}/invites", data={"email": "eve@e.example", "csrf_token": csrf(bob.client, "/")}
    )
    assert denied.status_code == 403
