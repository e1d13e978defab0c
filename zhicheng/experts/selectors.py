"""Access-checked reads of the expert pool and of committee filings.

The bureau sees the whole pool. An agency sees the experts of the series its committees evaluate: the city
pool, plus the own lists (Expert.pool_owner) of the self-evaluating units whose committees it runs.
"""

import datetime
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Case, Count, Model, Q, QuerySet, Value, When
from django.http import Http404

from zhicheng.accounts.models import Role, User
from zhicheng.audit.services import history_for
from zhicheng.catalog.models import Committee, Level, Series, Specialty
from zhicheng.experts.models import CommitteeFiling, Expert, ExpertStatus, FilingStatus

# The four kinds of expert the pool should include in some proportion (R-62, 第十条): filter key → (field, label).
CATEGORIES: dict[str, tuple[str, str]] = {
    "grassroots": ("is_grassroots", "基层一线"),
    "central_unit": ("is_central_unit", "中央单位"),
    "non_public": ("is_non_public", "非公领域"),
    "young": ("is_young", "青年"),
}


@dataclass(frozen=True)
class PoolFilters:
    series: int | None = None
    specialty: int | None = None
    level: str | None = None
    status: str | None = None
    category: str | None = None
    q: str = ""

    @classmethod
    def from_query(cls, query: Any) -> "PoolFilters":
        """Read the filters of a query string, dropping values that are not valid choices."""

        def pk(name: str) -> int | None:
            value = str(query.get(name) or "")
            return int(value) if value.isdigit() else None

        def choice(name: str, allowed: Any) -> str | None:
            value = query.get(name) or ""
            return value if value in allowed else None

        return cls(
            series=pk("series"),
            specialty=pk("specialty"),
            level=choice("level", Level.values),
            status=choice("status", ExpertStatus.values),
            category=choice("category", CATEGORIES),
            q=str(query.get("q") or "").strip()[:60],
        )

    def as_kwargs(self) -> dict[str, Any]:
        return asdict(self)


def _agency_committees(user: User) -> QuerySet[Committee]:
    return Committee.objects.filter(agency_id=user.organization_id)


def _visible(user: User) -> QuerySet[Expert]:
    experts = Expert.objects.all()
    if user.role == Role.BUREAU:
        return experts
    if user.role == Role.AGENCY and user.organization_id:
        committees = _agency_committees(user)
        return experts.filter(
            Q(series__in=committees.values("series")),
            Q(pool_owner__isnull=True) | Q(pool_owner__in=committees.values("self_evaluating_unit")),
        )
    return experts.none()


def list_experts_for(
    user: User,
    *,
    series: int | None = None,
    specialty: int | None = None,
    level: str | None = None,
    status: str | None = None,
    category: str | None = None,
    q: str = "",
) -> QuerySet[Expert]:
    """The pool the user may see, filtered; rows come with their series, specialty and units in one query."""
    experts = _visible(user)
    if series is not None:
        experts = experts.filter(series_id=series)
    if specialty is not None:
        experts = experts.filter(specialty_id=specialty)
    if level:
        experts = experts.filter(level=level)
    if status:
        experts = experts.filter(status=status)
    if category:
        experts = experts.filter(**{CATEGORIES[category][0]: True})
    if q:
        experts = experts.filter(name__contains=q)
    return experts.select_related("series", "specialty", "unit", "pool_owner", "user").order_by("id")


def get_expert_for(user: User, pk: int) -> Expert:
    """One expert of the pool the user may see; 404 for "not yours" and "missing" alike."""
    expert = list_experts_for(user).filter(pk=pk).first()
    if expert is None:
        raise Http404("未找到该专家")
    return expert


def own_expert(user: User) -> Expert | None:
    """The expert record of a logged-in expert, if the account has one."""
    if user.role != Role.EXPERT:
        return None
    return Expert.objects.select_related("series", "specialty").filter(user_id=user.pk).first()


def get_own_expert(user: User) -> Expert:
    """The expert record of the logged-in expert; 404 for an account without one."""
    expert = own_expert(user)
    if expert is None:
        raise Http404("您的账号未关联评审专家信息")
    return expert


@dataclass(frozen=True)
class CategoryCount:
    key: str
    label: str
    count: int
    percent: float


def category_counts(experts: QuerySet[Expert]) -> tuple[int, list[CategoryCount]]:
    """The number of experts in the (filtered) pool and, per category, how many and what share (one query)."""
    figures = experts.order_by().aggregate(
        total=Count("id"), **{key: Count("id", filter=Q(**{field: True})) for key, (field, _) in CATEGORIES.items()}
    )
    total = figures["total"]
    return total, [
        CategoryCount(key, label, figures[key], round(100 * figures[key] / total, 1) if total else 0.0)
        for key, (_, label) in CATEGORIES.items()
    ]


def series_for(user: User) -> QuerySet[Series]:
    """The series offered in the pool filters: all for the bureau, those of its committees for an agency."""
    if user.role == Role.BUREAU:
        return Series.objects.all()
    return Series.objects.filter(pk__in=_agency_committees(user).values("series"))


def specialties_for(user: User) -> QuerySet[Specialty]:
    return Specialty.objects.filter(series__in=series_for(user)).select_related("series")


def committees_for_filing(user: User) -> QuerySet[Committee]:
    """The committees an agency may file: those it runs."""
    if user.role != Role.AGENCY or not user.organization_id:
        return Committee.objects.none()
    return _agency_committees(user).select_related("series", "specialty", "self_evaluating_unit").order_by("name")


def get_committee_for_filing(user: User, pk: int) -> Committee:
    committee = committees_for_filing(user).filter(pk=pk).first()
    if committee is None:
        raise Http404("未找到该评委会")
    return committee


def list_filings_for(user: User) -> QuerySet[CommitteeFiling]:
    """Filings the user may see: every one for the bureau, its own committees' for an agency; pending first."""
    filings = CommitteeFiling.objects.select_related(
        "committee__series", "committee__specialty", "committee__self_evaluating_unit", "submitted_by"
    )
    if user.role == Role.AGENCY and user.organization_id:
        filings = filings.filter(committee__agency_id=user.organization_id)
    elif user.role != Role.BUREAU:
        filings = filings.none()
    pending_first = Case(When(status=FilingStatus.SUBMITTED, then=Value(0)), default=Value(1))
    return filings.order_by(pending_first, "-submitted_at", "-id")


def get_filing_for(user: User, pk: int) -> CommitteeFiling:
    filing = list_filings_for(user).filter(pk=pk).first()
    if filing is None:
        raise Http404("未找到该备案申请")
    return filing


ACTION_LABELS = {
    "expert_imported": "导入专家库（待备案）",
    "expert_filed": "备案",
    "expert_retired": "退出专家库",
    "confidentiality_signed": "签署保密协议",
    "committee_filing_submitted": "提交核准备案申请",
    "committee_filing_approved": "核准备案",
    "committee_filing_rejected": "不予核准",
}


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    actor: str
    action: str
    reason: str


def history(obj: Model) -> list[HistoryEntry]:
    """The audit events of an expert or a filing, as people read them."""
    return [
        HistoryEntry(e.at, e.actor_label, ACTION_LABELS.get(e.action, e.action), e.reason) for e in history_for(obj)
    ]
