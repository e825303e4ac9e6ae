"""Settings: one typed model, read from the environment once and passed down (no globals)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import RagError

# Standard names other tools already use; everything else is RAG_<FIELD>.
_ENV_NAMES = {
    "qdrant_url": "QDRANT_URL",
    "qdrant_api_key": "QDRANT_API_KEY",
    "ollama_host": "OLLAMA_HOST",
    "database_url": "DATABASE_URL",
}


class Settings(BaseModel):
    """Everything the service can be configured with; `.env.example` documents each variable."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    data_dir: Path = Path(".rag_data")
    """Local state: the embedded Qdrant folder and state.db (API key hashes, eval runs)."""
    qdrant_url: str | None = None
    """A Qdrant server such as http://qdrant:6333. Unset: embedded local mode in data_dir/qdrant."""
    qdrant_api_key: str | None = None
    """API key of the Qdrant server, if it needs one."""
    database_url: str | None = None
    """Postgres + pgvector instead of Qdrant: postgresql://user:pass@host/db, or `pgserver`
    for a PostgreSQL the `pgserver` wheel runs in data_dir/pg (pip install ".[pgvector]")."""
    collection: str = "chunks"
    """Vector index name prefix; the embedder's id is appended so vector spaces never mix."""
    default_collection: str = "default"
    """The document collection used when a request or command names none."""
    ollama_host: str = "http://127.0.0.1:11434"
    """Where Ollama listens."""
    chat_model: str = "{{ cookiecutter.chat_model }}"
    """Ollama model that writes answers and judges faithfulness."""
    embed_model: str = "{{ cookiecutter.embedding_model }}"
    """Ollama model that embeds chunks and questions (through /api/embed)."""
    offline: bool = False
    """Never call Ollama: offline fallback embedder and extractive answers."""
    ollama_timeout: float = Field(60.0, gt=0)
    """Seconds to wait for Ollama to answer (connecting gives up after 2 s)."""
    top_k: int = Field({{ cookiecutter.top_k }}, ge=1, le=50)
    """How many chunks a question retrieves."""
    chunk_size: int = Field({{ cookiecutter.chunk_size }}, ge=100)
    """Target chunk length in characters."""
    chunk_overlap: int = Field({{ cookiecutter.chunk_overlap }}, ge=0)
    """Characters carried over from the end of one chunk into the next, within a section."""
    min_similarity: float | None = Field(None, ge=-1, le=1)
    """Cosine similarity a passage needs to count as relevant (unset: the embedder's default)."""
    min_keyword_coverage: float = Field(0.6, ge=0, le=1)
    """Share of the question's (IDF-weighted) terms a keyword hit must contain to count."""
    rerank: bool = False
    """Rerank fused passages with the chat model (slower; needs Ollama)."""
    max_upload_mb: float = Field(25.0, gt=0)
    """Largest request body, in megabytes: bigger ones get 413 before they are read or checked."""
    rate_limit_per_minute: int = Field(120, ge=1)
    """Requests each API key may make per minute (429 with Retry-After beyond it)."""
    ingest_batch: int = Field(64, ge=1, le=1024)
    """Chunks embedded and written per batch (searches wait at most one batch's write)."""
    golden_set: Path = Path("eval/golden.json")
    """Questions with their expected sources and facts, used by `eval` and POST /eval."""
    log_level: str = "INFO"
    """Python logging level of the JSON logs."""

    @model_validator(mode="after")
    def _overlap_below_size(self) -> Settings:
        if self.chunk_overlap >= self.chunk_size:
            raise ValueError("chunk_overlap must be smaller than chunk_size")
        return self

    @property
    def qdrant_path(self) -> Path:
        return self.data_dir / "qdrant"

    @property
    def state_db(self) -> Path:
        return self.data_dir / "state.db"

    @property
    def keyword_db(self) -> Path:
        return self.data_dir / "keywords.db"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from environment variables (and ./.env), then apply overrides."""
        if environ is None:  # the real environment wins over the .env file
            environ = {**read_env_file(Path(".env")), **os.environ}
        values: dict[str, Any] = {}
        for name in cls.model_fields:
            raw = environ.get(_ENV_NAMES.get(name, f"RAG_{name.upper()}"))
            if raw is not None and raw.strip() != "":
                values[name] = raw.strip()
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls(**values)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors()
            )
            raise RagError(f"invalid settings: {problems}") from None


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of a .env file; blanks, comments and `export ` prefixes are ignored."""
    if not path.is_file():
        return {}
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        values[key.strip()] = value.strip().strip("'\"")
    return values
