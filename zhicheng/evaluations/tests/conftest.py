"""A committee of 5 with three paid applicants from three units, a pool of 12 experts, and the session's stages."""

import datetime

import pytest
from django.utils import timezone

from zhicheng.catalog.tests.factories import CommitteeFactory, open_year
from zhicheng.evaluations import services
from zhicheng.evaluations.models import SeatStatus
from zhicheng.evaluations.tests.factories import agency_staff, bureau_staff, paid_application
from zhicheng.experts.tests.factories import ExpertWithAccountFactory

BASE_URL = "https://zhicheng.example.cn"
API = "/api/v1/evaluations"


@pytest.fixture
def committee(db):
    return CommitteeFactory(filed_experts=5)


@pytest.fixture
def plan(committee):
    return open_year(committee)


@pytest.fixture
def agency(committee):
    return agency_staff(committee)


@pytest.fixture
def bureau(db):
    return bureau_staff()


@pytest.fixture
def applications(committee, plan):
    return [paid_application(committee, plan, name=name) for name in ("王小明", "李晓红", "赵大伟")]


@pytest.fixture
def pool(committee):
    return [ExpertWithAccountFactory(series=committee.series) for _ in range(12)]


def new_session(agency, committee, **overrides):
    fields = {
        "name": "2024年度计算机技术专业中级评审会",
        "meeting_on": timezone.localdate() + datetime.timedelta(days=30),
        "place": "北京市海淀区评审中心3层会议室",
        "experts_requested": 5,
    } | overrides
    return services.create_session(by=agency, committee=committee, **fields)


@pytest.fixture
def session(agency, committee, applications, pool):
    """PREPARING, with the three applications."""
    return new_session(agency, committee)


@pytest.fixture
def requested(session, agency):
    """DRAW_REQUESTED."""
    return services.request_draw(session, by=agency)


@pytest.fixture
def drawn(requested, bureau):
    """CONFIRMING with 5 invited seats."""
    services.draw_experts(requested, by=bureau, base_url=BASE_URL)
    return requested


def accept_all(session):
    for seat in session.seats.filter(status=SeatStatus.INVITED).select_related("expert__user"):
        services.respond_to_invitation(seat, by=seat.expert.user, accept=True, base_url=BASE_URL)


@pytest.fixture
def confirmed(drawn):
    """CONFIRMING with 5 accepted seats."""
    accept_all(drawn)
    return drawn
