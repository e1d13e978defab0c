"""The bureau's acceptance pages: the queue, one session's checks and results, correcting and accepting."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zhicheng.acceptance.models import Acceptance, AcceptanceStatus
from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.applications.models import Status
from zhicheng.ballots.tests.factories import agency_of, entries, other_agency_staff
from zhicheng.catalog.tests.factories import CommitteeFactory, PlanFactory
from zhicheng.evaluations.models import EvaluationSession, SessionStatus
from zhicheng.evaluations.tests.factories import bureau_staff

from .factories import applications, reported

pytestmark = pytest.mark.django_db


def _reported_sessions(count: int, start: int = 0) -> list[EvaluationSession]:
    committee = CommitteeFactory()
    plan = PlanFactory()
    creator = UserFactory(role=Role.AGENCY, organization=committee.agency)
    return [
        EvaluationSession.objects.create(
            plan=plan,
            committee=committee,
            name=f"报送评审会{n:02d}",
            meeting_on=timezone.localdate() - datetime.timedelta(days=n),
            place="评审中心",
            experts_requested=11,
            status=SessionStatus.REPORTED,
            created_by=creator,
        )
        for n in range(start, start + count)
    ]


def _queue_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("acceptance:queue"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_queue_lists_reported_sessions_pending_first_with_a_constant_number_of_queries(client):
    client.force_login(bureau_staff())
    few = _reported_sessions(3)
    Acceptance.objects.create(session=few[0], status=AcceptanceStatus.ACCEPTED)

    queries_for_3, page = _queue_queries(client)
    assert "共 3 场评审会" in page
    assert page.index("报送评审会01") < page.index("报送评审会02") < page.index("报送评审会00")
    assert page.count("已验收") == 1

    _reported_sessions(27, start=3)
    queries_for_30, page = _queue_queries(client)
    assert "共 30 场评审会" in page
    assert "下一页" in page
    assert queries_for_30 == queries_for_3


@pytest.mark.parametrize("role", [Role.AGENCY, Role.EXPERT, Role.APPLICANT, Role.UNIT_HR])
def test_queue_is_the_bureaus_only(client, role):
    client.force_login(UserFactory(role=role))

    assert client.get(reverse("acceptance:queue")).status_code == 404


def test_r80_the_bureau_checks_corrects_and_accepts_on_the_session_page(client):
    session = reported()
    first = entries(session)[0]
    client.force_login(bureau_staff())
    url = reverse("acceptance:session", args=[session.pk])

    page = client.get(url).content.decode()
    assert "尚未运行检查" in page
    page = client.post(reverse("acceptance:run_checks", args=[session.pk]), follow=True).content.decode()
    assert "检查完成：全部通过" in page
    assert page.count("✓") == 6
    assert "5/0/0" in page
    assert "同意票达到出席专家（不含回避）的2/3及以上" in page

    correct = reverse("acceptance:correct", args=[session.pk, first.pk])
    page = client.post(correct, {"reason": ""}, follow=True).content.decode()
    assert "请填写纠正理由" in page
    page = client.post(correct, {"reason": "论文存在抄袭"}, follow=True).content.decode()
    assert "已纠正：论文存在抄袭" in page

    accept = reverse("acceptance:accept", args=[session.pk])
    page = client.post(accept, {"note": "同意"}, follow=True).content.decode()
    assert "请勾选确认后再验收" in page
    assert Acceptance.objects.get(session=session).status == AcceptanceStatus.PENDING
    page = client.post(accept, {"note": "同意", "confirm": "1"}, follow=True).content.decode()

    assert "评审结果已验收通过" in page
    assert "验收通过</button>" not in page
    assert [a.status for a in applications(session)] == [Status.FAILED, Status.ACCEPTED, Status.ACCEPTED]


def test_r80_the_committees_agency_sees_its_acceptance_read_only(client):
    session = reported(applications=1)
    bureau = bureau_staff()
    client.force_login(bureau)
    client.post(reverse("acceptance:correct", args=[session.pk, entries(session)[0].pk]), {"reason": "超出评审范围"})
    client.force_login(agency_of(session))

    page = client.get(reverse("acceptance:session", args=[session.pk])).content.decode()
    assert "已纠正：超出评审范围" in page
    assert "运行检查</button>" not in page
    assert "验收通过</button>" not in page
    assert client.post(reverse("acceptance:accept", args=[session.pk]), {"confirm": "1"}).status_code == 404
    assert client.post(reverse("acceptance:run_checks", args=[session.pk])).status_code == 404


@pytest.mark.parametrize("who", ["other_agency", "expert", "applicant"])
def test_acceptance_page_is_404_for_outsiders(client, who):
    session = reported(applications=1)
    outsider = {
        "other_agency": other_agency_staff,
        "expert": lambda: session.seats.first().expert.user,
        "applicant": lambda: entries(session)[0].application.applicant,
    }[who]()
    client.force_login(outsider)

    assert client.get(reverse("acceptance:session", args=[session.pk])).status_code == 404
    assert client.post(reverse("acceptance:accept", args=[session.pk]), {"confirm": "1"}).status_code == 404
    assert {a.status for a in applications(session)} == {Status.PASSED}


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("acceptance:queue"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
