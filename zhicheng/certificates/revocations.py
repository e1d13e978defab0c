"""The signed list of revoked certificates (R-92): anyone checks it offline with the published public key."""

import base64
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519
from django.utils import timezone

from zhicheng.certificates import selectors
from zhicheng.certificates.keys import ISSUER_NAME, qr_private_key


def canonical(fields: dict[str, Any]) -> bytes:
    """UTF-8 JSON with sorted keys and no spaces: the bytes the signature covers."""
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def revocation_list() -> dict[str, Any]:
    """{"issuer", "issued_at", "revoked": [{number, revoked_at}], "signature"}: Ed25519 over the other fields."""
    fields: dict[str, Any] = {
        "issuer": ISSUER_NAME,
        "issued_at": timezone.now().isoformat(timespec="seconds"),
        "revoked": [
            {"number": c.number, "revoked_at": c.revoked_at.isoformat(timespec="seconds") if c.revoked_at else None}
            for c in selectors.revoked()
        ],
    }
    signature = qr_private_key().sign(canonical(fields))
    return {**fields, "signature": base64.urlsafe_b64encode(signature).rstrip(b"=").decode()}


def verify_revocation_list(data: dict[str, Any], public_key: ed25519.Ed25519PublicKey | None = None) -> bool:
    """Whether the list's signature holds over its other fields."""
    fields = {k: v for k, v in data.items() if k != "signature"}
    text = str(data.get("signature", ""))
    try:
        signature = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        (public_key or qr_private_key().public_key()).verify(signature, canonical(fields))
    except (ValueError, InvalidSignature):
        return False
    return True
