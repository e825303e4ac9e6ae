"""Billing with Stripe (test mode works the same): Checkout to subscribe, the customer portal
to manage, and a signature-verified, idempotent webhook that is the only way a plan changes.

The "upgrade" button only sends the owner to Stripe; the workspace becomes pro when Stripe
tells us, in a signed event, that the checkout completed.
"""

from __future__ import annotations

import logging
from typing import Any

import stripe
# aieng:stage 7 begin
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import AppError, BadRequest
from ..models import BillingEvent, Workspace
# aieng:stage 7 stub
from sqlalchemy.orm import Session

from ..errors import AppError, BadRequest
from ..models import Workspace
# aieng:stage 7 end
from ..settings import Settings
from ..workspaces.access import Access, require_owner
from ..workspaces.audit import record

log = logging.getLogger(__name__)
ACTIVE = frozenset({"active", "trialing"})


class BillingUnavailable(AppError):
    status_code = 503


class Billing:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def enabled(self) -> bool:
        s = self.settings
        return bool(s.stripe_secret_key and s.stripe_price_pro and s.stripe_webhook_secret)

    def _client(self) -> stripe.StripeClient:
        if not self.enabled:
            raise BillingUnavailable(
                "Billing is not configured: set STRIPE_SECRET_KEY, STRIPE_PRICE_PRO and "
                "STRIPE_WEBHOOK_SECRET (test-mode values work)."
            )
        base = self.settings.stripe_api_base
        return stripe.StripeClient(
            self.settings.stripe_secret_key or "",
            base_addresses={"api": base} if base else None,
            max_network_retries=1,
        )

    def checkout_url(self, access: Access) -> str:
        """A Stripe Checkout page for the pro plan; nothing changes here until the webhook."""
        require_owner(access)
        workspace = access.workspace
        params: dict[str, Any] = {
            "mode": "subscription",
            "line_items": [{"price": self.settings.stripe_price_pro, "quantity": 1}],
            "client_reference_id": workspace.id,
            "metadata": {"workspace_id": workspace.id},
            "success_url": self.settings.link(f"/w/{workspace.id}/usage?checkout=done"),
            "cancel_url": self.settings.link(f"/w/{workspace.id}/usage"),
        }
        if workspace.stripe_customer_id:
            params["customer"] = workspace.stripe_customer_id
        else:
            params["customer_email"] = access.user.email
        try:
            session = self._client().v1.checkout.sessions.create(params=params)  # type: ignore[arg-type]
        except stripe.StripeError as exc:
            raise BillingUnavailable(f"Stripe did not answer: {exc.user_message or exc}") from exc
        return str(session.url)

    def portal_url(self, access: Access) -> str:
        require_owner(access)
        customer = access.workspace.stripe_customer_id
        if not customer:
            raise BadRequest("This workspace has no subscription yet.")
        return_url = self.settings.link(f"/w/{access.workspace.id}/usage")
        try:
            session = self._client().v1.billing_portal.sessions.create(
                params={"customer": customer, "return_url": return_url}
            )
        except stripe.StripeError as exc:
            raise BillingUnavailable(f"Stripe did not answer: {exc.user_message or exc}") from exc
        return str(session.url)
    # aieng:stage 7 begin

    def handle_webhook(self, db: Session, payload: bytes, signature: str | None) -> str:
        """Verify, de-duplicate and apply one event; returns what happened."""
        secret = self.settings.stripe_webhook_secret
        if not secret:
            raise BillingUnavailable("Billing is not configured (STRIPE_WEBHOOK_SECRET).")
        try:
            event = stripe.Webhook.construct_event(payload, signature, secret)
        except (stripe.SignatureVerificationError, ValueError):
            raise BadRequest("Invalid Stripe signature.") from None
        try:
            with db.begin_nested():
                db.add(BillingEvent(id=event.id, type=event.type))
        except IntegrityError:
            return "duplicate"
        return apply_event(db, event.type, event.data.object.to_dict())


def _workspace_for(db: Session, data: dict[str, Any]) -> Workspace | None:
    customer = data.get("customer")
    subscription = data.get("id") if data.get("object") == "subscription" else None
    conditions = []
    if subscription:
        conditions.append(Workspace.stripe_subscription_id == subscription)
    if customer:
        conditions.append(Workspace.stripe_customer_id == customer)
    if not conditions:
        return None
    return db.scalar(select(Workspace).where(or_(*conditions)))


def apply_event(db: Session, kind: str, data: dict[str, Any]) -> str:
    """Apply one verified event to the workspace it names (a plain dict of its object)."""
    if kind == "checkout.session.completed":
        workspace = db.get(Workspace, data.get("client_reference_id") or "")
        if workspace is None:
            return "ignored: unknown workspace"
        workspace.stripe_customer_id = data.get("customer")
        workspace.stripe_subscription_id = data.get("subscription")
        return _set_plan(db, workspace, "pro")
    if kind in ("customer.subscription.updated", "customer.subscription.deleted"):
        workspace = _workspace_for(db, data)
        if workspace is None:
            return "ignored: unknown subscription"
        active = kind.endswith("updated") and data.get("status") in ACTIVE
        return _set_plan(db, workspace, "pro" if active else "free")
    return f"ignored: {kind}"
    # aieng:stage 7 stub

    def handle_webhook(self, db: Session, payload: bytes, signature: str | None) -> str:
        """Verify, de-duplicate and apply one event; returns what happened.

        Without STRIPE_WEBHOOK_SECRET raise BillingUnavailable. Verify the signature with
        `stripe.Webhook.construct_event` (a bad or missing one is `BadRequest("Invalid
        Stripe signature.")`), store a `BillingEvent` with the event's id inside
        `db.begin_nested()` - an IntegrityError means Stripe resent it: return "duplicate" -
        then `apply_event`. See STAGES.md, stage 7.
        """
        raise NotImplementedError("stage 7: verify the Stripe signature and apply each event once")


def apply_event(db: Session, kind: str, data: dict[str, Any]) -> str:
    """Apply one verified event to the workspace it names (a plain dict of its object).

    checkout.session.completed: the workspace is `client_reference_id`; keep its customer
    and subscription ids and set the plan to pro. customer.subscription.updated/deleted:
    find the workspace by subscription or customer id; pro while the status is active or
    trialing, else free (deleted is always free). Change plans with `_set_plan`; return
    "ignored: ..." for unknown workspaces and other event types. See STAGES.md, stage 7.
    """
    raise NotImplementedError("stage 7: change the workspace's plan from the Stripe event")
# aieng:stage 7 end


def _set_plan(db: Session, workspace: Workspace, plan: str) -> str:
    if workspace.plan != plan:
        workspace.plan = plan
        record(db, workspace.id, None, "billing", "plan.changed", plan)
    db.flush()
    return f"plan {plan}"
