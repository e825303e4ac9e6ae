"""User settings (model, Ollama host, timeout): a small declared model in config.json."""

# No `from __future__ import annotations` here: msgspec would have to evaluate every string
# annotation of these Structs on first use, ~3 ms of every start.

import os
from pathlib import Path
from typing import Annotated

import msgspec
from msgspec import Meta

from .errors import ConfigError

DEFAULT_HOST = "http://127.0.0.1:11434"


class Settings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    model: Annotated[str, Meta(min_length=1)] = "llama3.2"
    """The Ollama model that writes questions, grades answers and chats."""
    host: Annotated[str, Meta(min_length=1)] = DEFAULT_HOST
    """Where Ollama listens; the OLLAMA_HOST environment variable wins over this."""
    timeout: Annotated[float, Meta(gt=0, le=600)] = 60.0
    """Seconds to wait for one model answer before falling back to the offline bank."""
    health_timeout: Annotated[float, Meta(gt=0, le=60)] = 3.0
    """Seconds the start-up health check waits for Ollama; short, so a busy server is noticed fast."""
    theme: Annotated[str, Meta(min_length=1)] = "ansi-dark"
    """The study TUI's Textual theme; the ansi ones use your terminal's own colours."""


KEYS = ("model", "host", "timeout", "health_timeout", "theme")


def normalize_host(value: str) -> str:
    """Accept what OLLAMA_HOST accepts: 'host', 'host:port', 'http(s)://host[:port]'."""
    value = value.strip().rstrip("/")
    if not value:
        raise ConfigError("host is empty")
    scheme, sep, rest = value.partition("://")
    if not sep:
        scheme, rest = "http", value
    if scheme not in ("http", "https"):
        raise ConfigError(f"host {value!r} must use http or https")
    hostport = rest.split("/", 1)[0]
    if not hostport or hostport.startswith(":"):
        raise ConfigError(f"host {value!r} names no machine")
    if ":" not in hostport.rsplit("]", 1)[-1]:
        rest = rest.replace(hostport, f"{hostport}:11434", 1)
    if hostport.startswith("0.0.0.0"):
        rest = rest.replace("0.0.0.0", "127.0.0.1", 1)  # a listen address; connect locally
    return f"{scheme}://{rest}"


def load_settings(path: Path | None = None) -> Settings:
    from .paths import config_file

    path = path or config_file()
    try:
        settings = msgspec.json.decode(path.read_bytes(), type=Settings)
    except FileNotFoundError:
        settings = Settings()
    except (OSError, msgspec.MsgspecError) as exc:
        raise ConfigError(f"{path}: unreadable settings ({str(exc).splitlines()[0]}); fix or delete it") from None
    env_host = os.environ.get("OLLAMA_HOST")
    if env_host:
        settings = msgspec.structs.replace(settings, host=normalize_host(env_host))
    return settings


def set_value(key: str, value: str, path: Path | None = None) -> Settings:
    """Validate and store one setting; the file is replaced atomically."""
    from .paths import config_file
    from .progress import _atomic_write

    path = path or config_file()
    if key not in KEYS:
        raise ConfigError(f"unknown setting {key!r}; settings: {', '.join(KEYS)}")
    try:
        current = msgspec.json.decode(path.read_bytes(), type=Settings) if path.exists() else Settings()
    except msgspec.MsgspecError:
        current = Settings()  # an unreadable file is replaced by a valid one holding the new value
    raw: object = value
    if key == "host":
        raw = normalize_host(value)
    elif key in ("timeout", "health_timeout"):
        try:
            raw = float(value)
        except ValueError:
            raise ConfigError(f"{key} must be a number of seconds, not {value!r}") from None
    try:
        updated = msgspec.convert({**msgspec.structs.asdict(current), key: raw}, type=Settings)
    except msgspec.ValidationError as exc:
        raise ConfigError(f"{key}: {str(exc).split(' - at ')[0]}") from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(path, msgspec.json.format(msgspec.json.encode(updated), indent=2))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write settings ({exc.strerror or exc})") from None
    return updated


def get_value(settings: Settings, key: str) -> str:
    if key not in KEYS:
        raise ConfigError(f"unknown setting {key!r}; settings: {', '.join(KEYS)}")
    return str(getattr(settings, key))
