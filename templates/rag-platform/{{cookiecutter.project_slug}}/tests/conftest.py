"""Shared fixtures: hermetic settings (tmp data dir, no Ollama), an indexed sample corpus, keys."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from {{ cookiecutter.package_name }}.api import create_app
from {{ cookiecutter.package_name }}.config import Settings
from {{ cookiecutter.package_name }}.ingestion.catalog import CLI
from {{ cookiecutter.package_name }}.ingestion.pipeline import IngestResult, Upload
from {{ cookiecutter.package_name }}.services import Services, build_services

from .fake_ollama import FakeOllama

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DOCS = ROOT / "sample_docs"
GOLDEN = ROOT / "eval" / "golden.json"


def closed_port_url() -> str:
    """An address on loopback where nothing listens: Ollama is 'down'."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _hermetic(env: pytest.MonkeyPatch, folder: Path) -> None:
    """No test may reach a real Qdrant server or Ollama because of the developer's environment."""
    env.chdir(folder)  # so a developer's ./.env is never read
    for name in ("QDRANT_URL", "QDRANT_API_KEY", "OLLAMA_HOST", "DATABASE_URL"):
        env.delenv(name, raising=False)
    for name in [n for n in os.environ if n.startswith("RAG_")]:
        env.delenv(name)


@pytest.fixture(autouse=True)
def _hermetic_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _hermetic(monkeypatch, tmp_path)


def offline_settings(folder: Path) -> Settings:
    return Settings(
        data_dir=folder / "data", offline=True, golden_set=GOLDEN, ollama_host=closed_port_url()
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return offline_settings(tmp_path)


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    built = build_services(settings)
    yield built
    built.close()


def ingest_folder(services: Services, path: Path = SAMPLE_DOCS) -> list[IngestResult]:
    """Ingest a folder as the CLI does (relative paths are the document ids)."""
    return services.ingestor.ingest_path(path, "default", CLI)


def ingest_text(
    services: Services, name: str, text: str, doc_id: str | None = None, collection: str = "default"
) -> IngestResult:
    [result] = services.ingestor.ingest([Upload(name, text.encode(), doc_id)], collection, CLI)
    return result


@pytest.fixture
def indexed(services: Services) -> Services:
    results = ingest_folder(services)
    assert {r.status for r in results} == {"added"}
    return services


@pytest.fixture(scope="module")
def shared_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The sample corpus indexed once per module, for tests that only read it (a test that
    ingests, deletes or records anything takes `indexed`, its own copy)."""
    folder = tmp_path_factory.mktemp("shared-index")
    with pytest.MonkeyPatch.context() as env:
        _hermetic(env, folder)
        built = build_services(offline_settings(folder))
    try:
        assert {r.status for r in ingest_folder(built)} == {"added"}
        yield built
    finally:
        built.close()


@pytest.fixture
def fake_ollama() -> Iterator[FakeOllama]:
    server = FakeOllama(models=("{{ cookiecutter.chat_model }}", "{{ cookiecutter.embedding_model }}")).start()
    yield server
    server.stop()


@pytest.fixture
def online_services(settings: Settings, fake_ollama: FakeOllama) -> Iterator[Services]:
    """Services whose Ollama is the loopback fake (embeddings and chat)."""
    built = build_services(
        settings.model_copy(update={"offline": False, "ollama_host": fake_ollama.url})
    )
    yield built
    built.close()


@dataclass
class Api:
    client: TestClient
    services: Services
    keys: dict[str, str]

    def auth(self, scope: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[scope]}"}


def make_api(services: Services, settings: Settings | None = None) -> Api:
    keys = {
        scope: services.keys.create(f"test-{scope}", [scope])[1]
        for scope in ("query", "ingest", "admin")
    }
    return Api(TestClient(create_app(settings, services)), services, keys)


def wait_for_job(api: Api, response, scope: str = "ingest", headers=None) -> dict:
    """Follow a 202 upload to its finished job (the worker thread runs it)."""
    assert response.status_code == 202, response.text
    job_id = response.json()["job_id"]
    api.services.jobs.wait(job_id, timeout=60)
    job = api.client.get(f"/jobs/{job_id}", headers=headers or api.auth(scope)).json()
    assert job["finished_at"], job
    return job


@pytest.fixture
def api(services: Services) -> Api:
    """The API over the indexed sample corpus, with a key per scope."""
    made = make_api(services)  # keys first: every API test needs them, and they cost nothing
    assert {r.status for r in ingest_folder(services)} == {"added"}
    return made


@pytest.fixture
def empty_api(services: Services) -> Api:
    """The API with a key per scope and no documents (for what documents cannot change)."""
    return make_api(services)
