"""User settings (model, Ollama host, timeout): a small declared model in config.json."""

# No `from __future__ import annotations` here: msgspec would have to evaluate every string
# annotation of these Structs on first use, ~3 ms of every start.

import os
from pathlib import Path
from typing import Annotated

import msgspec
from msgspec import Meta

from .errors import ConfigError, FileMissing, FileReadError

DEFAULT_HOST = "http://127.0.0.1:11434"
# Values end up in terminal lines, Rich markup and HTTP requests: keep them to what they are.
_MODEL = r"^[A-Za-z0-9][A-Za-z0-9._:/@+-]*\Z"  # e.g. llama3.2, qwen2.5:7b, hf.co/user/model:Q4_K_M
_NAME = r"^[A-Za-z0-9][A-Za-z0-9_-]*\Z"  # \Z: `$` would let a trailing newline through
_NO_SPACE = r"^[^\s\x00-\x1f\x7f]+\Z"
_ZONE = r"^([A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*)?\Z"  # IANA names (Europe/Berlin), no dots or paths


class Settings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    model: Annotated[str, Meta(min_length=1, max_length=200, pattern=_MODEL)] = "llama3.2"
    """The Ollama model that writes questions, grades answers and chats."""
    host: Annotated[str, Meta(min_length=1, max_length=500, pattern=_NO_SPACE)] = DEFAULT_HOST
    """Where Ollama listens; the OLLAMA_HOST environment variable wins over this."""
    timeout: Annotated[float, Meta(gt=0, le=600)] = 60.0
    """Seconds to wait for one model answer before falling back to the offline bank."""
    health_timeout: Annotated[float, Meta(gt=0, le=60)] = 3.0
    """Seconds the start-up health check waits for Ollama; short, so a busy server is noticed fast."""
    theme: Annotated[str, Meta(min_length=1, max_length=100, pattern=_NAME)] = "ansi-dark"
    """The study TUI's Textual theme; the ansi ones use your terminal's own colours."""
    timezone: Annotated[str, Meta(max_length=100, pattern=_ZONE)] = ""
    """Your IANA time zone (e.g. Europe/Berlin) for today, due reviews, streaks and plan weeks;
    empty: the TZ variable or the system's zone."""


KEYS = ("model", "host", "timeout", "health_timeout", "theme", "timezone")
SECONDS_MAX = {"timeout": 600.0, "health_timeout": 60.0}  # as the Meta(le=...) above
# Textual's built-in themes, kept here so `config set` needs no Textual import (~150 ms);
# tests/test_settings.py checks this list against Textual's own.
THEMES = (
    "ansi-dark",
    "ansi-light",
    "atom-one-dark",
    "atom-one-light",
    "catppuccin-frappe",
    "catppuccin-latte",
    "catppuccin-macchiato",
    "catppuccin-mocha",
    "dracula",
    "flexoki",
    "gruvbox",
    "monokai",
    "nord",
    "rose-pine",
    "rose-pine-dawn",
    "rose-pine-moon",
    "solarized-dark",
    "solarized-light",
    "textual-dark",
    "textual-light",
    "tokyo-night",
)


def normalize_host(value: str) -> str:
    """Accept what OLLAMA_HOST accepts: 'host', 'host:port', 'http(s)://host[:port]'."""
    value = value.strip().rstrip("/")
    if not value:
        raise ConfigError("host is empty")
    if any(ch.isspace() or not ch.isprintable() for ch in value):
        raise ConfigError(f"host {value!r} contains spaces or control characters")
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


MAX_CONFIG_BYTES = 64 * 1024  # a real config is ~150 bytes; anything huge is not ours


def _read_config(path: Path) -> Settings | None:
    """The settings stored in `path`, None if there is no file; anything else is one line."""
    from .files import read_regular_file

    try:
        raw = read_regular_file(path, max_bytes=MAX_CONFIG_BYTES, what="config file")
    except FileMissing:
        return None
    except FileReadError as exc:
        raise ConfigError(f"{exc}; fix or delete it") from None
    try:
        return msgspec.json.decode(raw, type=Settings)
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: unreadable settings (not UTF-8 text); fix or delete it") from None
    except (msgspec.MsgspecError, RecursionError) as exc:
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:160]
        raise ConfigError(f"{path}: unreadable settings ({reason}); fix or delete it") from None


def load_settings(path: Path | None = None) -> Settings:
    from .paths import config_file

    path = path or config_file()
    settings = _read_config(path) or Settings()
    env_host = os.environ.get("OLLAMA_HOST")
    if env_host:
        settings = msgspec.structs.replace(settings, host=normalize_host(env_host))
    return settings


def set_value(key: str, value: str, path: Path | None = None) -> Settings:
    """Validate and store one setting. An unreadable file is never replaced (the user fixes or
    deletes it); a readable one is copied to config.json.bak first; the write is atomic."""
    from .files import write_file_atomically
    from .paths import config_file

    path = path or config_file()
    if key not in KEYS:
        raise ConfigError(f"unknown setting {key!r}; settings: {', '.join(KEYS)}")
    if not value.isprintable() or not _encodable(value):
        raise ConfigError(f"{key}: the value must be printable text (no control characters or invalid bytes)")
    stored = _read_config(path)
    current = stored or Settings()
    raw: object = value
    if key == "host":
        raw = normalize_host(value)
    elif key in ("timeout", "health_timeout"):
        try:
            raw = float(value)
        except ValueError:
            raw = float("nan")
        if not 0 < raw <= SECONDS_MAX[key]:  # also refuses nan
            raise ConfigError(
                f"{key} must be a number of seconds above 0 and at most {SECONDS_MAX[key]:g}, not {value!r}"
            )
    elif key == "theme" and value not in THEMES:
        raise ConfigError(f"theme: unknown theme {value!r}; themes: {', '.join(THEMES)}")
    elif key == "timezone" and value:
        _check_zone(value)
    try:
        updated = msgspec.convert({**msgspec.structs.asdict(current), key: raw}, type=Settings)
    except msgspec.ValidationError as exc:
        raise ConfigError(f"{key}: {str(exc).split(' - at ')[0]}") from None
    if stored is not None:
        backup = path.with_name(path.name + ".bak")
        try:
            write_file_atomically(backup, path.read_bytes())
        except OSError as exc:
            raise ConfigError(
                f"{backup}: cannot back up the settings ({exc.strerror or exc}); nothing was changed"
            ) from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file_atomically(path, msgspec.json.format(msgspec.json.encode(updated), indent=2))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write settings ({exc.strerror or exc})") from None
    return updated


def _check_zone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"timezone: unknown time zone {name!r}; use a name like Europe/Berlin") from None


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # undecodable command-line bytes arrive as lone surrogates
        return False
    return True


def get_value(settings: Settings, key: str) -> str:
    if key not in KEYS:
        raise ConfigError(f"unknown setting {key!r}; settings: {', '.join(KEYS)}")
    return str(getattr(settings, key))
