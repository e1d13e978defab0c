"""Personal-data cryptography: SM4-GCM for fields, HMAC-SM3 for lookups, SM3 for chains.

The only module that touches keys. Tokens are versioned so that keys can be rotated later.
"""

import base64
import hashlib
import hmac as std_hmac
import os
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

TOKEN_VERSION = b"\x01"
NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionError(Exception):
    """A stored token was altered or was written with another key."""


@cache
def _key(name: str, purpose: bytes) -> bytes:
    configured: str = getattr(settings, name)
    if configured:
        key = bytes.fromhex(configured)
        if len(key) != 16:
            raise ValueError(f"{name} must be 32 hexadecimal characters")
        return key
    # Development only (settings refuse an empty key when DEBUG is off).
    return hashlib.sha256(purpose + settings.SECRET_KEY.encode()).digest()[:16]


def encrypt(plaintext: str) -> str:
    """Encrypt text with SM4-GCM; returns an ASCII token."""
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(_key("FIELD_ENCRYPTION_KEY", b"field")), modes.GCM(nonce)).encryptor()
    body = encryptor.update(plaintext.encode()) + encryptor.finalize()
    return base64.b64encode(TOKEN_VERSION + nonce + body + encryptor.tag).decode()


def decrypt(token: str) -> str:
    """Decrypt a token from encrypt(); raises DecryptionError if it was tampered with."""
    raw = base64.b64decode(token)
    if raw[:1] != TOKEN_VERSION:
        raise DecryptionError("unknown token version")
    nonce, body, tag = raw[1 : 1 + NONCE_BYTES], raw[1 + NONCE_BYTES : -TAG_BYTES], raw[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(_key("FIELD_ENCRYPTION_KEY", b"field")), modes.GCM(nonce, tag)).decryptor()
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode()
    except InvalidTag as exc:
        raise DecryptionError("token failed authentication") from exc


def lookup_hash(value: str) -> str:
    """Keyed hash used to find a record by an encrypted value (ID number, phone)."""
    mac = hmac.HMAC(_key("LOOKUP_HASH_KEY", b"lookup"), hashes.SM3())
    mac.update(value.strip().upper().encode())
    return mac.finalize().hex()


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def constant_time_equal(a: str, b: str) -> bool:
    return std_hmac.compare_digest(a.encode(), b.encode())
