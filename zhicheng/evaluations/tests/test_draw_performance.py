"""Drawing 25 experts from a pool of 100,000 with same-unit conflicts over 500 applicants takes under a second."""

import datetime

from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Organization, OrgKind, Role, User
from zhicheng.applications.models import Application, Status
from zhicheng.catalog.models import Level
from zhicheng.catalog.tests.factories import CommitteeFactory, open_year
from zhicheng.evaluations import services
from zhicheng.evaluations.models import Conflict, ConflictSource
from zhicheng.evaluations.tests.conftest import BASE_URL
from zhicheng.evaluations.tests.factories import agency_staff, bureau_staff
from zhicheng.experts.models import Expert, ExpertStatus

POOL = 100_000
APPLICANTS = 500
DRAWN = 25


def _arrange():
    committee = CommitteeFactory(filed_experts=DRAWN)
    plan = open_year(committee)
    agency = agency_staff(committee)
    units = Organization.objects.bulk_create(
        Organization(kind=OrgKind.UNIT, name=f"性能测试单位{i}") for i in range(APPLICANTS + 1000)
    )
    applicants = User.objects.bulk_create(
        User(username=f"perf{i}", real_name=f"申报人{i}", role=Role.APPLICANT) for i in range(APPLICANTS)
    )
    Application.objects.bulk_create(
        Application(
            applicant=a, plan=plan, committee=committee, level=Level.INTERMEDIATE, status=Status.PAID, unit=units[i]
        )
        for i, a in enumerate(applicants)
    )
    # Every fiftieth expert works at an applicant's unit: 2,000 same-unit exclusions.
    Expert.objects.bulk_create(
        (
            Expert(
                name=f"专家{i}",
                phone=f"139{i:08d}",
                series_id=committee.series_id,
                level=Level.SENIOR_FULL,
                unit=units[i % APPLICANTS if i % 50 == 0 else APPLICANTS + i % 1000],
                status=ExpertStatus.FILED,
                confidentiality_signed_at=timezone.now(),
            )
            for i in range(POOL)
        ),
        batch_size=5000,
    )
    session = services.create_session(
        by=agency,
        committee=committee,
        name="性能测试评审会",
        meeting_on=timezone.localdate() + datetime.timedelta(days=30),
        place="评审中心",
        experts_requested=DRAWN,
    )
    experts = list(Expert.objects.filter(unit__in=units[APPLICANTS:]).values_list("pk", flat=True)[:100])
    entries = list(session.entries.all()[:100])
    Conflict.objects.bulk_create(
        Conflict(session=session, expert_id=e, entry=entries[n], source=ConflictSource.AGENCY_RECORDED, reason="亲属")
        for n, e in enumerate(experts)
    )
    services.request_draw(session, by=agency)
    reverse("evaluations:invitation", args=["warm-up"])  # a running server has its URLconf loaded already
    return session


def test_r63_draw_of_25_from_100000_takes_under_a_second(db, capsys, best_time):
    session = _arrange()
    bureau = bureau_staff()

    elapsed, draw = best_time(lambda: services.draw_experts(session, by=bureau, base_url=BASE_URL))
    session.refresh_from_db()

    with capsys.disabled():
        print(
            f"\n[figure] draw of {DRAWN} from {len(draw.pool):,} experts, {len(draw.exclusions):,} excluded: "
            f"{elapsed:.3f} s"
        )
    assert len(draw.pool) == POOL
    assert len(draw.exclusions) == 2_100
    assert len(draw.result) == DRAWN
    assert session.seats.count() == DRAWN
    assert elapsed < 1.0
