"""Writing to and reading from the integrity archive (R-14, R-24, R-100)."""

import datetime

from django.core.files.base import File
from django.db import transaction

from zhicheng.accounts.models import Role, User
from zhicheng.audit import services as audit
from zhicheng.core.crypto import lookup_hash
from zhicheng.integrity.models import (
    RECORD_YEARS,
    AppealStatus,
    FraudCase,
    IntegrityRecord,
    RecordKind,
    add_years,
)
from zhicheng.materials.validation import MaterialError, check_upload


class RecordError(Exception):
    """A refused change to the archive; the message is shown to bureau staff."""


def active_record_for(
    id_number: str, on: datetime.date, *, kind: str = RecordKind.APPLICANT_FRAUD
) -> IntegrityRecord | None:
    """The record of this kind that runs on `on` for this ID number (the blacklist by default), latest expiry first."""
    if not id_number.strip():
        return None
    return (
        IntegrityRecord.objects.filter(
            id_number_hash=lookup_hash(id_number),
            kind=kind,
            is_revoked=False,
            recorded_on__lte=on,
            expires_on__gt=on,
        )
        .order_by("-expires_on")
        .first()
    )


def add_record(
    *,
    id_number: str,
    name: str,
    kind: str,
    reason: str,
    by: User,
    on: datetime.date,
    expires_on: datetime.date | None = None,
) -> IntegrityRecord:
    """Record fraud or misconduct in the archive; it runs 3 years from `on` unless another expiry is given."""
    record = IntegrityRecord(
        id_number=id_number,
        name=name,
        kind=kind,
        reason=reason,
        recorded_on=on,
        expires_on=expires_on or add_years(on, RECORD_YEARS),
    )
    return file_record(record, by=by)


@transaction.atomic
def file_record(record: IntegrityRecord, *, by: User) -> IntegrityRecord:
    """Save a new, filled-in record and write its audit event (the admin's add form ends here too)."""
    if record.pk is not None:
        raise RecordError("档案记录一经记入不能修改，只能撤销")
    record.name = record.name.strip()
    record.reason = record.reason.strip()
    if not record.id_number.strip() or not record.name:
        raise RecordError("须填写当事人的姓名和证件号码")
    if not record.reason:
        raise RecordError("须写明失信事实")
    if record.expires_on is not None and record.expires_on <= record.recorded_on:
        raise RecordError("记录届满日期须晚于记录日期")
    record.recorded_by = by
    record.save()
    audit.record(
        record,
        by=by,
        action="integrity_record",
        to_state="active",
        reason=record.reason,
        data={
            "kind": record.kind,
            "recorded_on": record.recorded_on.isoformat(),
            "expires_on": record.expires_on.isoformat(),
        },
    )
    return record


def record_fraud(*, id_number: str, name: str, reason: str, by: User, on: datetime.date) -> IntegrityRecord:
    """Put an applicant who used false materials or other improper means on the blacklist for 3 years (R-24)."""
    return add_record(id_number=id_number, name=name, kind=RecordKind.APPLICANT_FRAUD, reason=reason, by=by, on=on)


@transaction.atomic
def revoke_record(record: IntegrityRecord, *, by: User, reason: str) -> IntegrityRecord:
    """Withdraw a record found to be wrong (e.g. after a founded complaint); the row stays in the archive."""
    locked = IntegrityRecord.objects.select_for_update().get(pk=record.pk)
    if locked.is_revoked:
        raise RecordError("该记录已撤销")
    if not reason.strip():
        raise RecordError("须写明撤销理由")
    locked.is_revoked = True
    locked.save(update_fields=["is_revoked"])
    audit.record(locked, by=by, action="integrity_revoke", from_state="active", to_state="revoked", reason=reason)
    record.is_revoked = True
    return locked


def store_evidence(record: IntegrityRecord | FraudCase, upload: File[bytes] | None) -> None:
    """Check an evidence file by its content (as materials are) and attach it, not yet saved."""
    if upload is None:
        return
    try:
        checked = check_upload(upload)
    except MaterialError as exc:
        raise RecordError(exc.message) from exc
    record.evidence_sha256 = checked.sha256
    record.evidence.save("evidence", checked.content, save=False)


@transaction.atomic
def add_record_by_bureau(
    *,
    by: User,
    kind: str,
    name: str,
    id_number: str,
    reason: str,
    decision_number: str,
    recorded_on: datetime.date,
    expires_on: datetime.date | None = None,
    evidence: File[bytes] | None = None,
) -> IntegrityRecord:
    """The bureau records fraud by an applicant, misconduct by an expert (disqualified, 通报) or staff (R-100)."""
    if by.role != Role.BUREAU:
        raise RecordError("只有市人社局可以记入诚信档案")
    if not decision_number.strip():
        raise RecordError("请填写处理决定文号")
    record = IntegrityRecord(
        id_number=id_number,
        name=name,
        kind=kind,
        reason=reason,
        recorded_on=recorded_on,
        expires_on=expires_on or add_years(recorded_on, RECORD_YEARS),
        decision_number=decision_number.strip(),
    )
    store_evidence(record, evidence)
    return file_record(record, by=by)


@transaction.atomic
def record_appeal(record: IntegrityRecord, *, by: User, appeal: str, status: str) -> IntegrityRecord:
    """Record the person's appeal and its outcome; an upheld appeal revokes the record."""
    if by.role != Role.BUREAU:
        raise RecordError("只有市人社局可以办理申诉")
    if not appeal.strip() or status not in AppealStatus.values:
        raise RecordError("请填写申诉情况并选择申诉状态")
    locked = IntegrityRecord.objects.select_for_update().get(pk=record.pk)
    if locked.is_revoked:
        raise RecordError("该记录已撤销")
    locked.appeal = appeal.strip()
    locked.appeal_status = status
    locked.save(update_fields=["appeal", "appeal_status"])
    audit.record(locked, by=by, action="integrity_appeal", to_state=status, reason=locked.appeal)
    if status == AppealStatus.UPHELD:
        return revoke_record(locked, by=by, reason=f"申诉成立：{locked.appeal}")
    return locked
