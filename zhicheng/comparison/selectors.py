"""Access-checked reads of findings: an agency sees its own applications' findings, the bureau all of them."""

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.http import Http404

from zhicheng.accounts.models import Role, User
from zhicheng.applications.models import Application
from zhicheng.applications.selectors import list_applications_for
from zhicheng.comparison.models import Finding, FindingKind, FindingStatus

REVIEWER_ROLES = (Role.AGENCY, Role.DISTRICT_BUREAU)


@dataclass(frozen=True)
class FindingRow:
    """A finding as one reader sees it: the other application is a link only if the reader may open it."""

    finding: Finding
    other_number: str
    other_visible: bool


def _visible(user: User) -> QuerySet[Finding]:
    findings = Finding.objects.select_related(
        "application__plan", "application__applicant", "other__plan", "achievement", "reviewed_by"
    )
    if user.role == Role.BUREAU:
        return findings
    if user.role in REVIEWER_ROLES:
        return findings.filter(application__in=list_applications_for(user).values("pk"))
    return findings.none()


def findings_for(user: User, application: Application) -> list[FindingRow]:
    """The findings on one application, for its reviewers; the other side appears by number only."""
    findings = list(_visible(user).filter(application=application).order_by("status", "kind", "id"))
    others = {f.other_id for f in findings if f.other_id}
    visible = set(list_applications_for(user).filter(pk__in=others).values_list("pk", flat=True)) if others else set()
    return [
        FindingRow(f, f"{f.other.plan.year}年度 {f.other.number}" if f.other else "", f.other_id in visible)
        for f in findings
    ]


def get_finding_for(user: User, pk: int) -> Finding:
    finding = _visible(user).filter(pk=pk).first()
    if finding is None:
        raise Http404("未找到该比对发现，或您无权访问")
    return finding


@dataclass(frozen=True)
class ReportFilters:
    year: int | None = None
    kind: str = ""
    status: str = ""

    @classmethod
    def from_query(cls, query: dict[str, str]) -> "ReportFilters":
        year = str(query.get("year", ""))
        kind = query.get("kind", "")
        status = query.get("status", "")
        return cls(
            year=int(year) if year.isdigit() else None,
            kind=kind if kind in FindingKind.values else "",
            status=status if status in FindingStatus.values else "",
        )


def report(user: User, filters: ReportFilters) -> QuerySet[Finding]:
    """The bureau's report: every finding between two applications, once per pair, newest first."""
    if user.role != Role.BUREAU:
        return Finding.objects.none()
    findings = _visible(user).select_related("other__applicant", "application__committee__agency")
    if filters.year:
        findings = findings.filter(application__plan__year=filters.year)
    if filters.kind:
        findings = findings.filter(kind=filters.kind)
    if filters.status:
        findings = findings.filter(status=filters.status)
    # A pair appears once: from the side with the larger id, or alone when it has no other side.
    return findings.filter(Q(other__isnull=True) | Q(application_id__gt=F("other_id"))).order_by("-found_at")
