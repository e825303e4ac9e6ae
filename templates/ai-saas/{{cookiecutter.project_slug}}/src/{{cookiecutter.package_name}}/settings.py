"""Runtime settings: one pydantic model, read once from the environment and passed down."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

DEFAULT_SECRET_KEY = "dev-insecure-change-me"


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

    environment: Literal["development", "test", "production"] = "development"
    """`production` refuses the default SECRET_KEY and turns on Secure cookies by default."""
    product_name: str = "{{ cookiecutter.project_name }}"
    """Shown in the header, page titles and emails."""
    public_url: str = "http://127.0.0.1:8000"
    """The address users reach the app at: links in emails and invites are built from it,
    never from the request's Host header."""
    database_url: str = "sqlite:///./data/app.db"
    """SQLAlchemy URL. SQLite (embedded) by default; `postgresql://...` uses Postgres."""
    redis_url: str | None = None
    """When set, documents are processed by the RQ worker; otherwise in-process."""
    queue_name: str = "documents"
    """RQ queue the app enqueues to and the worker listens on."""
    job_retries: int = 3
    """How often a failed background job is retried (with growing delays) before it fails."""
    secret_key: str = DEFAULT_SECRET_KEY
    """Signs CSRF tokens and device cookies. Required (and not the default) in production."""
    cookie_secure: bool | None = None
    """Mark cookies `Secure` (HTTPS only, `__Host-` names). Default: on outside development."""
    session_days: int = 14
    """How long a log-in lasts."""
    login_max_failures: int = 10
    """Failed log-ins per client and account within `login_lockout_minutes` before 429."""
    login_max_per_client: int = 20
    """Log-in attempts per client address (any accounts) within the window."""
    login_max_per_account: int = 50
    """Failed log-ins per account from all clients without a known device cookie."""
    login_max_overall: int = 2000
    """Ceiling on log-in attempts from unknown devices across the whole app."""
    login_lockout_minutes: int = 15
    max_body_bytes: int = 64 * 1024
    """Request bodies larger than this answer 413 before they are parsed (forms, JSON)."""
    max_upload_bytes: int = 10 * 1024 * 1024
    """The larger limit of the document upload routes."""
    mail_backend: Literal["console", "file", "smtp"] = "console"
    """Where email goes: the log (development), files in `mail_dir`, or SMTP."""
    mail_from: str = "no-reply@example.com"
    mail_dir: str = "./data/mail"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_timeout: float = 10.0
    verify_token_hours: int = 48
    reset_token_minutes: int = 30
    invite_days: int = 7
    stripe_secret_key: str | None = None
    """A test-mode key (`sk_test_...`) to enable Stripe Checkout and the customer portal."""
    stripe_webhook_secret: str | None = None
    """Verifies webhook signatures (`whsec_...`). Plans change only through these events."""
    stripe_price_pro: str | None = None
    """The Stripe price id of the pro plan."""
    stripe_api_base: str | None = None
    """Another Stripe API address (tests point it at a local stand-in); normally unset."""
    ollama_host: str = "http://127.0.0.1:11434"
    ollama_model: str = "{{ cookiecutter.ollama_model }}"
    ollama_embed_model: str = "nomic-embed-text"
    ollama_timeout: float = 60.0
    """Seconds before a model call gives up (the offline fallback answers instead)."""
    embeddings: Literal["auto", "ollama", "offline"] = "auto"
    """`auto`: Ollama embeddings when the server answers, else the offline hashing embedder."""
    flavour: str = "{{ cookiecutter.flavour }}"
    """Product flavour: wording, prompts and sample data (see flavours.py)."""
    auto_migrate: bool = True
    """Run Alembic migrations to head when the app starts (under a lock: replicas wait)."""
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

    @model_validator(mode="after")
    def _production_needs_a_secret(self) -> Settings:
        if self.environment == "production" and (
            self.secret_key == DEFAULT_SECRET_KEY or len(self.secret_key) < 32
        ):
            raise ValueError(
                "SECRET_KEY must be set to a long random value (32+ characters) in production: "
                'python -c "import secrets; print(secrets.token_urlsafe(48))"'
            )
        return self

    @property
    def secure_cookies(self) -> bool:
        if self.cookie_secure is not None:
            return self.cookie_secure
        return self.environment != "development"

    def link(self, path: str) -> str:
        """An absolute link for emails and invites, from the configured public URL."""
        return self.public_url.rstrip("/") + path

    def plan(self, name: str) -> Plan:
        """The limits of plan `name` (unknown names get the free plan)."""
        return self.plans.get(name, self.plans["free"])

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from environment variables (upper-case field names)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
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
