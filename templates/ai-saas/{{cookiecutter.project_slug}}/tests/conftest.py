"""Fixtures: one database per session (SQLite, or DATABASE_URL), emptied before each test;
a fake model; and, when REDIS_URL is set, a real RQ worker that processes the documents."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from helpers import FakeModel, Outbox
from sqlalchemy import delete, text

from {{ cookiecutter.package_name }} import migrate
from {{ cookiecutter.package_name }}.accounts import passwords
from {{ cookiecutter.package_name }}.db import Database, make_engine
from {{ cookiecutter.package_name }}.models import Base
from {{ cookiecutter.package_name }}.retrieval.embeddings import OfflineEmbedder
from {{ cookiecutter.package_name }}.settings import Settings
from {{ cookiecutter.package_name }}.web.app import create_app

DATABASE_URL = os.environ.get("DATABASE_URL") or None
REDIS_URL = os.environ.get("REDIS_URL") or None
_APP_FIXTURES = ("make_client", "live_server")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that call the code directly run before those that go through the app: a missing
    or broken core function then fails first, by name, rather than as a page's error 500."""
    items.sort(key=lambda item: any(f in getattr(item, "fixturenames", ()) for f in _APP_FIXTURES))


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> None:
    """argon2 at a test cost: still argon2id, but ~1 ms a hash instead of ~0.1 s (the
    production parameters are checked in test_auth.py)."""
    passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Build the schema from scratch with the migrations, as production does."""
    url = DATABASE_URL or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    engine = make_engine(url)
    if engine.dialect.name != "sqlite" and "test" not in (engine.url.database or ""):
        pytest.exit(
            f"refusing to wipe database {engine.url.database!r}: the tests empty it; point "
            "DATABASE_URL at a database whose name contains 'test'",
            returncode=2,
        )
    if engine.dialect.name == "postgresql":  # drop our tables; keep extensions (pgvector)
        with engine.begin() as conn:
            query = text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            for table in conn.execute(query).scalars().all():
                conn.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
    migrate.upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def queue_name() -> str:
    return f"test-documents-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def worker(database_url: str, queue_name: str) -> Iterator[subprocess.Popen | None]:
    """With REDIS_URL: a real `worker` process on a private queue, for the whole session."""
    if not REDIS_URL:
        yield None
        return
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "QUEUE_NAME": queue_name,
        "EMBEDDINGS": "offline",
        "LOG_LEVEL": "WARNING",
    }
    proc = subprocess.Popen([sys.executable, "-m", "{{ cookiecutter.package_name }}.jobs.worker", "--simple"], env=env)
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def settings(database_url: str, queue_name: str, worker: subprocess.Popen | None) -> Settings:
    engine = make_engine(database_url)
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(delete(table))
    engine.dispose()
    return Settings(
        environment="test",
        public_url="https://app.example.test",
        database_url=database_url,
        redis_url=REDIS_URL,
        queue_name=queue_name,
        secret_key="test-secret-key",
        auto_migrate=False,
        ollama_host="http://127.0.0.1:9",
        ollama_timeout=2.0,
        embeddings="offline",
        log_level="WARNING",
    )


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    """The emptied test database, for tests that call the code directly (no app)."""
    database = Database(settings.database_url)
    yield database
    database.dispose()


@pytest.fixture
def outbox() -> Outbox:
    """Emails the app sent in this test (the SMTP path is tested in test_email.py)."""
    return Outbox()


@pytest.fixture
def make_client(settings: Settings, outbox: Outbox):  # noqa: ANN201
    """make_client(model=None, client=None, **settings_overrides) -> a TestClient with its own
    cookies (over https: the test settings use Secure `__Host-` cookies, as production)."""
    clients: list[TestClient] = []

    def make(model=None, client=("203.0.113.7", 50000), mailer=None, **overrides) -> TestClient:  # noqa: ANN001
        app = create_app(
            Settings(**{**settings.model_dump(), **overrides}),
            model=model or FakeModel(),
            mailer=mailer or outbox,
            embedder=OfflineEmbedder(),
        )
        secure = app.state.settings.secure_cookies
        base = "https://testserver" if secure else "http://testserver"
        made = TestClient(app, base_url=base, client=client)
        clients.append(made)
        return made

    yield make
    for client in clients:
        client.app.state.db.dispose()
        client.close()


@pytest.fixture
def client(make_client) -> TestClient:  # noqa: ANN001
    return make_client()


@pytest.fixture
def live_server(settings: Settings, outbox: Outbox):  # noqa: ANN201
    """live_server(**settings_overrides) -> base URL of the app served by uvicorn on loopback,
    for tests that need real parallel requests (concurrency, browsers)."""
    import threading

    import uvicorn

    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(model=None, **overrides) -> str:  # noqa: ANN001
        values = {**settings.model_dump(), "environment": "development", **overrides}
        app = create_app(
            Settings(**values),
            model=model or FakeModel(),
            mailer=outbox,
            embedder=OfflineEmbedder(),
        )
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, lifespan="on")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started, "uvicorn did not start"
        servers.append((server, thread))
        port = server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)
