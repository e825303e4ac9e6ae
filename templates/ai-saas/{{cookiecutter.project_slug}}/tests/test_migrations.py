"""Alembic migrations build an empty database from scratch and match the models exactly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from {{ cookiecutter.package_name }} import migrate
from {{ cookiecutter.package_name }}.db import make_engine
from {{ cookiecutter.package_name }}.models import Base
from {{ cookiecutter.package_name }}.settings import Settings
from {{ cookiecutter.package_name }}.web.app import create_app

TABLES = set(Base.metadata.tables)


def _diff(engine) -> list:  # noqa: ANN001
    """Differences between the models and the database, ignoring the SQLite FTS5 index
    tables (created by the migration, not models)."""
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    return [d for d in diff if "chunks_fts" not in str(d) and "fts_vector" not in str(d)]


def test_upgrade_builds_an_empty_database_from_scratch(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    assert inspect(engine).get_table_names() == []
    migrate.upgrade(engine)
    tables = {t for t in inspect(engine).get_table_names() if not t.startswith("chunks_fts")}
    assert tables == TABLES | {"alembic_version"}
    assert _diff(engine) == []
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    migrate.upgrade(engine)  # and back up again
    assert _diff(engine) == []
    engine.dispose()


def test_the_test_database_was_migrated_to_match_the_models(database_url: str) -> None:
    """On SQLite or, with DATABASE_URL, on Postgres: built from scratch by the migrations."""
    engine = make_engine(database_url)
    assert _diff(engine) == []
    engine.dispose()


def test_the_app_migrates_on_start(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'app.db'}"
    app = create_app(Settings(database_url=url, log_level="WARNING"))
    assert TABLES <= set(inspect(app.state.db.engine).get_table_names())
    app.state.db.dispose()
