"""The shared key a RapidPro workspace sends with every webhook call.

Keys are `WebhookKey` rows (only their SHA-256 is stored), issued by the node administrator with
`jokko community_webhook_key <label>`; the flow sends ``Authorization: Token <key>``. A node can
hold several (one per workspace or chatbot) and revoke one without touching the others.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from jokko.community.models import WebhookKey


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_webhook_key(label: str) -> tuple[WebhookKey, str]:
    raw = "jkw_" + secrets.token_urlsafe(32)
    return WebhookKey.objects.create(label=label, key_hash=_hash(raw)), raw


def authenticate_webhook(header: str) -> WebhookKey | None:
    """The active key named by an "Authorization: Token <key>" (or Bearer) header, if any."""
    scheme, _, raw = header.strip().partition(" ")
    raw = raw.strip()
    if scheme.lower() not in ("token", "bearer") or not raw:
        return None
    wanted = _hash(raw)
    for key in WebhookKey.objects.filter(revoked_at__isnull=True):
        if hmac.compare_digest(key.key_hash, wanted):
            return key
    return None
