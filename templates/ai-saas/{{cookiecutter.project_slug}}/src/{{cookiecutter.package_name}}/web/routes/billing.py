"""Billing routes: Checkout and the portal for owners, and Stripe's webhook."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from ...workspaces.access import Access
from ..deps import csrf_protect, get_db, page_access, redirect

router = APIRouter(include_in_schema=False)


@router.post("/w/{workspace_id}/billing/checkout", dependencies=[Depends(csrf_protect)])
def checkout(request: Request, access: Access = Depends(page_access)) -> Response:
    """Off to Stripe Checkout. The plan changes only when the signed webhook arrives."""
    return redirect(request.app.state.billing.checkout_url(access))


@router.post("/w/{workspace_id}/billing/portal", dependencies=[Depends(csrf_protect)])
def portal(request: Request, access: Access = Depends(page_access)) -> Response:
    return redirect(request.app.state.billing.portal_url(access))


@router.post("/billing/webhook")
async def webhook(request: Request, db: Session = Depends(get_db)) -> Response:
    """Stripe calls this; the signature (STRIPE_WEBHOOK_SECRET) is the only authentication."""
    payload = await request.body()
    signature = request.headers.get("stripe-signature")
    outcome = request.app.state.billing.handle_webhook(db, payload, signature)
    db.commit()
    return JSONResponse({"received": True, "outcome": outcome})
