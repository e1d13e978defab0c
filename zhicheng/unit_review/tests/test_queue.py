import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import OrganizationFactory, UserFactory
from zhicheng.applications.models import Application, Status
from zhicheng.applications.tests.factories import ApplicationFactory
from zhicheng.catalog.models import Level, Tier
from zhicheng.catalog.tests.factories import CommitteeFactory
from zhicheng.unit_review.selectors import QueueFilters, review_queue
from zhicheng.unit_review.tests.helpers import posted


def submitted(unit, plan, committee, name: str, *, minutes_ago: int, **kwargs) -> Application:
    """A submitted application arranged directly (the submission itself is tested in applications)."""
    return ApplicationFactory(
        applicant=kwargs.pop("applicant", None) or UserFactory(real_name=name),
        plan=plan,
        committee=committee,
        unit=unit,
        version_count=1,
        submitted_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        **{"status": Status.SUBMITTED, **kwargs},
    )


def numbers(applications) -> list[str]:
    return [a.number for a in applications]


def test_r30_queue_holds_the_units_submitted_applications_oldest_first(application, hr, unit, plan, committee):
    older = submitted(unit, plan, committee, "李四", minutes_ago=600)
    draft = ApplicationFactory(applicant=UserFactory(), plan=plan, committee=committee, unit=unit)
    elsewhere = submitted(OrganizationFactory(name="另一家单位"), plan, committee, "钱七", minutes_ago=5)

    queue = list(review_queue(hr, QueueFilters()))

    assert numbers(queue) == [older.number, application.number]
    assert draft not in queue
    assert elsewhere not in queue


def test_r30_hr_never_sees_their_own_application_in_the_queue(hr, unit, plan, committee):
    own = submitted(unit, plan, committee, "王人事", minutes_ago=3, applicant=hr)
    colleague = submitted(unit, plan, committee, "李四", minutes_ago=2)

    assert list(review_queue(hr, QueueFilters(status="all"))) == [colleague]
    assert own.applicant == hr


def test_queue_filters_by_status_committee_series_and_level(application, hr, unit, plan, committee):
    posted(application, hr)
    senior = CommitteeFactory(tier=Tier.SENIOR)
    plan.committees.add(senior)
    waiting = submitted(unit, plan, senior, "李四", minutes_ago=9, level=Level.SENIOR_DEPUTY)
    done = submitted(unit, plan, committee, "赵六", minutes_ago=8, status=Status.AGENCY_REVIEW)

    assert set(review_queue(hr, QueueFilters())) == {application, waiting}
    assert list(review_queue(hr, QueueFilters(status="all"))) == [waiting, done, application]
    assert list(review_queue(hr, QueueFilters(status=Status.UNIT_POSTING))) == [application]
    assert list(review_queue(hr, QueueFilters(status="all", committee=senior.pk))) == [waiting]
    assert list(review_queue(hr, QueueFilters(status="all", level=Level.SENIOR_DEPUTY))) == [waiting]
    assert list(review_queue(hr, QueueFilters(series=committee.series_id))) == [waiting, application]


def test_queue_search_by_name_or_application_number(application, hr, unit, plan, committee):
    li_si = submitted(unit, plan, committee, "李四", minutes_ago=9)

    assert list(review_queue(hr, QueueFilters(q="李"))) == [li_si]
    assert list(review_queue(hr, QueueFilters(q=application.number))) == [application]
    assert list(review_queue(hr, QueueFilters(q="20990000001"))) == []


def test_queue_rows_carry_the_latest_posting_and_open_objections(application, hr):
    from zhicheng.unit_review import services

    posting = posted(application, hr)
    services.add_objection(posting, by=hr, received_on=posting.starts_on, summary="有异议")

    row = review_queue(hr, QueueFilters()).get()

    assert (row.posting_starts_on, row.posting_ends_on, row.has_open_objection) == (
        posting.starts_on,
        posting.ends_on,
        True,
    )


def test_queue_is_one_query_whatever_the_number_of_rows(hr, unit, plan, committee, django_assert_num_queries):
    for i in range(3):
        submitted(unit, plan, committee, f"申报人{i}", minutes_ago=i)
    with django_assert_num_queries(1):
        few = [(a.number, a.applicant.real_name, a.committee.name) for a in review_queue(hr, QueueFilters())]
    for i in range(3, 40):
        submitted(unit, plan, committee, f"申报人{i}", minutes_ago=i)
    with django_assert_num_queries(1):
        many = [(a.number, a.applicant.real_name, a.committee.name) for a in review_queue(hr, QueueFilters())]
    assert (len(few), len(many)) == (3, 40)


def test_queue_page_paginates_by_50_with_a_constant_number_of_queries(
    client, hr, unit, plan, committee, django_assert_max_num_queries
):
    for i in range(55):
        submitted(unit, plan, committee, f"申报人{i:02d}", minutes_ago=100 - i)
    client.force_login(hr)

    with django_assert_max_num_queries(8):
        first = client.get(reverse("unit_review:queue")).content.decode()
    second = client.get(reverse("unit_review:queue"), {"page": 2}).content.decode()

    assert "共 55 份" in first
    assert "申报人00" in first
    assert "申报人49" in first
    assert "申报人50" not in first
    assert "申报人50" in second
    assert "申报人54" in second
    assert "申报人00" not in second
    assert "下一页" in first


def test_queue_page_filters_and_searches(client, application, hr, unit, plan, committee):
    li_si = submitted(unit, plan, committee, "李四", minutes_ago=9)
    client.force_login(hr)

    page = client.get(reverse("unit_review:queue"), {"q": "李四"}).content.decode()

    assert li_si.number in page
    assert application.number not in page


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.AGENCY, Role.BUREAU])
def test_queue_page_is_for_units_and_associations_only(client, role):
    client.force_login(UserFactory(role=role))

    assert client.get(reverse("unit_review:queue")).status_code == 403
