"""Tutor conversations as Markdown files the learner keeps (`ctrl+s` in the tutor screen)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from .errors import AiengError
from .files import write_file_atomically
from .paths import data_dir


def chat_markdown(title: str, messages: list[dict[str, str]], when: datetime) -> str:
    """A conversation as a Markdown page: one section per turn, replies kept as the model wrote them."""
    parts = [f"# Tutor chat: {title}", f"*{when:%d %b %Y %H:%M}*"]
    for message in messages:
        who = "You" if message["role"] == "user" else "Tutor"
        parts.append(f"## {who}\n\n{message['content'].strip()}")
    return "\n\n".join(parts) + "\n"


def export_chat(topic_id: str, title: str, messages: list[dict[str, str]], when: datetime) -> Path:
    """Write the conversation to <data folder>/chats/<topic>-<time>.md; return the path."""
    if not messages:
        raise AiengError("nothing to export yet: ask the tutor something first")
    target = data_dir() / "chats" / f"{topic_id}-{when:%Y%m%d-%H%M%S}.md"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_file_atomically(target, chat_markdown(title, messages, when).encode("utf-8"))
    except OSError as exc:
        raise AiengError(f"{target}: cannot write the chat ({exc.strerror or exc})") from None
    return target
