"""Runtime settings: one pydantic model, read once from the environment and passed down."""

from __future__ import annotations

import os
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field


class Plan(BaseModel):
    """Limits of one billing plan, applied per workspace."""

    model_config = ConfigDict(frozen=True)

    name: str
    requests_per_month: int
    """AI requests (chat messages and document uploads) per calendar month."""
    tokens_per_month: int
    """Model tokens (prompt + completion) per calendar month."""
    requests_per_minute: int
    """Rate limit: AI requests in any 60-second window."""


class Settings(BaseModel):
    """Everything the app and the worker read from the environment."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    database_url: str = "sqlite:///./data/app.db"
    """SQLAlchemy URL. SQLite (embedded) by default; `postgresql://...` uses Postgres."""
    redis_url: str | None = None
    """When set, documents are processed by the RQ worker; otherwise in-process."""
    queue_name: str = "documents"
    """RQ queue the app enqueues to and the worker listens on."""
    secret_key: str = "dev-insecure-change-me"
    """Signs CSRF tokens. Set a long random value in production."""
    cookie_secure: bool = False
    """Mark cookies `Secure` (HTTPS only). Turn on behind TLS."""
    session_days: int = 14
    """How long a log-in lasts."""
    login_max_failures: int = 10
    """Failed log-ins per email within `login_lockout_minutes` before log-in answers 429."""
    login_lockout_minutes: int = 15
    ollama_host: str = "http://127.0.0.1:11434"
    ollama_model: str = "{{ cookiecutter.ollama_model }}"
    ollama_timeout: float = 60.0
    """Seconds before a model call gives up (the offline fallback answers instead)."""
    flavour: str = "{{ cookiecutter.flavour }}"
    """Product flavour: wording, prompts and sample data (see flavours.py)."""
    auto_migrate: bool = True
    """Run Alembic migrations to head when the app starts."""
    log_level: str = "INFO"
    plans: dict[str, Plan] = Field(
        default_factory=lambda: {
            "free": Plan(
                name="free",
                requests_per_month=200,
                tokens_per_month=100_000,
                requests_per_minute=10,
            ),
            "pro": Plan(
                name="pro",
                requests_per_month=10_000,
                tokens_per_month=5_000_000,
                requests_per_minute=120,
            ),
        }
    )

    def plan(self, name: str) -> Plan:
        """The limits of plan `name` (unknown names get the free plan)."""
        return self.plans.get(name, self.plans["free"])

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from environment variables (upper-case field names)."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for name in cls.model_fields:
            if name == "plans":
                continue
            raw = env.get(name.upper())
            if raw is not None and raw != "":
                values[name] = raw
        plans = {}
        for plan in ("free", "pro"):
            base = cls().plans[plan].model_dump()
            for field in ("requests_per_month", "tokens_per_month", "requests_per_minute"):
                raw = env.get(f"PLAN_{plan.upper()}_{field.upper()}")
                if raw:
                    base[field] = int(raw)
            plans[plan] = Plan(**base)
        return cls(**values, plans=plans)
