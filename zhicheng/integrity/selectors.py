"""Reads of the archive: the bureau's search, a person's own records, and the fraud section of a review page."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.applications import lifecycle
from zhicheng.applications.models import Application
from zhicheng.core.crypto import lookup_hash
from zhicheng.integrity.models import CaseStatus, FraudCase, IntegrityRecord, RecordKind


@dataclass(frozen=True)
class RecordFilters:
    q: str = ""
    kind: str = ""
    running: bool = False

    @classmethod
    def from_query(cls, query: Any) -> "RecordFilters":
        kind = query.get("kind", "")
        return cls(
            q=str(query.get("q", "")).strip()[:40],
            kind=kind if kind in RecordKind.values else "",
            running=query.get("running") == "1",
        )


def search_records(user: User, filters: RecordFilters, *, on: datetime.date | None = None) -> QuerySet[IntegrityRecord]:
    """The bureau's search: by name, decision number or the full ID number (through its lookup hash)."""
    if user.role != Role.BUREAU:
        return IntegrityRecord.objects.none()
    records = IntegrityRecord.objects.select_related("organization", "recorded_by", "application__plan")
    if filters.q:
        records = records.filter(
            Q(name__contains=filters.q)
            | Q(decision_number__contains=filters.q)
            | Q(id_number_hash=lookup_hash(filters.q.upper()))
        )
    if filters.kind:
        records = records.filter(kind=filters.kind)
    if filters.running:
        day = on or timezone.localdate()
        records = records.filter(is_revoked=False, recorded_on__lte=day, expires_on__gt=day)
    return records.order_by("-recorded_on", "-id")


def get_record_for(user: User, pk: int) -> IntegrityRecord:
    """A record for the bureau, or for the person it concerns; 404 otherwise."""
    records = IntegrityRecord.objects.select_related("organization", "recorded_by", "application__plan")
    if user.role != Role.BUREAU:
        records = records.filter(id_number_hash=user.id_number_hash or "-")
    record = records.filter(pk=pk).first()
    if record is None:
        raise Http404("未找到该记录，或您无权访问")
    return record


def own_records(user: User) -> QuerySet[IntegrityRecord]:
    """The records about the signed-in person, found by the lookup hash of their ID number."""
    if not user.id_number_hash:
        return IntegrityRecord.objects.none()
    return IntegrityRecord.objects.filter(id_number_hash=user.id_number_hash).order_by("-recorded_on")


def open_cases(user: User) -> QuerySet[FraudCase]:
    if user.role != Role.BUREAU:
        return FraudCase.objects.none()
    return FraudCase.objects.filter(status=CaseStatus.PROPOSED).select_related(
        "application__plan", "application__applicant", "application__committee__agency", "proposed_by"
    )


def get_case_for(user: User, pk: int) -> FraudCase:
    """A fraud case for the bureau, or for the agency that proposed it."""
    cases = FraudCase.objects.select_related(
        "application__plan", "application__applicant", "application__committee__agency", "proposed_by", "finding"
    )
    if user.role != Role.BUREAU:
        cases = cases.filter(application__committee__agency_id=user.organization_id or 0)
    case = cases.filter(pk=pk).first()
    if case is None:
        raise Http404("未找到该事项，或您无权访问")
    return case


def fraud_section(application: Application) -> dict[str, Any]:
    """What the agency's review page shows about fraud: the cases so far, and whether it may propose one."""
    cases = list(FraudCase.objects.filter(application=application).order_by("-proposed_at"))
    return {
        "fraud_cases": cases,
        "can_propose": application.status in lifecycle.FRAUD_CANCELLABLE
        and not any(c.status == CaseStatus.PROPOSED for c in cases),
    }
