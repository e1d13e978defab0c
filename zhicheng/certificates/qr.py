"""The QR code's compact signed payload (R-91): checkable offline with the published public key.

Format: ``ZC1.<base64url(JSON)>.<base64url(Ed25519 signature of the JSON bytes)>``, where the JSON has
n (certificate number), h (holder's masked name), l (level code), s (status: valid/revoked) and
d (the status date, YYYY-MM-DD), serialised with sorted keys and no spaces.
"""

import base64
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

from zhicheng.certificates.keys import qr_private_key

PREFIX = "ZC1"
FIELDS = ("d", "h", "l", "n", "s")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_payload(fields: dict[str, str]) -> str:
    """The payload text for the fields n, h, l, s, d."""
    body = json.dumps({k: fields[k] for k in FIELDS}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    data = body.encode()
    return f"{PREFIX}.{_b64(data)}.{_b64(qr_private_key().sign(data))}"


def verify_payload(text: str, public_key: ed25519.Ed25519PublicKey | None = None) -> dict[str, Any] | None:
    """The payload's fields if its signature holds, else None (a changed byte, another key, or not a payload)."""
    try:
        prefix, body, signature = text.strip().split(".")
        if prefix != PREFIX:
            return None
        data = _unb64(body)
        (public_key or qr_private_key().public_key()).verify(_unb64(signature), data)
        fields = json.loads(data)
    except (ValueError, InvalidSignature, UnicodeDecodeError):
        return None
    if not isinstance(fields, dict) or sorted(fields) != list(FIELDS):
        return None
    return fields
