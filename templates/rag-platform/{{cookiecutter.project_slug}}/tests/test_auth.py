"""Access: header-only keys, scopes, collections, rate limits, the body cap, the audit log."""

import base64
import json
import logging

import pytest

from {{ cookiecutter.package_name }}.access.keys import KeyStore, hash_key
from {{ cookiecutter.package_name }}.access.ratelimit import RateLimiter
from {{ cookiecutter.package_name }}.errors import RagError
from {{ cookiecutter.package_name }}.ingestion.pipeline import Upload

from .conftest import make_api, wait_for_job

# (method, path, json body, scope needed)
PROTECTED = [
    ("POST", "/query", {"question": "battery?", "stream": False}, "query"),
    ("POST", "/search", {"query": "battery"}, "query"),
    ("GET", "/sources", None, "query"),
    ("GET", "/documents", None, "query"),
    ("GET", "/collections", None, "query"),
    ("GET", "/eval/runs", None, "query"),
    ("GET", "/dashboard/view", None, "query"),
    ("POST", "/documents", None, "ingest"),
    ("DELETE", "/documents/mine", None, "ingest"),
    ("POST", "/eval", {"judge": False}, "admin"),
    ("POST", "/reembed", None, "admin"),
    ("GET", "/metrics", None, "admin"),
]
IDS = [f"{m} {p}" for m, p, _, _ in PROTECTED]
# With the right scope a request reaches its endpoint: the evaluation ones need stage 7's code.
SCOPED = [
    pytest.param(*row, marks=pytest.mark.stage(7))
    if row[1] in ("/eval", "/dashboard/view")
    else pytest.param(*row, marks=pytest.mark.stage(6))
    for row in PROTECTED
]
OK = (200, 202)


def _call(api, method, path, body, headers):
    if method == "DELETE":  # a document the calling key owns, so only scopes decide
        key = headers.get("Authorization", " ").split(" ", 1)[1]
        record = api.services.keys.verify(key) if key else None
        if record is not None:
            upload = Upload("mine.md", b"# Mine\n\nmy words", f"mine-{record.id}")
            api.services.ingestor.ingest([upload], "default", record.actor)
            path = f"/documents/mine-{record.id}"
    if path == "/documents" and method == "POST":
        files = {"files": ("note.md", b"# Note\n\nhello", "text/markdown")}
        return api.client.request(method, path, files=files, headers=headers)
    return api.client.request(method, path, json=body, headers=headers)


@pytest.mark.stage(6)
def test_liveness_readiness_and_pages_are_open(api):
    assert api.client.get("/health").json() == {"status": "ok"}
    assert api.client.get("/ready").status_code == 200
    for page in ("/chat", "/dashboard", "/docs"):
        response = api.client.get(page)
        assert response.status_code == 200 and "text/html" in response.headers["content-type"]
        assert "rag_" not in response.text, "pages carry no key"


@pytest.mark.stage(6)
@pytest.mark.parametrize(("method", "path", "body", "scope"), PROTECTED, ids=IDS)
def test_missing_key_is_401_with_a_challenge(empty_api, method, path, body, scope):
    response = _call(empty_api, method, path, body, {})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.stage(6)
@pytest.mark.parametrize(("method", "path", "body", "scope"), PROTECTED, ids=IDS)
def test_wrong_key_is_401(empty_api, method, path, body, scope):
    response = _call(empty_api, method, path, body, {"Authorization": "Bearer rag_not-a-real-key"})
    assert response.status_code == 401


@pytest.mark.parametrize(("method", "path", "body", "scope"), SCOPED, ids=IDS)
def test_wrong_scope_is_403_and_right_scope_passes(api, method, path, body, scope):
    wrong = "ingest" if scope != "ingest" else "query"
    assert _call(api, method, path, body, api.auth(wrong)).status_code == 403
    assert _call(api, method, path, body, api.auth(scope)).status_code in OK


@pytest.mark.stage(7)
def test_admin_may_do_everything(api):
    for method, path, body, _ in PROTECTED:
        assert _call(api, method, path, body, api.auth("admin")).status_code in OK, path


@pytest.mark.stage(6)
def test_keys_come_from_headers_only(api):
    key = api.keys["ingest"]
    assert api.client.get("/sources", headers={"X-API-Key": api.keys["query"]}).status_code == 200
    basic = base64.b64encode(f"anyone:{key}".encode()).decode()
    files = {"files": ("x.md", b"# X\n\nx")}
    sneaky = api.client.post("/documents", files=files, headers={"Authorization": f"Basic {basic}"})
    assert sneaky.status_code == 401, "browser-style Basic auth never authorises a write"
    api.client.cookies.set("key", key)  # a cookie is never a credential
    assert api.client.post("/documents", files=files).status_code == 401
    api.client.cookies.clear()
    cross_site = api.client.post(
        "/documents", files=files, headers={"X-API-Key": key, "Origin": "https://evil.example"}
    )
    assert cross_site.status_code == 403
    same_site = api.client.post(
        "/documents", files=files, headers={"X-API-Key": key, "Origin": "http://testserver"}
    )
    assert same_site.status_code == 202


@pytest.mark.stage(6)
def test_keys_limited_to_a_collection(services):
    api = make_api(services)
    _, red_key = services.keys.create("red-team", ["query", "ingest"], ["red"])
    red = {"X-API-Key": red_key}
    job = wait_for_job(
        api,
        api.client.post(
            "/documents",
            files={"files": ("r.md", b"# R\n\nRed widgets.")},
            data={"collection": "red"},
            headers=red,
        ),
        headers=red,
    )
    assert job["status"] == "done" and job["collection"] == "red"
    assert (
        api.client.post("/documents", files={"files": ("b.md", b"b")}, headers=red).status_code
        == 403
    )
    assert api.client.post("/search", json={"query": "widgets"}, headers=red).status_code == 403
    hits = api.client.post(
        "/search", json={"query": "red widgets", "collection": "red"}, headers=red
    )
    assert hits.json()["hits"][0]["source"] == "r.md"
    assert api.client.get("/collections", headers=red).json()["collections"] == [
        {"name": "red", "documents": 1}
    ]
    internal = api.client.post(
        "/search", json={"query": "x", "collection": "_distractors"}, headers=api.auth("admin")
    )
    assert internal.status_code == 403


@pytest.mark.stage(6)
def test_rate_limits_are_per_key_with_retry_after(services):
    services.limiter = RateLimiter(per_minute=3)
    api = make_api(services)
    statuses = [api.client.get("/sources", headers=api.auth("query")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = api.client.get("/sources", headers=api.auth("query"))
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert api.client.get("/sources", headers=api.auth("admin")).status_code == 200, (
        "other keys unaffected"
    )
    assert services.metrics.registry.get_sample_value("rag_rate_limited_total") == 2


def test_the_token_bucket_refills():
    now = [0.0]
    limiter = RateLimiter(per_minute=60, clock=lambda: now[0])
    assert all(limiter.check("k") == 0 for _ in range(60))
    assert limiter.check("k") == 1
    now[0] += 1.0
    assert limiter.check("k") == 0


@pytest.mark.stage(6)
def test_oversized_bodies_are_refused_before_auth_and_before_reading(services):
    small = services.settings.model_copy(update={"max_upload_mb": 0.001})  # about 1 kB
    api = make_api(services, small)
    files = {"files": ("big.md", b"# Big\n\n" + b"x" * 5000, "text/markdown")}
    unauthenticated = api.client.post("/documents", files=files)
    assert unauthenticated.status_code == 413, "the cap comes before the key check"
    assert api.client.post("/documents", files=files, headers=api.auth("ingest")).status_code == 413

    def chunked():  # no Content-Length: counted as it arrives, cut off past the cap
        for _ in range(100):
            yield b"y" * 1000

    multipart = {**api.auth("ingest"), "Content-Type": "multipart/form-data; boundary=b"}
    streamed = api.client.post("/documents", content=chunked(), headers=multipart)
    assert streamed.status_code == 413
    assert services.store.count() == 0


@pytest.mark.stage(6)
def test_every_write_leaves_an_audit_line_with_the_key_id(api, caplog):
    caplog.set_level(logging.INFO, logger="audit")
    record = api.services.keys.verify(api.keys["ingest"])
    wait_for_job(
        api,
        api.client.post(
            "/documents", files={"files": ("a.md", b"# A\n\nalpha")}, headers=api.auth("ingest")
        ),
    )
    api.client.delete("/documents/warranty.md", headers=api.auth("admin"))
    lines = [r for r in caplog.records if r.name == "audit"]
    assert [r.action for r in lines] == ["documents.upload", "documents.delete"]
    assert lines[0].key_id == record.id and lines[0].files == ["a.md"]
    assert all(api.keys["ingest"] not in json.dumps(r.__dict__, default=str) for r in lines)


@pytest.mark.stage(6)
def test_revoked_keys_stop_working(api):
    record = api.services.keys.verify(api.keys["query"])
    assert api.services.keys.revoke(record.id)
    assert api.client.get("/sources", headers=api.auth("query")).status_code == 401


@pytest.mark.stage(6)
def test_keys_are_stored_only_as_hashes(tmp_path):
    store = KeyStore(tmp_path / "state.db")
    record, key = store.create("ci", ["query", "ingest"], ["team-a"])
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("state.db*"))
    assert key.encode() not in raw
    assert store.verify(key) == record and record.collections == ("team-a",)
    assert store.verify(key + "x") is None
    assert hash_key(key) != key


@pytest.mark.stage(6)
def test_unknown_scopes_and_bad_collections_are_refused(tmp_path):
    with pytest.raises(RagError, match="unknown scope"):
        KeyStore(tmp_path / "state.db").create("x", ["superuser"])
    with pytest.raises(RagError, match="invalid collection"):
        KeyStore(tmp_path / "state.db").create("x", ["query"], ["Bad Name"])


@pytest.mark.stage(6)
def test_the_openapi_schema_lists_the_api(api):
    schema = api.client.get("/openapi.json").json()
    assert {"/query", "/documents", "/jobs/{job_id}", "/metrics", "/health", "/ready"} <= set(
        schema["paths"]
    )
    assert "/docs" not in schema["paths"]
