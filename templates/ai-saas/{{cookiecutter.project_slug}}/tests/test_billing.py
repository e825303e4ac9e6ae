"""Billing in Stripe test mode, offline: Checkout and the portal through the official client
against a loopback stand-in of the Stripe API, and signed webhook events built here.
The plan changes only when a correctly signed event arrives, once per event."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from helpers import api_sign_up, csrf, log_in, sign_up

from {{ cookiecutter.package_name }}.billing.stripe_billing import Billing, apply_event
from {{ cookiecutter.package_name }}.db import Database
from {{ cookiecutter.package_name }}.errors import BadRequest
from {{ cookiecutter.package_name }}.models import Workspace
from {{ cookiecutter.package_name }}.settings import Settings

WEBHOOK_SECRET = "whsec_test_secret"
BILLING = {
    "stripe_secret_key": "sk_test_123",
    "stripe_webhook_secret": WEBHOOK_SECRET,
    "stripe_price_pro": "price_pro_test",
}


class FakeStripe(BaseHTTPRequestHandler):
    """Answers the two Stripe API calls the app makes, and records their parameters."""

    calls: list[tuple[str, dict]] = []

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["content-length"])).decode()
        FakeStripe.calls.append((self.path, parse_qs(body)))
        if self.path == "/v1/checkout/sessions":
            reply = {
                "id": "cs_test_1",
                "object": "checkout.session",
                "url": "https://checkout.stripe.test/cs_test_1",
            }
        elif self.path == "/v1/billing_portal/sessions":
            reply = {
                "id": "bps_1",
                "object": "billing_portal.session",
                "url": "https://billing.stripe.test/p/1",
            }
        else:
            self.send_response(404)
            self.end_headers()
            return
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stripe_api() -> str:
    FakeStripe.calls = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeStripe)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def signed(event: dict, secret: str = WEBHOOK_SECRET, at: int | None = None) -> tuple[bytes, dict]:
    """An event as Stripe sends it: the body and its `Stripe-Signature` header."""
    payload = json.dumps(event)
    timestamp = at or int(time.time())
    mac = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return payload.encode(), {"Stripe-Signature": f"t={timestamp},v1={mac.hexdigest()}"}


def event(kind: str, data: dict, event_id: str = "evt_1") -> dict:
    return {"id": event_id, "object": "event", "type": kind, "data": {"object": data}}


def completed(ws: str, event_id: str = "evt_1") -> dict:
    return event(
        "checkout.session.completed",
        {
            "object": "checkout.session",
            "client_reference_id": ws,
            "customer": "cus_1",
            "subscription": "sub_1",
        },
        event_id,
    )


def _plan(client, headers, ws: str) -> str:  # noqa: ANN001
    return client.get(f"/api/workspaces/{ws}/usage", headers=headers).json()["plan"]


@pytest.mark.stage(7)
def test_webhook_events_are_verified_applied_once_and_routed(
    database: Database, settings: Settings
) -> None:
    billing = Billing(settings.model_copy(update=BILLING))
    with database.session() as db:
        ws = Workspace(name="A")
        db.add(ws)
        db.flush()
        body, headers = signed(completed(ws.id))
        good = headers["Stripe-Signature"]
        for payload, signature in ((body, None), (body.replace(b"cus_1", b"cus_2"), good)):
            with pytest.raises(BadRequest, match="Invalid Stripe signature"):
                billing.handle_webhook(db, payload, signature)
        assert ws.plan == "free"
        assert billing.handle_webhook(db, body, good) == "plan pro"
        assert (ws.plan, ws.stripe_customer_id, ws.stripe_subscription_id) == (
            "pro",
            "cus_1",
            "sub_1",
        )
        assert billing.handle_webhook(db, body, good) == "duplicate"  # Stripe resends events
        sub = {"object": "subscription", "id": "sub_1"}
        updated = "customer.subscription.updated"
        assert apply_event(db, updated, {**sub, "status": "past_due"}) == "plan free"
        assert apply_event(db, updated, {**sub, "status": "trialing"}) == "plan pro"
        by_customer = {"object": "subscription", "id": "sub_new", "customer": "cus_1"}
        assert apply_event(db, "customer.subscription.deleted", by_customer) == "plan free"
        assert ws.plan == "free"
        unknown = {"client_reference_id": "no-such-workspace"}
        assert apply_event(db, "checkout.session.completed", unknown).startswith("ignored")
        assert apply_event(db, updated, {"object": "subscription", "id": "sub_x"}).startswith(
            "ignored"
        )
        assert apply_event(db, "invoice.paid", {}) == "ignored: invoice.paid"


@pytest.mark.stage(2)
def test_upgrade_goes_through_checkout_and_changes_nothing_by_itself(
    make_client, stripe_api
) -> None:
    client = make_client(**BILLING, stripe_api_base=stripe_api)
    ws = sign_up(client, "ada@example.com")
    assert "Upgrade to pro" in client.get(f"/w/{ws}/usage").text
    response = client.post(
        f"/w/{ws}/billing/checkout",
        data={"csrf_token": csrf(client, "/login")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "https://checkout.stripe.test/cs_test_1"
    path, params = FakeStripe.calls[-1]
    assert path == "/v1/checkout/sessions"
    assert params["client_reference_id"] == [ws] and params["mode"] == ["subscription"]
    assert params["line_items[0][price]"] == ["price_pro_test"]
    assert params["success_url"][0].startswith("https://app.example.test/w/")
    assert client.get(f"/api/workspaces/{ws}/usage").json()["plan"] == "free"  # not yet


@pytest.mark.stage(7)
def test_a_signed_event_upgrades_once(make_client, stripe_api) -> None:
    client = make_client(**BILLING, stripe_api_base=stripe_api)
    headers, ws = api_sign_up(client, "ada@example.com")
    body, signature = signed(completed(ws))
    first = client.post("/billing/webhook", content=body, headers=signature)
    assert first.status_code == 200 and first.json()["outcome"] == "plan pro"
    assert _plan(client, headers, ws) == "pro"
    again = client.post("/billing/webhook", content=body, headers=signature)  # Stripe retries
    assert again.json()["outcome"] == "duplicate"
    # the owner can now manage the subscription in the portal
    log_in(client, "ada@example.com")
    portal = client.post(
        f"/w/{ws}/billing/portal",
        data={"csrf_token": csrf(client, "/login")},
        follow_redirects=False,
    )
    assert portal.headers["location"] == "https://billing.stripe.test/p/1"
    assert FakeStripe.calls[-1][1]["customer"] == ["cus_1"]
    audit = client.get(f"/w/{ws}/audit").text
    assert audit.count("plan.changed") == 1


@pytest.mark.stage(7)
@pytest.mark.parametrize(
    "tamper",
    ["wrong secret", "changed body", "old timestamp", "no header"],
)
def test_unverified_events_change_nothing(make_client, tamper: str) -> None:
    client = make_client(**BILLING)
    headers, ws = api_sign_up(client, "ada@example.com")
    body, signature = signed(completed(ws))
    if tamper == "wrong secret":
        body, signature = signed(completed(ws), secret="whsec_attacker")
    elif tamper == "changed body":
        body = body.replace(b"cus_1", b"cus_2")
    elif tamper == "old timestamp":
        body, signature = signed(completed(ws), at=int(time.time()) - 3600)
    else:
        signature = {}
    response = client.post("/billing/webhook", content=body, headers=signature)
    assert response.status_code == 400
    assert _plan(client, headers, ws) == "free"


@pytest.mark.stage(7)
def test_cancelled_subscriptions_go_back_to_free(make_client) -> None:
    client = make_client(**BILLING)
    headers, ws = api_sign_up(client, "ada@example.com")
    body, signature = signed(completed(ws))
    client.post("/billing/webhook", content=body, headers=signature)
    assert _plan(client, headers, ws) == "pro"
    past_due = event(
        "customer.subscription.updated",
        {"object": "subscription", "id": "sub_1", "customer": "cus_1", "status": "past_due"},
        "evt_2",
    )
    body, signature = signed(past_due)
    assert (
        client.post("/billing/webhook", content=body, headers=signature).json()["outcome"]
        == "plan free"
    )
    active = event(
        "customer.subscription.updated",
        {"object": "subscription", "id": "sub_1", "customer": "cus_1", "status": "active"},
        "evt_3",
    )
    body, signature = signed(active)
    client.post("/billing/webhook", content=body, headers=signature)
    assert _plan(client, headers, ws) == "pro"
    deleted = event(
        "customer.subscription.deleted", {"object": "subscription", "id": "sub_1"}, "evt_4"
    )
    body, signature = signed(deleted)
    client.post("/billing/webhook", content=body, headers=signature)
    assert _plan(client, headers, ws) == "free"


@pytest.mark.stage(2)
def test_members_cannot_start_checkout(make_client, stripe_api) -> None:
    client = make_client(**BILLING, stripe_api_base=stripe_api)
    ws = sign_up(client, "ada@example.com")
    stranger = make_client(**BILLING, stripe_api_base=stripe_api)
    sign_up(stranger, "eve@example.com")
    response = stranger.post(
        f"/w/{ws}/billing/checkout", data={"csrf_token": csrf(stranger, "/login")}
    )
    assert response.status_code == 404 and FakeStripe.calls == []
