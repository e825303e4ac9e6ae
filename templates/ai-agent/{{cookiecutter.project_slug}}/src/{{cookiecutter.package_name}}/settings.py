"""Settings: one small pydantic model, read from the environment once and passed down."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field


class Settings(BaseModel):
    """Everything the agent can be configured with. Environment names are in .env.example."""

    ollama_host: str = "http://127.0.0.1:11434"
    """Where the Ollama server listens (OLLAMA_HOST)."""
    model: str = "{{ cookiecutter.ollama_model }}"
    """Chat model; it must support tool calling (AGENT_MODEL)."""
    embed_model: str = "{{ cookiecutter.embed_model }}"
    """Embedding model for long-term memory (AGENT_EMBED_MODEL)."""
    timeout: float = Field(120.0, gt=0)
    """Seconds to wait for one model answer; connecting gives up after 5 s (AGENT_TIMEOUT)."""
    home: Path = Path(".agent")
    """Folder for memory.sqlite3, traces/ and the default workspace/ (AGENT_HOME)."""
    workspace: Path | None = None
    """Folder the file tools are confined to; default <home>/workspace (AGENT_WORKSPACE)."""
    max_steps: int = Field(8, ge=1)
    """Plan steps a run may execute, re-planned ones included (AGENT_MAX_STEPS)."""
    max_tool_calls: int = Field(20, ge=1)
    """Tool calls a run may make (AGENT_MAX_TOOL_CALLS)."""
    max_seconds: float = Field(300.0, gt=0)
    """Wall-clock seconds a run may take (AGENT_MAX_SECONDS)."""
    max_replans: int = Field(2, ge=0)
    """How often a run may re-plan after a failed step (AGENT_MAX_REPLANS)."""
    http_allow: list[str] = []
    """Hosts the http_get tool may fetch; empty turns the tool off (AGENT_HTTP_ALLOW, comma-separated)."""
    memory_budget_chars: int = Field(8000, ge=500)
    """Size of the short-term window before older steps get summarised (AGENT_MEMORY_BUDGET)."""

    @property
    def workspace_dir(self) -> Path:
        return self.workspace or self.home / "workspace"

    @property
    def memory_path(self) -> Path:
        return self.home / "memory.sqlite3"

    @property
    def traces_dir(self) -> Path:
        return self.home / "traces"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Build settings from environment variables; unset ones keep their defaults."""
        env = dict(os.environ if env is None else env)
        names = {
            "OLLAMA_HOST": "ollama_host",
            "AGENT_MODEL": "model",
            "AGENT_EMBED_MODEL": "embed_model",
            "AGENT_TIMEOUT": "timeout",
            "AGENT_HOME": "home",
            "AGENT_WORKSPACE": "workspace",
            "AGENT_MAX_STEPS": "max_steps",
            "AGENT_MAX_TOOL_CALLS": "max_tool_calls",
            "AGENT_MAX_SECONDS": "max_seconds",
            "AGENT_MAX_REPLANS": "max_replans",
            "AGENT_MEMORY_BUDGET": "memory_budget_chars",
        }
        values: dict[str, object] = {field: env[name] for name, field in names.items() if env.get(name, "").strip()}
        allow = env.get("AGENT_HTTP_ALLOW", "")
        values["http_allow"] = [h.strip().lower() for h in allow.split(",") if h.strip()]
        host = str(values.get("ollama_host", cls.model_fields["ollama_host"].default))
        if "://" not in host:  # Ollama itself accepts OLLAMA_HOST=0.0.0.0:11434
            values["ollama_host"] = "http://" + host
        return cls.model_validate(values)


MULTI_AGENT = {{ "True" if cookiecutter.multi_agent == "yes" else "False" }}
"""Whether this project was generated with the multi-agent team (coordinator + specialists)."""
