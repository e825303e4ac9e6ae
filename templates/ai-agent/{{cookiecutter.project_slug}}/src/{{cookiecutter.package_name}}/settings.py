"""Settings: one small pydantic model, read from the environment once and passed down."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from .errors import SettingsError

Policy = Literal["always", "ask", "never"]

ENV_NAMES = {
    "OLLAMA_HOST": "ollama_host",
    "AGENT_MODEL": "model",
    "AGENT_EMBED_MODEL": "embed_model",
    "AGENT_TIMEOUT": "timeout",
    "AGENT_HOME": "home",
    "AGENT_WORKSPACE": "workspace",
    "AGENT_MAX_STEPS": "max_steps",
    "AGENT_MAX_TOOL_CALLS": "max_tool_calls",
    "AGENT_MAX_SECONDS": "max_seconds",
    "AGENT_MAX_TOKENS": "max_tokens",
    "AGENT_MAX_REPLANS": "max_replans",
    "AGENT_MAX_RETRIES": "max_retries",
    "AGENT_TOOL_TIMEOUT": "tool_timeout",
    "AGENT_TOOL_CONCURRENCY": "tool_concurrency",
    "AGENT_MAX_CONTEXT": "max_context",
    "AGENT_MEMORY_BUDGET": "memory_budget_chars",
    "AGENT_MEMORY_MIN_SCORE": "memory_min_score",
    "AGENT_HTTP_ALLOW_PRIVATE": "http_allow_private",
    "AGENT_OTEL": "otel",
}
FIELD_ENV = {field: env for env, field in ENV_NAMES.items()} | {
    "http_allow": "AGENT_HTTP_ALLOW",
    "approval": "AGENT_APPROVAL",
    "mcp_servers": "AGENT_MCP_SERVERS",
}


def project_root() -> Path:
    """The generated project's folder when installed from source (pip install -e .), else the current folder."""
    source = Path(__file__).resolve().parents[2]
    if (source / "pyproject.toml").is_file() and (source / "src").is_dir():
        return source
    return Path.cwd()


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
    """Folder for memory.sqlite3, traces/ and workspace/; a relative one is under the project folder (AGENT_HOME)."""
    workspace: Path | None = None
    """Folder the file tools are confined to; default <home>/workspace (AGENT_WORKSPACE)."""
    max_steps: int = Field(8, ge=1)
    """Plan steps a run may execute, re-planned ones included (AGENT_MAX_STEPS)."""
    max_tool_calls: int = Field(20, ge=1)
    """Tool calls a run may make (AGENT_MAX_TOOL_CALLS)."""
    max_seconds: float = Field(300.0, gt=0)
    """Wall-clock seconds a run may take, model and tool calls included (AGENT_MAX_SECONDS)."""
    max_tokens: int = Field(0, ge=0)
    """Tokens (prompt + completion, as the model counts them) a run may use; 0 = no limit (AGENT_MAX_TOKENS)."""
    max_replans: int = Field(2, ge=0)
    """How often a run may re-plan after a failed step (AGENT_MAX_REPLANS)."""
    max_retries: int = Field(2, ge=0, le=10)
    """Tool or validation errors sent back to the model within one step before it fails (AGENT_MAX_RETRIES)."""
    tool_timeout: float = Field(30.0, gt=0)
    """Seconds one tool call may take (AGENT_TOOL_TIMEOUT)."""
    tool_concurrency: int = Field(4, ge=1, le=32)
    """Independent tool calls of one model turn that may run at the same time (AGENT_TOOL_CONCURRENCY)."""
    max_context: int = Field(32768, ge=2048)
    """Largest context window (num_ctx, tokens) requested from Ollama; history is trimmed to fit (AGENT_MAX_CONTEXT)."""
    http_allow: list[str] = []
    """Hosts (host or host:port) http_get may fetch; empty turns the tool off (AGENT_HTTP_ALLOW, comma-separated)."""
    http_allow_private: bool = False
    """Let http_get reach private, loopback and link-local addresses (AGENT_HTTP_ALLOW_PRIVATE)."""
    approval: dict[str, Policy] = {}
    """Per-tool approval: always, ask or never; `*` is the default (AGENT_APPROVAL="write_file=ask,http_get=never")."""
    memory_budget_chars: int = Field(8000, ge=500)
    """Size of the short-term window before older steps get summarised (AGENT_MEMORY_BUDGET)."""
    memory_min_score: float = Field(0.4, ge=-1, le=1)
    """Cosine similarity a fact needs to count as a match (AGENT_MEMORY_MIN_SCORE)."""
    mcp_servers: dict[str, list[str]] = {}
    """MCP servers to start over stdio, name -> command (AGENT_MCP_SERVERS, JSON: {"files": ["python", "srv.py"]})."""
    otel: bool = False
    """Export model and tool calls as OpenTelemetry spans when the SDK is installed (AGENT_OTEL)."""

    @property
    def home_dir(self) -> Path:
        return self.home if self.home.is_absolute() else project_root() / self.home

    @property
    def workspace_dir(self) -> Path:
        if self.workspace is None:
            return self.home_dir / "workspace"
        return self.workspace if self.workspace.is_absolute() else project_root() / self.workspace

    @property
    def memory_path(self) -> Path:
        return self.home_dir / "memory.sqlite3"

    @property
    def traces_dir(self) -> Path:
        return self.home_dir / "traces"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Build settings from environment variables; unset ones keep their defaults. Bad values: SettingsError."""
        env = dict(os.environ if env is None else env)
        values: dict[str, object] = {field: env[name] for name, field in ENV_NAMES.items() if env.get(name, "").strip()}
        allow = env.get("AGENT_HTTP_ALLOW", "")
        values["http_allow"] = [h.strip().lower() for h in allow.split(",") if h.strip()]
        values["approval"] = _pairs("AGENT_APPROVAL", env.get("AGENT_APPROVAL", ""))
        if env.get("AGENT_MCP_SERVERS", "").strip():
            try:
                values["mcp_servers"] = json.loads(env["AGENT_MCP_SERVERS"])
            except json.JSONDecodeError as e:
                raise SettingsError(f"AGENT_MCP_SERVERS: not valid JSON ({e.msg})") from None
        host = str(values.get("ollama_host", cls.model_fields["ollama_host"].default))
        if "://" not in host:  # Ollama itself accepts OLLAMA_HOST=0.0.0.0:11434
            values["ollama_host"] = "http://" + host
        return validated(values)


def validated(values: dict[str, object], base: Settings | None = None) -> Settings:
    """Settings from raw values, or SettingsError naming the first bad setting in one line."""
    try:
        merged = {**(base.model_dump() if base else {}), **values}
        return Settings.model_validate(merged)
    except ValidationError as e:
        error = e.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "settings"
        name = FIELD_ENV.get(field, field)
        got = _short(error.get("input"))
        raise SettingsError(f"{name}: {error['msg']} (got {got})") from None


def _pairs(name: str, raw: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in (p.strip() for p in raw.split(",") if p.strip()):
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise SettingsError(f"{name}: expected tool=always|ask|never, got {_short(item)}")
        pairs[key.strip()] = value.strip().lower()
    return pairs


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


MULTI_AGENT = {{ "True" if cookiecutter.multi_agent == "yes" else "False" }}
"""Whether this project was generated with the multi-agent team (coordinator + specialists)."""
