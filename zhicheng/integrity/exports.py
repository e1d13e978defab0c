"""The archive as files: an Excel workbook for the bureau, and the signed export for the national credit platform.

The credit-platform file is UTF-8 JSON (docs/integrity.md): {"format", "issuer", "issued_at", "records": [...],
"signature"}; each record carries the masked ID number and its keyed lookup hash (never the number itself),
the kind, facts, decision number and period. The signature is Ed25519 (the certificates' QR key) over the
canonical JSON of the other fields, as for the revocation list, so the receiver checks it with the published key.
"""

import base64
import io
from collections.abc import Iterable
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519
from django.utils import timezone
from openpyxl import Workbook

from zhicheng.certificates.keys import ISSUER_NAME, qr_private_key
from zhicheng.certificates.revocations import canonical
from zhicheng.integrity.models import IntegrityRecord

FORMAT = "zhicheng-integrity-v1"
HEADERS = [
    "姓名",
    "证件号码",
    "类别",
    "失信事实",
    "处理决定文号",
    "记录日期",
    "记录届满日期",
    "晋升限制至",
    "状态",
    "申诉",
]


def _status(record: IntegrityRecord) -> str:
    if record.is_revoked:
        return "已撤销"
    return "记录期内" if record.is_active_on(timezone.localdate()) else "已届满"


def records_workbook(records: Iterable[IntegrityRecord]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = "诚信档案"
    sheet.append(HEADERS)
    for r in records:
        sheet.append(
            [
                r.name,
                r.masked_id_number,
                r.get_kind_display(),
                r.reason,
                r.decision_number,
                r.recorded_on,
                r.expires_on,
                r.promotion_barred_until,
                _status(r),
                r.get_appeal_status_display() if r.appeal_status else "",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def credit_platform_export(records: Iterable[IntegrityRecord]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "format": FORMAT,
        "issuer": ISSUER_NAME,
        "issued_at": timezone.now().isoformat(timespec="seconds"),
        "records": [
            {
                "id": r.pk,
                "name": r.name,
                "id_number_masked": r.masked_id_number,
                "id_number_hash": r.id_number_hash,
                "kind": r.kind,
                "facts": r.reason,
                "decision_number": r.decision_number,
                "recorded_on": r.recorded_on.isoformat(),
                "expires_on": r.expires_on.isoformat(),
                "promotion_barred_until": r.promotion_barred_until.isoformat() if r.promotion_barred_until else None,
                "revoked": r.is_revoked,
            }
            for r in records
        ],
    }
    signature = qr_private_key().sign(canonical(fields))
    return {**fields, "signature": base64.urlsafe_b64encode(signature).rstrip(b"=").decode()}


def verify_export(data: dict[str, Any], public_key: ed25519.Ed25519PublicKey | None = None) -> bool:
    fields = {k: v for k, v in data.items() if k != "signature"}
    text = str(data.get("signature", ""))
    try:
        signature = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        (public_key or qr_private_key().public_key()).verify(signature, canonical(fields))
    except (ValueError, InvalidSignature):
        return False
    return True
