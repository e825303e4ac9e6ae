"""Team lifecycle and permissions: roles, removal, leaving, deleting workspaces and accounts,
who may delete documents, the audit log, and named, scoped, revocable API keys."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from helpers import PASSWORD, add_document, csrf, sign_up, verify
from sqlalchemy import func, select

from {{ cookiecutter.package_name }}.models import Document, User, Workspace


@dataclass
class Team:
    owner: TestClient
    member: TestClient
    ws: str
    member_id: str


def _post(client: TestClient, path: str, **data: str):  # noqa: ANN202
    return client.post(path, data={"csrf_token": csrf(client, "/login"), **data})


def _user_id(client: TestClient, email: str) -> str:
    with client.app.state.db.session() as db:
        return db.scalar(select(User.id).where(User.email == email))


@pytest.fixture
def team(make_client, outbox) -> Team:  # noqa: ANN001
    owner, member = make_client(), make_client()
    ws = sign_up(owner, "owner@example.com")
    page = _post(owner, f"/w/{ws}/invites", email="mia@example.com")
    path = page.text.split('<code id="invite-url">', 1)[1].split("</code>")[0]
    path = path[path.index("/invites/") :]
    sign_up(member, "mia@example.com")
    verify(member, outbox, "mia@example.com")
    assert _post(member, f"{path}/accept").status_code == 200
    return Team(owner, member, ws, _user_id(owner, "mia@example.com"))


def _key(client: TestClient, ws: str, scopes: list[str]) -> dict[str, str]:
    made = client.post(
        f"/api/workspaces/{ws}/keys",
        json={"name": "script", "scopes": scopes},
        headers={"X-CSRF-Token": csrf(client, "/login")},
    )
    assert made.status_code == 201, made.text
    return {"Authorization": f"Bearer {made.json()['key']}"}


@pytest.mark.stage(3)
def test_members_delete_only_their_own_documents(team: Team) -> None:
    headers = _key(team.owner, team.ws, ["read", "write"])
    owners = add_document(team.owner, headers, team.ws, "Owner notes", "The owner's notes.")
    refused = _post(team.member, f"/w/{team.ws}/documents/{owners['id']}/delete")
    assert refused.status_code == 403
    assert "Delete" not in team.member.get(f"/w/{team.ws}/documents/{owners['id']}/row").text
    mine = team.member.post(
        f"/w/{team.ws}/documents",
        data={"title": "Mia notes", "content": "Mine.", "csrf_token": csrf(team.member, "/login")},
        follow_redirects=False,
    )
    assert mine.status_code == 303
    with team.owner.app.state.db.session() as db:
        mine_id = db.scalar(select(Document.id).where(Document.title == "Mia notes"))
    assert _post(team.member, f"/w/{team.ws}/documents/{mine_id}/delete").status_code == 200
    assert _post(team.owner, f"/w/{team.ws}/documents/{owners['id']}/delete").status_code == 200


@pytest.mark.stage(2)
def test_owners_change_roles_but_a_workspace_keeps_an_owner(team: Team) -> None:
    base = f"/w/{team.ws}/members"
    owner_id = _user_id(team.owner, "owner@example.com")
    assert _post(team.member, f"{base}/{owner_id}/role", role="member").status_code == 403
    last = _post(team.owner, f"{base}/{owner_id}/role", role="member")
    assert last.status_code == 409 and "needs an owner" in last.text
    assert _post(team.owner, f"{base}/{team.member_id}/role", role="owner").status_code == 200
    assert _post(team.member, f"{base}/{owner_id}/role", role="member").status_code == 200
    page = team.member.get(base).text
    assert re.search(r"owner@example.com <span class=\"badge\">member", page)


@pytest.mark.stage(2)
def test_remove_member_and_leave(team: Team) -> None:
    base = f"/w/{team.ws}/members"
    assert _post(team.member, f"{base}/{team.member_id}/remove").status_code == 403
    assert _post(team.owner, f"{base}/{team.member_id}/remove").status_code == 200
    assert team.member.get(f"/w/{team.ws}").status_code == 404
    alone = _post(team.owner, f"/w/{team.ws}/leave")
    assert alone.status_code == 409  # the last owner cannot just leave


@pytest.mark.stage(2)
def test_a_member_can_leave(team: Team) -> None:
    assert _post(team.member, f"/w/{team.ws}/leave").status_code == 200
    assert team.member.get(f"/w/{team.ws}").status_code == 404


@pytest.mark.stage(2)
def test_deleting_a_workspace_needs_its_name_and_an_owner(team: Team) -> None:
    assert _post(team.member, f"/w/{team.ws}/delete", confirm="x").status_code == 403
    wrong = _post(team.owner, f"/w/{team.ws}/delete", confirm="nope")
    assert wrong.status_code == 400
    name = "owner's workspace"
    assert _post(team.owner, f"/w/{team.ws}/delete", confirm=name).status_code == 200
    assert team.owner.get(f"/w/{team.ws}").status_code == 404
    with team.owner.app.state.db.session() as db:
        assert db.get(Workspace, team.ws) is None


@pytest.mark.stage(2)
def test_deleting_an_account_takes_its_data_but_not_shared_workspaces(team: Team) -> None:
    wrong = _post(team.owner, "/account/delete", password="wrong password")
    assert wrong.status_code == 400
    blocked = _post(team.owner, "/account/delete", password=PASSWORD)  # sole owner, shared
    assert blocked.status_code == 409 and "only owner" in blocked.text
    mia_ws = team.member.get("/workspaces").text
    own = re.findall(r'href="/w/([0-9a-f]{32})"', mia_ws)
    assert _post(team.member, "/account/delete", password=PASSWORD).status_code == 200
    with team.owner.app.state.db.session() as db:
        assert db.scalar(select(func.count()).where(User.email == "mia@example.com")) == 0
        personal = [w for w in own if w != team.ws]
        assert all(db.get(Workspace, w) is None for w in personal)  # her own workspace went
        assert db.get(Workspace, team.ws) is not None  # the shared one stays
    assert team.member.get("/workspaces", follow_redirects=False).status_code == 303


@pytest.mark.stage(2)
def test_owners_see_the_audit_log(team: Team) -> None:
    _post(team.owner, f"/w/{team.ws}/members/{team.member_id}/role", role="owner")
    _post(team.owner, f"/w/{team.ws}/members/{team.member_id}/role", role="member")
    log = team.owner.get(f"/w/{team.ws}/audit")
    assert log.status_code == 200
    for action in ("invite.created", "invite.accepted", "member.role_changed"):
        assert action in log.text
    assert "mia@example.com -&gt; member" in log.text
    assert team.member.get(f"/w/{team.ws}/audit").status_code == 403


@pytest.mark.stage(2)
def test_api_keys_are_named_scoped_and_revocable(team: Team) -> None:
    read_only = _key(team.owner, team.ws, ["read"])
    docs = f"/api/workspaces/{team.ws}/documents"
    assert team.owner.get(docs, headers=read_only).status_code == 200
    write = team.owner.post(docs, json={"title": "t", "content": "c"}, headers=read_only)
    assert write.status_code == 403 and "'write' scope" in write.json()["detail"]
    keys = team.owner.get(f"/api/workspaces/{team.ws}/keys").json()
    assert [k["name"] for k in keys] == ["script"] and keys[0]["scopes"] == ["read"]
    revoke = team.owner.delete(
        f"/api/workspaces/{team.ws}/keys/{keys[0]['id']}",
        headers={"X-CSRF-Token": csrf(team.owner, "/login")},
    )
    assert revoke.status_code == 204
    assert team.owner.get(docs, headers=read_only).status_code == 401
    # members cannot make keys; a key cannot make keys
    denied = team.member.post(
        f"/api/workspaces/{team.ws}/keys",
        json={"name": "x", "scopes": ["read"]},
        headers={"X-CSRF-Token": csrf(team.member, "/login")},
    )
    assert denied.status_code == 403
    writer = _key(team.owner, team.ws, ["read", "write"])
    fresh = TestClient(team.owner.app, base_url="https://testserver")
    minted = fresh.post(f"/api/workspaces/{team.ws}/keys", json={"name": "x"}, headers=writer)
    assert minted.status_code == 401


@pytest.mark.stage(2)
def test_a_key_stops_working_when_its_maker_stops_being_owner(team: Team) -> None:
    _post(team.owner, f"/w/{team.ws}/members/{team.member_id}/role", role="owner")
    headers = _key(team.member, team.ws, ["read"])
    docs = f"/api/workspaces/{team.ws}/documents"
    assert team.member.get(docs, headers=headers).status_code == 200
    _post(team.owner, f"/w/{team.ws}/members/{team.member_id}/role", role="member")
    assert team.member.get(docs, headers=headers).status_code == 401


@pytest.mark.stage(2)
def test_the_keys_page(team: Team) -> None:
    page = _post(team.owner, f"/w/{team.ws}/keys", name="CI import", scopes="read")
    assert page.status_code == 200
    key = re.search(r'<code id="new-key">(sk_[^<]+)</code>', page.text).group(1)
    listing = team.owner.get(f"/w/{team.ws}/keys").text
    assert "CI import" in listing and key not in listing  # shown once
    assert team.member.get(f"/w/{team.ws}/keys").status_code == 403
