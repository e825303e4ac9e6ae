"""Account flows through a real SMTP server (aiosmtpd on loopback): verification, password
reset with single-use expiring links, invites that expire, can be revoked, and only admit
the verified invited address."""

from __future__ import annotations

import re
import socket
from email import message_from_bytes
from email.message import Message

import pytest
from helpers import PASSWORD, csrf, log_in, sign_up

from {{ cookiecutter.package_name }}.accounts.mail import FileMailer, SmtpMailer
from {{ cookiecutter.package_name }}.settings import Settings


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def link(self, to: str, path: str) -> str:
        for message in reversed(self.messages):
            body = message.get_payload(decode=True).decode()
            found = re.search(rf"https://app\.example\.test({re.escape(path)}\S+)", body)
            if message["To"] == to and found:
                return found.group(1)
        raise AssertionError(f"no {path} link for {to} in {len(self.messages)} messages")


@pytest.fixture
def smtp() -> Inbox:
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port  # type: ignore[attr-defined]
    yield inbox
    controller.stop()


@pytest.fixture
def mail_client(make_client, smtp: Inbox):  # noqa: ANN001, ANN201
    """make_client(...) whose app sends email through the SMTP server."""

    def make(**overrides):  # noqa: ANN202, ANN003
        settings = {"mail_backend": "smtp", "smtp_host": "127.0.0.1", "smtp_port": smtp.port}
        client = make_client(**settings, **overrides)
        client.app.state.mailer = SmtpMailer(client.app.state.settings)
        return client

    return make


def _follow(client, path: str, **data: str):  # noqa: ANN001, ANN202
    return client.post(path, data={"csrf_token": csrf(client, "/login"), **data})


@pytest.mark.stage(1)
def test_sign_up_sends_a_verification_link_that_works_once(mail_client, smtp: Inbox) -> None:
    client = mail_client()
    sign_up(client, "ada@example.com")
    message = smtp.messages[-1]
    assert message["To"] == "ada@example.com" and "Confirm your email" in message["Subject"]
    assert "not verified" in client.get("/account").text
    path = smtp.link("ada@example.com", "/verify/")
    assert "Confirm my email address" in client.get(path).text  # GET changes nothing
    assert "is confirmed" in _follow(client, path).text
    assert (
        "verified" in client.get("/account").text
        and "not verified" not in client.get("/account").text
    )
    again = _follow(client, path)
    assert again.status_code == 400 and "already used" in again.text


@pytest.mark.stage(1)
def test_password_reset_link_is_single_use_and_ends_sessions(mail_client, smtp: Inbox) -> None:
    client = mail_client()
    sign_up(client, "ada@example.com")
    other_device = mail_client()
    log_in(other_device, "ada@example.com")
    anonymous = mail_client()
    sent = _follow(anonymous, "/forgot", email="ADA@example.com")
    assert "If an account exists" in sent.text
    path = smtp.link("ada@example.com", "/reset/")
    weak = _follow(anonymous, path, password="password123")
    assert weak.status_code == 400 and "too common" in weak.text  # the link is not used up
    done = anonymous.post(
        path,
        data={"password": "a brand new secret", "csrf_token": csrf(anonymous, path)},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/login?reset=done"
    reuse = _follow(anonymous, path, password="yet another secret")
    assert reuse.status_code == 400 and "already used" in reuse.text
    assert other_device.get("/workspaces", follow_redirects=False).status_code == 303  # logged out
    assert log_in(anonymous, "ada@example.com", PASSWORD).status_code == 400
    assert log_in(anonymous, "ada@example.com", "a brand new secret").status_code == 303


def test_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(mail_client, smtp) -> None:
    client = mail_client()
    response = _follow(client, "/forgot", email="nobody@example.com")
    assert response.status_code == 200 and "If an account exists" in response.text
    assert smtp.messages == []


@pytest.mark.stage(1)
def test_reset_links_expire(mail_client, smtp: Inbox) -> None:
    client = mail_client(reset_token_minutes=0)
    sign_up(client, "ada@example.com")
    _follow(client, "/forgot", email="ada@example.com")
    path = smtp.link("ada@example.com", "/reset/")
    expired = _follow(client, path, password="a brand new secret")
    assert expired.status_code == 400 and "expired" in expired.text


def _invite(client, ws: str, email: str) -> str:  # noqa: ANN001
    page = _follow(client, f"/w/{ws}/invites", email=email)
    assert page.status_code == 200, page.text
    return page.text


@pytest.mark.stage(2)
def test_invites_are_emailed_and_need_the_verified_invited_address(mail_client, smtp) -> None:
    owner = mail_client()
    ws = sign_up(owner, "owner@example.com")
    _invite(owner, ws, "Bo@Example.com")
    path = smtp.link("bo@example.com", "/invites/")
    # someone else holding the link cannot use it
    eve = mail_client()
    sign_up(eve, "eve@example.com")
    _follow(eve, smtp.link("eve@example.com", "/verify/"))
    refused = _follow(eve, f"{path}/accept")
    assert refused.status_code == 403 and "another email address" in refused.text
    # the invited address must be confirmed first
    bo = mail_client()
    sign_up(bo, "bo@example.com")
    unverified = _follow(bo, f"{path}/accept")
    assert unverified.status_code == 403 and "Confirm your email" in unverified.text
    _follow(bo, smtp.link("bo@example.com", "/verify/"))
    joined = _follow(bo, f"{path}/accept")
    assert joined.status_code == 200 and f"/w/{ws}" in str(joined.url)
    assert _follow(bo, f"{path}/accept").status_code == 404  # used up


@pytest.mark.stage(2)
def test_invites_expire_and_can_be_revoked(mail_client, smtp: Inbox) -> None:
    owner = mail_client(invite_days=0)
    ws = sign_up(owner, "owner@example.com")
    _invite(owner, ws, "bo@example.com")
    expired = smtp.link("bo@example.com", "/invites/")
    bo = mail_client()
    sign_up(bo, "bo@example.com")
    _follow(bo, smtp.link("bo@example.com", "/verify/"))
    assert "expired" in _follow(bo, f"{expired}/accept").text
    owner.app.state.settings = owner.app.state.settings.model_copy(update={"invite_days": 7})
    page = _invite(owner, ws, "bo@example.com")
    invite_id = re.search(r"/invites/([0-9a-f]{32})/revoke", page).group(1)
    revoked = smtp.link("bo@example.com", "/invites/")
    _follow(owner, f"/w/{ws}/invites/{invite_id}/revoke")
    assert "bo@example.com" not in owner.get(f"/w/{ws}/members").text.split("Pending")[-1]
    assert _follow(bo, f"{revoked}/accept").status_code == 404


def test_the_file_backend_writes_eml_files(tmp_path) -> None:
    FileMailer("app@example.com", str(tmp_path)).send("ada@example.com", "Hello", "Body")
    (written,) = tmp_path.glob("*.eml")
    message = message_from_bytes(written.read_bytes())
    assert message["To"] == "ada@example.com" and message["Subject"] == "Hello"


@pytest.mark.stage(1)
def test_an_unreachable_smtp_server_does_not_break_sign_up(make_client) -> None:
    client = make_client(mail_backend="smtp", smtp_host="127.0.0.1", smtp_port=9, smtp_timeout=2)
    client.app.state.mailer = SmtpMailer(Settings(**{**client.app.state.settings.model_dump()}))
    assert sign_up(client, "ada@example.com")
    assert "not verified" in client.get("/account").text  # and it can resend later
