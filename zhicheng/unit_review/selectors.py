"""The unit's (or association's) review queue and what the review page shows; reads only."""

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.applications import lifecycle, selectors, snapshots
from zhicheng.applications.eligibility import Problem, check_application
from zhicheng.applications.models import Application, ApplicationVersion, Status
from zhicheng.applications.services import version_changes
from zhicheng.unit_review.models import Objection, ObjectionStatus, Posting, Recommendation

# The queue's default view: what still waits for the unit.
PENDING = "pending"
QUEUE_STATUSES = [
    (PENDING, "待处理（待审核、公示中）"),
    ("all", "全部"),
    *[(s.value, s.label) for s in Status if s != Status.DRAFT],
]
NUMBER = re.compile(r"^(\d{4})(\d{7})$")


@dataclass(frozen=True)
class QueueFilters:
    status: str = PENDING
    committee: int | None = None
    series: int | None = None
    level: str = ""
    q: str = ""


def review_queue(user: User, filters: QueueFilters) -> QuerySet[Application]:
    """The applications this unit HR or association may review, filtered, oldest submission first, in one query."""
    latest = Posting.objects.filter(application=OuterRef("pk")).order_by("-id")
    applications = (
        selectors.list_applications_for(user)
        .select_related(None)
        .select_related("applicant", "committee", "plan")  # only what the rows show: fewer joins to plan
        .annotate(
            posting_starts_on=Subquery(latest.values("starts_on")[:1]),
            posting_ends_on=Subquery(latest.values("ends_on")[:1]),
            # Only the latest posting can hold an open objection: an earlier one ended in a recommendation.
            has_open_objection=Exists(
                Objection.objects.filter(posting__application=OuterRef("pk"), status=ObjectionStatus.OPEN)
            ),
        )
        .order_by("submitted_at", "pk")
    )
    if filters.status == PENDING:
        applications = applications.filter(status__in=[Status.SUBMITTED, Status.UNIT_POSTING])
    elif filters.status != "all":
        applications = applications.filter(status=filters.status)
    if filters.committee:
        applications = applications.filter(committee_id=filters.committee)
    if filters.series:
        applications = applications.filter(committee__series_id=filters.series)
    if filters.level:
        applications = applications.filter(level=filters.level)
    query = filters.q.strip()
    if query:
        number = NUMBER.match(query)
        by_name = Q(applicant__real_name__icontains=query)
        applications = applications.filter(
            by_name | Q(plan__year=int(number[1]), pk=int(number[2])) if number else by_name
        )
    return applications


@dataclass(frozen=True)
class ReviewPage:
    application: Application
    version: ApplicationVersion | None
    changes: list[snapshots.Change]
    problems: list[Problem]
    moves: list[lifecycle.Move]
    postings: list[Posting]
    recommendations: list[Recommendation]

    @property
    def posting(self) -> Posting | None:
        return self.postings[0] if self.postings else None

    @property
    def fields(self) -> list[tuple[str, Any]]:
        if self.version is None:
            return []
        return [
            (str(getattr(Application._meta.get_field(name), "verbose_name", name)), value)
            for name, value in self.version.snapshot["fields"].items()
        ]

    @property
    def move_names(self) -> set[str]:
        return {m.name for m in self.moves}


def review_page(user: User, application: Application) -> ReviewPage:
    """Everything the review page shows of one application (already loaded through the access-checked selector)."""
    version = application.versions.order_by("-number").first()
    changes = version_changes(application, version.number) if version is not None else []
    postings = list(
        Posting.objects.filter(application=application)
        .select_related("created_by")
        .prefetch_related("objections__resolved_by", "objections__recorded_by")
        .order_by("-id")
    )
    recommendations = list(
        Recommendation.objects.filter(application=application).select_related("author").order_by("-id")
    )
    moves = lifecycle.available_moves(application, Role(user.role))
    if application.version_count < 2 or not recommendations:  # only a corrected, recommended one
        moves = [m for m in moves if m.name != "recommend_again"]
    return ReviewPage(
        application=application,
        version=version,
        changes=changes,
        problems=check_application(application, on=timezone.localdate()),
        moves=moves,
        postings=postings,
        recommendations=recommendations,
    )


def objection_for(application: Application, pk: int) -> Objection | None:
    """An objection of this application's postings (the application already access-checked), else None."""
    return Objection.objects.filter(pk=pk, posting__application=application).select_related("posting").first()


def applications_by_ids(user: User, ids: list[int]) -> list[Application]:
    """The listed applications this user may review; ids of others' applications are left out."""
    found = {a.pk: a for a in selectors.list_applications_for(user).filter(pk__in=ids)}
    return [found[pk] for pk in dict.fromkeys(ids) if pk in found]
