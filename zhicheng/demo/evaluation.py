"""The demo's expert pool and one evaluation session waiting for the bureau's draw.

The pool is made of the demo's expert accounts, each filed for the series (and specialty) of one of
the year's committees, at a level that may sit on it. The committee with the most paid applications
gets enough experts for its draw; its agency opens a session and asks the bureau to draw, so the
bureau's demo login finds the draw waiting, and the drawn experts their invitations.
"""

import datetime
import random

from django.db.models import Count, Q
from django.utils import timezone

from zhicheng.accounts.models import OrgKind, User
from zhicheng.applications.models import Status
from zhicheng.catalog.models import LEVEL_RANK, Committee, Level
from zhicheng.demo.year import DemoYear
from zhicheng.evaluations import services as evaluations
from zhicheng.evaluations.draw import min_level
from zhicheng.evaluations.models import EvaluationSession
from zhicheng.experts.models import AGREEMENT_VERSION, Expert, ExpertStatus

# The first expert login printed by make run has not signed the agreement yet, to show that step.
UNSIGNED = "expert001"


def busiest_committee(year: DemoYear, agency_staff: dict[int, User]) -> Committee | None:
    """The agencies' committee with the most applications that are paid and waiting for evaluation (R-52)."""
    paid = Count("applications", filter=Q(applications__status=Status.PAID))
    committees = Committee.objects.filter(pk__in=[c.pk for c in year.committees], agency_id__in=agency_staff)
    ranked = committees.annotate(paid=paid).order_by("-paid", "pk")
    committee = ranked.first()
    return committee if committee is not None and committee.paid > 0 else None


def create_expert_pool(rng: random.Random, year: DemoYear, experts: list[User], *, busiest: Committee | None) -> None:
    """One filed Expert per expert account; the busiest committee gets enough of them to draw its session."""
    needed = busiest.min_experts + 4 if busiest is not None else 0
    signed_at = timezone.now()
    rows = []
    for n, user in enumerate(experts):
        committee = busiest if busiest is not None and n < needed else rng.choice(year.committees)
        lowest = LEVEL_RANK[Level(min_level(committee))]
        level = rng.choice([lv for lv, rank in LEVEL_RANK.items() if rank >= lowest])
        unit = user.organization if user.organization and user.organization.kind == OrgKind.UNIT else None
        expert = Expert(
            user=user,
            name=user.real_name,
            series=committee.series,
            specialty=committee.specialty,
            level=level,
            title_name=f"{Level(level).label}职称",
            unit=unit,
            unit_name=user.organization.name if user.organization else "",
            is_grassroots=rng.random() < 0.2,
            is_central_unit=rng.random() < 0.15,
            is_non_public=unit is not None and unit.ownership == "private",
            is_young=rng.random() < 0.2,
            status=ExpertStatus.FILED,
            filed_on=timezone.localdate() - datetime.timedelta(days=200),
            confidentiality_signed_at=None if user.username == UNSIGNED else signed_at,
            confidentiality_version="" if user.username == UNSIGNED else AGREEMENT_VERSION,
        )
        expert.set_phone(f"139{rng.randrange(10**8):08d}")
        rows.append(expert)
    Expert.objects.bulk_create(rows)


def open_session(year: DemoYear, agency_staff: dict[int, User], committee: Committee) -> EvaluationSession:
    """The agency's session for the committee's paid applications, with the draw requested from the bureau."""
    agency = agency_staff[committee.agency_id]
    session = evaluations.create_session(
        by=agency,
        committee=committee,
        name=f"{committee.name}{year.plan.year}年度评审会",
        meeting_on=timezone.localdate() + datetime.timedelta(days=21),
        place="北京市海淀区人才大厦5层第一会议室",
        experts_requested=committee.min_experts,
    )
    return evaluations.request_draw(session, by=agency)
