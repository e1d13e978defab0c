"""Load the demo year for `make run`, and tell the newcomer how to log in."""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from zhicheng.accounts.models import Organization, OrgKind, Role, User
from zhicheng.applications.models import Application, Status
from zhicheng.audit.models import AuditEvent
from zhicheng.catalog.models import Committee, Plan
from zhicheng.catalog.seed import load_reference_data
from zhicheng.demo import data
from zhicheng.demo.clock import Schedule, on_day
from zhicheng.demo.dossiers import Builder, age_range, plan_briefs
from zhicheng.demo.evaluation import busiest_committee, create_expert_pool, open_session
from zhicheng.demo.identities import PersonFactory
from zhicheng.demo.people import create_applicants, create_staff
from zhicheng.demo.year import DAY, OPENED_DAYS_AGO, create_year
from zhicheng.evaluations.models import EvaluationSession
from zhicheng.experts.models import Expert, ExpertStatus
from zhicheng.materials.models import Attachment
from zhicheng.workdays.models import CalendarYear


class DemoExists(Exception):
    """The database already holds a demo (or a plan for this year); loading again would collide."""


@dataclass(frozen=True)
class Login:
    role: str
    login: str
    name: str
    note: str


def existing_demo() -> str:
    """Why a demo cannot be loaded into this database, or "" when it can."""
    year = timezone.localdate().year
    if Plan.objects.filter(year=year).exists():
        return f"{year}年度计划已存在"
    if Organization.objects.filter(name=data.BUREAU).exists():
        return "数据库中已有往年的演示数据；如需当年的演示数据，请删除数据库文件（var/zhicheng.sqlite3）后重新运行"
    return ""


DEMO_CALENDAR_SOURCE = "演示用假设：仅按周末计算，尚未录入国务院公布的节假日安排"


def assume_calendar_for_demo(today: datetime.date) -> None:
    """Near the end of a year the demo's deadlines reach a year the calendar has no data for yet; the demo
    (never production) assumes weekends only for it and says so, where the services would rightly refuse."""
    for year in {(today - DAY * OPENED_DAYS_AGO).year, today.year, (today + DAY * 60).year}:
        if not CalendarYear.objects.filter(year=year).exists():
            CalendarYear.objects.create(year=year, source=DEMO_CALENDAR_SOURCE)


@transaction.atomic
def load_demo(
    *,
    seed: int = data.DEFAULT_SEED,
    applicants: int = data.DEFAULT_APPLICANTS,
    experts: int = data.DEFAULT_EXPERTS,
) -> None:
    """Create the reference data, this year's plan and catalog, the accounts, and applications in every state.

    The windows opened five weeks ago: the accounts and drafts are created that day, and every later
    step runs through the services of the actor who takes it on its own day of the Schedule, so the
    postings, recommendations, correction notices, fee notices, payments, audit chain and SMS outbox
    are what real use would have produced.
    """
    reason = existing_demo()
    if reason:
        raise DemoExists(reason)
    today = timezone.localdate()
    opened = today - DAY * OPENED_DAYS_AGO
    rng = random.Random(seed)
    with on_day(opened, 8):
        load_reference_data()
        assume_calendar_for_demo(today)
        year = create_year(rng, today)
        schedule = Schedule.since(opened, today, correction_workdays=year.plan.correction_workdays)
        staff = create_staff(rng, year, experts=experts)
        briefs = plan_briefs(rng, year, today, applicants)
        people = PersonFactory(rng, today)
        users = create_applicants(rng, [people.person(**age_range(brief)) for brief in briefs])
        builder = Builder(rng, year, staff, schedule)
        for user, brief in zip(users, briefs, strict=True):
            builder.build(user, brief)
    builder.advance()
    busiest = busiest_committee(year, staff.agencies)
    create_expert_pool(rng, year, staff.experts, busiest=busiest)
    if busiest is not None:
        open_session(year, staff.agencies, busiest)


def demo_logins() -> list[Login]:
    """One or more logins per role: staff by username, applicants by ID number or phone."""
    usernames = [
        data.BUREAU_STAFF[0],
        *(username for _, username in data.DISTRICT_BUREAUS.values()),
        *(agency.username for agency in data.AGENCIES),
        *data.UNIT_HR_SHOWN,
        *(username for _, username, _ in data.ASSOCIATIONS),
        "expert001",
    ]
    staff = User.objects.filter(username__in=usernames).select_related("organization")
    by_username = {user.username: user for user in staff}
    logins = [
        Login(
            user.get_role_display(), user.username, user.real_name, user.organization.name if user.organization else ""
        )
        for user in (by_username[name] for name in usernames if name in by_username)
    ]
    applicants = User.objects.filter(role=Role.APPLICANT).order_by("pk")
    fresh = applicants.filter(applications__isnull=True).first()
    if fresh is not None:
        logins.append(_applicant_login(fresh, "尚未申报，可直接开始申报"))
    for status in (Status.DRAFT, Status.DISTRICT_REVIEW, Status.CORRECTION, Status.APPROVED, Status.PAID):
        user = applicants.filter(applications__status=status).first()
        if user is not None:
            logins.append(_applicant_login(user, f"申报状态：{Status(status).label}"))
    return logins


def _applicant_login(user: User, note: str) -> Login:
    return Login(Role.APPLICANT.label, f"{user.id_number} 或 {user.phone}", user.real_name, note)


def demo_counts() -> list[tuple[str, int]]:
    """What the database holds, for the summary printed after loading."""
    by_role = dict(User.objects.values_list("role").annotate(n=Count("pk")))
    by_kind = dict(Organization.objects.values_list("kind").annotate(n=Count("pk")))
    by_status = dict(Application.objects.values_list("status").annotate(n=Count("pk")))
    return [
        ("评审委员会", Committee.objects.count()),
        *((OrgKind(kind).label, by_kind.get(kind, 0)) for kind in OrgKind),
        *((Role(role).label, by_role.get(role, 0)) for role in Role),
        ("申报（合计）", sum(by_status.values())),
        *((f"申报：{Status(status).label}", by_status.get(status, 0)) for status in Status),
        ("申报材料文件", Attachment.objects.count()),
        ("评审专家（已备案）", Expert.objects.filter(status=ExpertStatus.FILED).count()),
        ("评审会", EvaluationSession.objects.count()),
        ("审计事件", AuditEvent.objects.count()),
    ]
