"""Sending email: SMTP in production, the log or .eml files in development."""

from __future__ import annotations

import logging
import smtplib
import ssl
import time
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from ..settings import Settings

log = logging.getLogger(__name__)


class Mailer(Protocol):
    def send(self, to: str, subject: str, body: str) -> None: ...


def _message(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message.set_content(body)
    return message


class ConsoleMailer:
    """Development: prints each email (links included) to stdout, never to the JSON log."""

    def __init__(self, sender: str) -> None:
        self.sender = sender

    def send(self, to: str, subject: str, body: str) -> None:
        print(f"--- email to {to}: {subject}\n{body}\n---", flush=True)


class FileMailer:
    """Development: one .eml file per email in `folder` (open it with any mail program)."""

    def __init__(self, sender: str, folder: str) -> None:
        self.sender = sender
        self.folder = Path(folder)

    def send(self, to: str, subject: str, body: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns()}-{to.replace('@', '_at_')}.eml"
        (self.folder / name).write_bytes(bytes(_message(self.sender, to, subject, body)))


class SmtpMailer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def send(self, to: str, subject: str, body: str) -> None:
        s = self.settings
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout) as smtp:
            if s.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if s.smtp_username:
                smtp.login(s.smtp_username, s.smtp_password or "")
            smtp.send_message(_message(s.mail_from, to, subject, body))


def mailer_for(settings: Settings) -> Mailer:
    if settings.mail_backend == "smtp":
        return SmtpMailer(settings)
    if settings.mail_backend == "file":
        return FileMailer(settings.mail_from, settings.mail_dir)
    if settings.environment == "production":
        log.warning("MAIL_BACKEND=console in production: emails are printed, not sent")
    return ConsoleMailer(settings.mail_from)


def send_safely(mailer: Mailer, to: str, subject: str, body: str) -> bool:
    """Send; on failure log the reason (never the body: it holds a secret link) and go on."""
    try:
        mailer.send(to, subject, body)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("email not sent", extra={"subject": subject, "error": type(exc).__name__})
        return False
    return True
