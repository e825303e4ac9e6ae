"""The store interface on both engines: embedded Qdrant and Postgres + pgvector (pgserver).

The pgvector runs start a real PostgreSQL from the `pgserver` wheel (pip install ".[pgvector]").
Without it they are skipped, never passed; RAG_REQUIRE_PGVECTOR=1 (CI) turns the skip into a
failure so a broken install cannot hide.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from {{ cookiecutter.package_name }}.config import Settings
from {{ cookiecutter.package_name }}.ingestion.catalog import CLI
from {{ cookiecutter.package_name }}.services import build_services
from {{ cookiecutter.package_name }}.stores import open_store
from {{ cookiecutter.package_name }}.stores.base import StoredChunk

from .conftest import GOLDEN, ingest_folder

ENGINES = ["qdrant", pytest.param("pgvector", marks=pytest.mark.pgvector)]


def _need(module: str) -> None:
    try:
        __import__(module)
    except ImportError:
        if os.environ.get("RAG_REQUIRE_PGVECTOR") == "1":
            pytest.fail(f"{module} is not installed but RAG_REQUIRE_PGVECTOR=1")
        pytest.skip(f'{module} is not installed (pip install -e ".[pgvector]")')


def _pg_folder() -> Path:
    # Not under pytest's tmp_path: run as root, pgserver starts PostgreSQL as another user, who
    # cannot enter pytest's private (0700) folders. mkdtemp's parent is the world-usable /tmp.
    return Path(tempfile.mkdtemp(prefix="rag-pg-"))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One real PostgreSQL with pgvector for the whole run, started from the pgserver wheel."""
    _need("psycopg")
    _need("pgserver")
    import pgserver

    folder = _pg_folder()
    server = pgserver.get_server(folder, cleanup_mode="stop")
    yield server.get_uri()
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest, tmp_path) -> Settings:
    """Settings for one engine; every test gets its own tables (a fresh prefix)."""
    prefix = f"t{uuid.uuid4().hex[:10]}"
    if request.param == "pgvector":
        url = request.getfixturevalue("postgres_url")
        return Settings(
            data_dir=tmp_path / "data",
            offline=True,
            database_url=url,
            collection=prefix,
            golden_set=GOLDEN,
        )
    return Settings(data_dir=tmp_path / "data", offline=True, collection=prefix, golden_set=GOLDEN)


def _chunks(collection: str, content_hash: str, n: int) -> list[StoredChunk]:
    return [StoredChunk(collection, content_hash, i, f"H{i}", i + 1, f"text {i}") for i in range(n)]


def _unit(i: int, dim: int = 4) -> list[float]:
    return [1.0 if j == i % dim else 0.0 for j in range(dim)]


@pytest.mark.stage(3)
def test_upsert_search_and_delete(engine):
    store = open_store(engine, "space-a")
    try:
        assert store.search(_unit(0), 3, ["c1"]) == [] and store.count() == 0
        store.upsert(_chunks("c1", "h1", 3), [_unit(0), _unit(1), _unit(2)])
        store.upsert(_chunks("c2", "h2", 1), [_unit(0)])
        assert store.has_content("c1", "h1") and not store.has_content("c1", "h2")
        hits = store.search(_unit(1), 2, ["c1"])
        assert [(h.content_hash, h.chunk_index) for h in hits][0] == ("h1", 1)
        assert hits[0].similarity == pytest.approx(1.0) and hits[0].page == 2
        assert hits[0].heading == "H1" and hits[0].collection == "c1"
        both = store.search(_unit(0), 5, ["c1", "c2"])
        assert {h.collection for h in both} == {"c1", "c2"}
        only = store.search(_unit(0), 5, ["c1"], content_hashes=["h1"])
        assert {h.content_hash for h in only} == {"h1"}
        assert store.count() == 4 and store.spaces() == {"space-a": 4}
        assert store.delete_content("c1", "h1", 3) == 3
        assert not store.has_content("c1", "h1") and store.count() == 1
        store.upsert(_chunks("c1", "h1", 1), [_unit(0)])
        store.upsert(_chunks("c1", "h1", 1), [_unit(3)])  # same point: replaced, not doubled
        assert store.count() == 2
    finally:
        store.close()


@pytest.mark.stage(3)
def test_spaces_never_mix(engine):
    store = open_store(engine, "space-a")
    try:
        store.upsert(_chunks("c", "h", 1), [_unit(0)])
        store.use_space("space-b")
        assert store.count() == 0 and store.search(_unit(0), 3, ["c"]) == []
        store.upsert(_chunks("c", "h", 2), [_unit(0, 8), _unit(1, 8)])  # another dimension
        assert store.spaces() == {"space-a": 1, "space-b": 2}
    finally:
        store.close()


@pytest.mark.stage(5)
def test_the_whole_service_on_each_engine(engine):
    services = build_services(engine)
    try:
        assert ingest_folder(services)[0].status == "added"
        [first, *_] = services.rag.retrieve("What torque do the stem bolts need?")
        assert first.source == "parts-catalogue.pdf" and first.page == 2
        assert services.rag.retrieve("Who designed the company logo?") == []
        assert services.ingestor.delete("default", "parts-catalogue.pdf", CLI) is not None
        assert services.store.count() == services.keywords.count()
    finally:
        services.close()


def test_the_engine_is_chosen_by_database_url(tmp_path):
    qdrant = open_store(Settings(data_dir=tmp_path), "k")
    try:
        assert qdrant.describe().startswith("qdrant embedded")
    finally:
        qdrant.close()


@pytest.mark.pgvector
def test_pgserver_url_starts_an_embedded_postgres(tmp_path):
    _need("psycopg")
    _need("pgserver")
    folder = _pg_folder()
    store = open_store(Settings(data_dir=folder, database_url="pgserver"), "k")
    try:
        assert store.describe() == "postgres+pgvector pgserver (embedded)"
        store.upsert(_chunks("c", "h", 1), [_unit(0)])
        assert store.count() == 1
    finally:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.pgvector
def test_pgvector_searches_exactly_until_the_table_is_big_then_builds_the_index(
    postgres_url, tmp_path, monkeypatch
):
    from {{ cookiecutter.package_name }}.stores.pgvector import PgVectorStore

    monkeypatch.setattr(PgVectorStore, "HNSW_FROM_ROWS", 60)
    monkeypatch.setattr(PgVectorStore, "CHECK_EVERY_ROWS", 20)
    settings = Settings(data_dir=tmp_path, database_url=postgres_url, collection="idx")
    store = open_store(settings, "space")
    try:
        rng = random.Random(5)
        vectors = [[rng.uniform(-1, 1) for _ in range(8)] for _ in range(80)]
        store.upsert(_chunks("c", "h", 40), vectors[:40])
        assert not store.has_index() and not store.index_if_due()
        exact = [(h.chunk_index, round(h.score, 5)) for h in store.search(vectors[3], 5, ["c"])]
        store.upsert(_chunks("c", "h", 80)[40:], vectors[40:])
        assert store.has_index(), "the writer builds the index once the table is big enough"
        indexed = [(h.chunk_index, round(h.score, 5)) for h in store.search(vectors[3], 5, ["c"])]
        assert indexed[0] == exact[0] == (3, 1.0)
    finally:
        store.close()


@pytest.mark.pgvector
@pytest.mark.parametrize(("dims", "storage"), [(512, "p"), (4096, "m")])
def test_pgvector_keeps_vectors_inline_and_still_takes_very_wide_ones(
    postgres_url, tmp_path, monkeypatch, dims, storage
):
    from {{ cookiecutter.package_name }}.stores.pgvector import PgVectorStore

    monkeypatch.setattr(PgVectorStore, "HNSW_FROM_ROWS", 1)
    settings = Settings(data_dir=tmp_path, database_url=postgres_url, collection=f"w{dims}")
    store = open_store(settings, "space")
    try:
        chunk = StoredChunk("c", "h", 0, "H", None, "long text " * 400)
        store.upsert([chunk], [[0.5] * dims])
        row = store._conn().execute(  # noqa: SLF001 - the column's storage is the point
            "SELECT attstorage FROM pg_attribute WHERE attrelid = %s::regclass"
            " AND attname = 'embedding'",
            (store.table,),
        )
        assert row.fetchone()[0] == storage
        assert store.search([0.5] * dims, 1, ["c"])[0].similarity == pytest.approx(1.0)
        assert store.index_if_due() is (dims <= 2000), "too wide for HNSW: searched exactly"
    finally:
        store.close()
