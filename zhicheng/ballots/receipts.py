"""Receipts of the secret ballot (R-69): the voter's code, the commitments kept apart from the ballots, the check.

1. The code (20 symbols, 100 random bits) is shown once and never stored. Its SM3 digest is the receipt secret.
2. From the secret come, per entry voted on, a commitment HMAC-SM3(secret, "ballot|session|entry"), and one tag
   HMAC-SM3(secret, "sheet|session") for the sealed sheet while voting is open. Without the secret these values
   look random: no two rows share one, and none of them is stored next to a choice.
3. Checking a code answers "recorded" (a sealed sheet carries its tag) and "counted" (the closed ballot box holds
   its commitments), never how anyone voted. So a receipt cannot prove a vote to a coercer, staff included.
"""

import re
import secrets
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes, hmac

from zhicheng.ballots.models import ReceiptCommitment, SealedSheet
from zhicheng.core.crypto import sm3_hex
from zhicheng.evaluations.models import EvaluationSession

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols without 0/O and 1/I: 5 bits each
GROUPS = 4
GROUP_LENGTH = 5
_secure_random = secrets.SystemRandom()


def new_code() -> str:
    """A random code of 100 bits, shown once to the voter, e.g. "K7QF2-M9XZA-4HBNP-RT8WC"."""
    groups = ("".join(_secure_random.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))
    return "-".join(groups)


def secret_of(code: str) -> bytes:
    """SM3 of the code as typed, ignoring case, spaces and dashes."""
    return bytes.fromhex(sm3_hex(re.sub(r"[^0-9A-Z]", "", code.upper()).encode()))


def _mac(secret: bytes, message: str) -> str:
    mac = hmac.HMAC(secret, hashes.SM3())
    mac.update(message.encode())
    return mac.finalize().hex()


def commitment(secret: bytes, session_id: int, entry_id: int) -> str:
    return _mac(secret, f"ballot|{session_id}|{entry_id}")


def sheet_tag(secret: bytes, session_id: int) -> str:
    return _mac(secret, f"sheet|{session_id}")


@dataclass(frozen=True)
class ReceiptCheck:
    recorded: bool
    counted: bool


def check(session: EvaluationSession, code: str) -> ReceiptCheck:
    """Whether the sheet of this code is sealed in the box (voting open) or counted (voting closed); no choices."""
    secret = secret_of(code)
    if SealedSheet.objects.filter(session=session, receipt_tag=sheet_tag(secret, session.pk)).exists():
        return ReceiptCheck(recorded=True, counted=False)
    entry_ids = session.entries.values_list("pk", flat=True)
    mine = [commitment(secret, session.pk, entry_id) for entry_id in entry_ids]
    counted = ReceiptCommitment.objects.filter(entry__session=session, commitment__in=mine).exists()
    return ReceiptCheck(recorded=counted, counted=counted)
