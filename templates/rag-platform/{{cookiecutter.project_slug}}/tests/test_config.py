"""Settings: defaults chosen when the project was generated, environment variables, validation."""

from pathlib import Path

import pytest

from {{ cookiecutter.package_name }}.config import Settings
from {{ cookiecutter.package_name }}.errors import RagError


def test_defaults_are_the_generated_choices():
    s = Settings()
    assert s.chat_model == "{{ cookiecutter.chat_model }}"
    assert s.embed_model == "{{ cookiecutter.embedding_model }}"
    assert s.top_k == {{ cookiecutter.top_k }}
    assert (s.chunk_size, s.chunk_overlap) == ({{ cookiecutter.chunk_size }}, {{ cookiecutter.chunk_overlap }})
    assert s.qdrant_url is None and s.qdrant_path == Path(".rag_data/qdrant")
    assert s.database_url is None and s.rerank is False and s.default_collection == "default"


def test_environment_variables_are_read():
    s = Settings.from_env(
        {
            "QDRANT_URL": "http://qdrant:6333",
            "OLLAMA_HOST": "http://ollama:11434",
            "RAG_TOP_K": "7",
            "RAG_OFFLINE": "true",
            "RAG_DATA_DIR": "/srv/rag",
            "RAG_CHAT_MODEL": "",
            "DATABASE_URL": "pgserver",
            "RAG_RATE_LIMIT_PER_MINUTE": "30",
        }
    )
    assert s.database_url == "pgserver" and s.rate_limit_per_minute == 30
    assert s.qdrant_url == "http://qdrant:6333" and s.ollama_host == "http://ollama:11434"
    assert s.top_k == 7 and s.offline is True and s.state_db == Path("/srv/rag/state.db")
    assert s.chat_model == "{{ cookiecutter.chat_model }}", "empty values keep the default"


def test_overrides_win_over_the_environment():
    assert Settings.from_env({"RAG_TOP_K": "7"}, top_k=2).top_k == 2


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"RAG_TOP_K": "zero"}, "top_k"),
        ({"RAG_CHUNK_OVERLAP": "5000"}, "chunk_overlap must be smaller"),
    ],
)
def test_invalid_settings_are_one_clear_error(env, message):
    with pytest.raises(RagError, match=message):
        Settings.from_env(env)


def test_a_dotenv_file_is_read_but_the_environment_wins(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("# comment\nexport RAG_TOP_K=9\nRAG_CHAT_MODEL='from-file'\n\n")
    monkeypatch.setenv("RAG_TOP_K", "3")
    s = Settings.from_env()
    assert s.top_k == 3 and s.chat_model == "from-file"
