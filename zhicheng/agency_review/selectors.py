"""Reads for the agency's pages: its queue, dashboard figures and what a reviewer needs on one application."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from zhicheng.accounts.models import Role, User
from zhicheng.agency_review.models import CorrectionNotice
from zhicheng.applications.eligibility import Problem, check_application
from zhicheng.applications.models import Application, ApplicationVersion, Status
from zhicheng.applications.selectors import list_applications_for
from zhicheng.applications.services import version_changes
from zhicheng.applications.snapshots import Change
from zhicheng.catalog.models import Committee, Level
from zhicheng.unit_review.models import Recommendation

REVIEWER_ROLES = (Role.AGENCY, Role.DISTRICT_BUREAU)
# The statuses an agency sees, in the order of the procedure.
AGENCY_STATUSES = [Status.AGENCY_REVIEW, Status.CORRECTION, Status.APPROVED, Status.PAID, Status.ABANDONED]
UPCOMING_DAYS = 5


@dataclass(frozen=True)
class QueueFilters:
    committee: int | None = None
    status: str = ""
    level: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, query: Any) -> "QueueFilters":
        committee = query.get("committee", "")
        status = query.get("status", "")
        level = query.get("level", "")
        return cls(
            committee=int(committee) if str(committee).isdigit() else None,
            status=status if status in AGENCY_STATUSES else "",
            level=level if level in Level.values else "",
            q=str(query.get("q", "")).strip()[:40],
        )


def committees_for(user: User) -> QuerySet[Committee]:
    """The committees the user's agency (or district bureau) runs."""
    if user.role not in REVIEWER_ROLES or not user.organization_id:
        return Committee.objects.none()
    return Committee.objects.filter(agency_id=user.organization_id).order_by("name")


def review_queue(user: User, filters: QueueFilters) -> QuerySet[Application]:
    """The applications the user's agency reviews, filtered; searched by applicant name or application number."""
    applications = list_applications_for(user)
    if filters.committee is not None:
        applications = applications.filter(committee_id=filters.committee)
    if filters.status:
        applications = applications.filter(status=filters.status)
    if filters.level:
        applications = applications.filter(level=filters.level)
    if filters.q:
        applications = applications.filter(_search(filters.q))
    return applications.select_related("unit", "association").order_by("due_on", "submitted_at", "pk")


def _search(q: str) -> Q:
    """A name fragment, or an application number (year + 7-digit id, see Application.number)."""
    by_name = Q(applicant__real_name__contains=q)
    if q.isdigit() and len(q) == 11:
        return by_name | Q(plan__year=int(q[:4]), pk=int(q[4:]))
    return by_name


def status_counts(user: User) -> list[dict[str, Any]]:
    """Per committee, the number of applications in each status the agency sees (one aggregate query)."""
    rows = (
        list_applications_for(user)
        .order_by()
        .values("committee_id", "committee__name", "status")
        .annotate(n=Count("id"))
    )
    table: dict[int, dict[str, Any]] = {}
    for row in rows:
        entry = table.setdefault(row["committee_id"], {"committee": row["committee__name"], "counts": {}})
        entry["counts"][row["status"]] = row["n"]
    return [
        {"committee": e["committee"], "counts": [e["counts"].get(s, 0) for s in AGENCY_STATUSES]}
        for e in sorted(table.values(), key=lambda e: e["committee"])
    ]


def upcoming_deadlines(user: User, on: datetime.date) -> QuerySet[Application]:
    """Corrections and payments due from `on` to UPCOMING_DAYS days later, soonest first."""
    return (
        list_applications_for(user)
        .filter(
            status__in=[Status.CORRECTION, Status.APPROVED], due_on__range=(on, on + datetime.timedelta(UPCOMING_DAYS))
        )
        .order_by("due_on", "pk")
    )


@dataclass(frozen=True)
class ReviewSheet:
    """What a reviewer reads before deciding (R-40)."""

    problems: list[Problem]
    version: ApplicationVersion | None
    changes: list[Change]
    fields: list[tuple[str, Any]]
    recommendation: Recommendation | None
    notices: list[CorrectionNotice]


def review_sheet(application: Application, on: datetime.date) -> ReviewSheet:
    version = application.versions.order_by("-number").first()
    changes = version_changes(application, version.number) if version is not None else []
    fields = (
        [
            (str(getattr(Application._meta.get_field(name), "verbose_name", name)), value)
            for name, value in version.snapshot["fields"].items()
        ]
        if version is not None
        else []
    )
    return ReviewSheet(
        problems=check_application(application, on=on),
        version=version,
        changes=changes,
        fields=fields,
        recommendation=Recommendation.objects.filter(application=application).order_by("-created_at", "-id").first(),
        notices=list(application.correction_notices.prefetch_related("items").select_related("created_by")),
    )


def get_own_correction_notice(user: User, pk: int) -> CorrectionNotice:
    """A correction notice about the applicant's own application; 404 for anyone else's."""
    notice = (
        CorrectionNotice.objects.select_related("application__plan", "application__committee")
        .prefetch_related("items")
        .filter(pk=pk, application__applicant_id=user.pk)
        .first()
    )
    if notice is None or user.role != Role.APPLICANT:
        raise Http404("未找到该补正告知")
    return notice


def latest_correction_notice(application: Application) -> CorrectionNotice | None:
    """The notice the applicant is answering now; for the status page's link."""
    return application.correction_notices.order_by("-created_at", "-id").first()
