"""The bureau's supervision (R-101, R-102, R-85) and expert management; every change is audited."""

import datetime

from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import Organization, OrgKind, Role, User
from zhicheng.audit import services as audit
from zhicheng.catalog.selectors import cn_date
from zhicheng.core.errors import DomainError
from zhicheng.experts.models import Expert
from zhicheng.integrity.models import IntegrityRecord, RecordKind
from zhicheng.supervision.models import (
    AgencySanction,
    AppraisalRound,
    AssessmentKind,
    AssessmentResult,
    DutyFailure,
    ExpertAssessment,
    Inspection,
    SanctionKind,
)


class SupervisionError(DomainError):
    """A refused supervision action."""


def _require_bureau(by: User) -> None:
    if by.role != Role.BUREAU:
        raise SupervisionError("只有市人社局可以办理监督事项")


@transaction.atomic
def sanction_agency(
    agency: Organization,
    *,
    by: User,
    kind: str,
    reason: str,
    decision_number: str,
    starts_on: datetime.date,
    remedy_due_on: datetime.date | None = None,
) -> AgencySanction:
    """Suspend an agency's evaluation work, order remedies by a deadline, or withdraw its authority (R-101)."""
    _require_bureau(by)
    if agency.kind != OrgKind.AGENCY and agency.kind != OrgKind.DISTRICT_BUREAU:
        raise SupervisionError("只能对评审服务机构采取措施")
    if kind not in SanctionKind.values:
        raise SupervisionError("请选择处理措施", field="kind")
    if not reason.strip() or not decision_number.strip():
        raise SupervisionError("请填写事由和决定文号")
    if kind == SanctionKind.REMEDY and (remedy_due_on is None or remedy_due_on <= starts_on):
        raise SupervisionError("责令整改须规定晚于起始日期的整改期限", field="remedy_due_on")
    sanction = AgencySanction.objects.create(
        agency=agency,
        kind=kind,
        reason=reason.strip(),
        decision_number=decision_number.strip(),
        starts_on=starts_on,
        remedy_due_on=remedy_due_on,
        created_by=by,
    )
    audit.record(sanction, by=by, action=f"agency_{kind}", to_state="in_force", reason=sanction.reason)
    return sanction


@transaction.atomic
def lift_sanction(sanction: AgencySanction, *, by: User, note: str, on: datetime.date) -> AgencySanction:
    """End a suspension (remedies done) or a remedy order; a withdrawal is lifted only by a new filing."""
    _require_bureau(by)
    locked = AgencySanction.objects.select_for_update().get(pk=sanction.pk)
    if locked.lifted_on is not None:
        raise SupervisionError("该措施已解除")
    if locked.kind == SanctionKind.WITHDRAW:
        raise SupervisionError("收回评审权后须重新核准备案，不能直接解除")
    if not note.strip():
        raise SupervisionError("请写明解除理由（整改情况）")
    locked.lifted_on, locked.lift_note = on, note.strip()
    locked.save(update_fields=["lifted_on", "lift_note"])
    audit.record(locked, by=by, action="lift_sanction", from_state="in_force", to_state="lifted", reason=note)
    return locked


@transaction.atomic
def record_inspection(
    organization: Organization, *, by: User, kind: str, subject: str, findings: str, held_on: datetime.date
) -> Inspection:
    """An inquiry (质询), interview (约谈) or retrospective check (倒查) with its findings."""
    _require_bureau(by)
    if not subject.strip() or not findings.strip():
        raise SupervisionError("请填写检查事项和检查结果")
    inspection = Inspection.objects.create(
        organization=organization, kind=kind, subject=subject, findings=findings, held_on=held_on, created_by=by
    )
    audit.record(inspection, by=by, action="inspection", to_state=kind, reason=subject)
    return inspection


@transaction.atomic
def record_duty_failure(
    unit: Organization, *, by: User, facts: str, measure: str, decision_number: str, on: datetime.date, **extra: object
) -> DutyFailure:
    """A unit that failed its review duty is held responsible (R-102)."""
    _require_bureau(by)
    if not facts.strip() or not measure.strip() or not decision_number.strip():
        raise SupervisionError("请填写事实、处理措施和决定文号")
    failure = DutyFailure.objects.create(
        unit=unit,
        facts=facts,
        measure=measure,
        decision_number=decision_number,
        recorded_on=on,
        created_by=by,
        **extra,
    )
    audit.record(failure, by=by, action="duty_failure", to_state="recorded", reason=facts)
    return failure


@transaction.atomic
def record_assessment(
    expert: Expert,
    *,
    by: User,
    kind: str,
    year: int,
    result: str,
    valid_until: datetime.date | None = None,
    note: str = "",
) -> ExpertAssessment:
    """Record an expert's training, yearly appraisal or periodic review."""
    _require_bureau(by)
    if kind == AssessmentKind.REVIEW and result == AssessmentResult.PASSED and valid_until is None:
        raise SupervisionError("定期复核合格须填写有效期", field="valid_until")
    assessment = ExpertAssessment.objects.create(
        expert=expert, kind=kind, year=year, result=result, valid_until=valid_until, note=note, created_by=by
    )
    audit.record(assessment, by=by, action=f"expert_{kind}", to_state=result, reason=note)
    return assessment


def close_appraisal(year: int, *, by: User) -> AppraisalRound:
    """From now on experts without a passed appraisal for `year` are not drawn."""
    _require_bureau(by)
    round_, _ = AppraisalRound.objects.get_or_create(year=year, defaults={"closed_on": timezone.localdate()})
    audit.record(round_, by=by, action="close_appraisal", to_state="closed")
    return round_


def expert_bars(expert_ids: list[int], on: datetime.date) -> dict[int, str]:
    """Why each of these experts may not be drawn on the day (R-100, 第十条, 第四十四条), by expert id.

    Under a running integrity record (matched by the ID number of the expert's account); a failed appraisal in
    the last closed year, or none when that year's appraisal is closed; a periodic review that failed or lapsed.
    Each query starts from the few records that bar someone, so a pool of 100,000 costs no more than one of 10.
    """
    pool = set(expert_ids)
    bars: dict[int, list[str]] = {}
    records = dict(
        IntegrityRecord.objects.filter(
            kind=RecordKind.EXPERT_MISCONDUCT, is_revoked=False, recorded_on__lte=on, expires_on__gt=on
        ).values_list("id_number_hash", "expires_on")
    )
    if records:
        for expert_id, id_hash in Expert.objects.filter(user__id_number_hash__in=list(records)).values_list(
            "pk", "user__id_number_hash"
        ):
            if expert_id in pool and id_hash in records:
                bars.setdefault(expert_id, []).append(f"在诚信档案记录期内（至{cn_date(records[id_hash])}）")
    latest: dict[tuple[int, str], tuple[int, str, datetime.date | None]] = {}
    assessments = ExpertAssessment.objects.filter(kind__in=[AssessmentKind.APPRAISAL, AssessmentKind.REVIEW])
    for expert_id, kind, year, result, valid_until in assessments.order_by("year", "id").values_list(
        "expert_id", "kind", "year", "result", "valid_until"
    ):
        if expert_id in pool:
            latest[(expert_id, kind)] = (year, result, valid_until)
    closed = AppraisalRound.objects.filter(closed_on__lte=on).order_by("-year").values_list("year", flat=True).first()
    appraised = {expert_id for (expert_id, kind), (year, _, _) in latest.items() if kind == AssessmentKind.APPRAISAL}
    for (expert_id, kind), (year, result, valid_until) in latest.items():
        if kind == AssessmentKind.APPRAISAL and result == AssessmentResult.FAILED:
            bars.setdefault(expert_id, []).append(f"{year}年度考核不合格")
        elif kind == AssessmentKind.APPRAISAL and closed is not None and year < closed:
            bars.setdefault(expert_id, []).append(f"未参加{closed}年度考核")
        elif kind == AssessmentKind.REVIEW and result == AssessmentResult.FAILED:
            bars.setdefault(expert_id, []).append("定期复核不合格")
        elif kind == AssessmentKind.REVIEW and valid_until is not None and valid_until < on:
            bars.setdefault(expert_id, []).append(f"定期复核已于{cn_date(valid_until)}到期")
    if closed is not None:
        for expert_id in pool - appraised:
            bars.setdefault(expert_id, []).append(f"未参加{closed}年度考核")
    return {expert_id: "；".join(reasons) for expert_id, reasons in bars.items()}
