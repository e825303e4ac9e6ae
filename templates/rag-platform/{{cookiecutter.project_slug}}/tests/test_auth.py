"""API keys: hashed at rest, scopes enforced, 401 without a valid key, 403 with the wrong scope."""

import base64

import pytest

from {{ cookiecutter.package_name }}.auth import KeyStore, hash_key
from {{ cookiecutter.package_name }}.errors import RagError

# (method, path, json body, scope needed)
PROTECTED = [
    ("POST", "/query", {"question": "battery?", "stream": False}, "query"),
    ("POST", "/search", {"query": "battery"}, "query"),
    ("GET", "/sources", None, "query"),
    ("GET", "/eval/runs", None, "query"),
    ("GET", "/dashboard", None, "query"),
    ("GET", "/docs", None, "query"),
    ("GET", "/openapi.json", None, "query"),
    ("POST", "/documents", None, "ingest"),
    ("DELETE", "/sources/warranty.md", None, "admin"),
    ("POST", "/eval", {"judge": False}, "admin"),
    ("GET", "/metrics", None, "admin"),
]
IDS = [f"{m} {p}" for m, p, _, _ in PROTECTED]


def _call(api, method, path, body, headers):
    if path == "/documents":
        files = {"files": ("note.md", b"# Note\n\nhello", "text/markdown")}
        return api.client.request(method, path, files=files, headers=headers)
    return api.client.request(method, path, json=body, headers=headers)


def test_health_is_open(api):
    response = api.client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.parametrize(("method", "path", "body", "scope"), PROTECTED, ids=IDS)
def test_missing_key_is_401_with_a_challenge(api, method, path, body, scope):
    response = _call(api, method, path, body, {})
    assert response.status_code == 401
    assert "Bearer" in response.headers["www-authenticate"]


@pytest.mark.parametrize(("method", "path", "body", "scope"), PROTECTED, ids=IDS)
def test_wrong_key_is_401(api, method, path, body, scope):
    response = _call(api, method, path, body, {"Authorization": "Bearer rag_not-a-real-key"})
    assert response.status_code == 401


@pytest.mark.parametrize(("method", "path", "body", "scope"), PROTECTED, ids=IDS)
def test_wrong_scope_is_403_and_right_scope_passes(api, method, path, body, scope):
    wrong = "ingest" if scope != "ingest" else "query"
    assert _call(api, method, path, body, api.auth(wrong)).status_code == 403
    assert _call(api, method, path, body, api.auth(scope)).status_code == 200


def test_admin_may_do_everything(api):
    for method, path, body, _ in PROTECTED:
        assert _call(api, method, path, body, api.auth("admin")).status_code == 200, path


def test_x_api_key_and_basic_auth_are_accepted(api):
    key = api.keys["query"]
    assert api.client.get("/sources", headers={"X-API-Key": key}).status_code == 200
    basic = base64.b64encode(f"anyone:{key}".encode()).decode()
    assert (
        api.client.get("/dashboard", headers={"Authorization": f"Basic {basic}"}).status_code == 200
    )


def test_revoked_keys_stop_working(api):
    record = api.services.keys.verify(api.keys["query"])
    assert api.services.keys.revoke(record.id)
    assert api.client.get("/sources", headers=api.auth("query")).status_code == 401


def test_keys_are_stored_only_as_hashes(tmp_path):
    store = KeyStore(tmp_path / "state.db")
    record, key = store.create("ci", ["query", "ingest"])
    raw = (tmp_path / "state.db").read_bytes()
    assert key.encode() not in raw
    assert hash_key(key).encode() in raw
    assert store.verify(key) == record
    assert store.verify(key + "x") is None


def test_unknown_scopes_are_refused(tmp_path):
    with pytest.raises(RagError, match="unknown scope"):
        KeyStore(tmp_path / "state.db").create("x", ["superuser"])


def test_the_openapi_schema_lists_the_api_but_not_the_docs_pages(api):
    schema = api.client.get("/openapi.json", headers=api.auth("query")).json()
    assert {"/query", "/documents", "/metrics", "/health"} <= set(schema["paths"])
    assert "/docs" not in schema["paths"]
