"""高端领军人才“直通车”: the district bureau's recommendation committee decides before the agency (2021 公告 二.5)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Organization, OrgKind, Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.applications.models import Status
from zhicheng.applications.selectors import list_applications_for
from zhicheng.applications.services import submit_application
from zhicheng.applications.tests.factories import complete_application
from zhicheng.catalog.models import Level, Tier
from zhicheng.catalog.tests.factories import CommitteeFactory, DistrictFactory, SeriesFactory, open_year
from zhicheng.district_review.services import DistrictReviewError, record_decision
from zhicheng.unit_review.services import recommend, start_posting
from zhicheng.unit_review.tests.helpers import at

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def haidian(db):
    return DistrictFactory(code="110108", name="海淀区")


@pytest.fixture
def district_bureau(haidian):
    bureau = Organization.objects.create(
        kind=OrgKind.DISTRICT_BUREAU, name="北京市海淀区人力资源和社会保障局", district=haidian
    )
    return UserFactory(role=Role.DISTRICT_BUREAU, organization=bureau)


@pytest.fixture
def fast_track(zhang_san, haidian):
    series = SeriesFactory(allows_fast_track=True)
    committee = CommitteeFactory(series=series, tier=Tier.SENIOR, name="北京市工程技术系列正高级评审委员会")
    open_year(committee)
    application = complete_application(
        applicant=zhang_san,
        plan=committee.plans.get(),
        committee=committee,
        level=Level.SENIOR_FULL,
        current_level=Level.SENIOR_DEPUTY,
        is_fast_track=True,
    )
    application.unit.district = haidian
    application.unit.save()
    submit_application(application, by=zhang_san)
    hr = UserFactory(role=Role.UNIT_HR, organization=application.unit)
    posting = start_posting(application, by=hr, starts_on=timezone.localdate())
    with at(posting.ends_on + datetime.timedelta(days=1)):
        recommend(application, by=hr, opinion="业绩突出，同意推荐。")
    application.refresh_from_db()
    return application


def test_unit_recommendation_of_a_fast_track_application_goes_to_the_district(fast_track, district_bureau):
    assert fast_track.status == Status.DISTRICT_REVIEW
    assert list(list_applications_for(district_bureau)) == [fast_track]
    agency = UserFactory(role=Role.AGENCY, organization=fast_track.committee.agency)
    assert not list_applications_for(agency).exists()


def test_district_recommendation_passes_it_to_the_agency(fast_track, district_bureau):
    record_decision(fast_track, by=district_bureau, meeting_on=YESTERDAY, is_recommended=True, opinion="推委会同意推荐")

    assert fast_track.status == Status.AGENCY_REVIEW
    agency = UserFactory(role=Role.AGENCY, organization=fast_track.committee.agency)
    assert list(list_applications_for(agency)) == [fast_track]


def test_district_decline_closes_it(fast_track, district_bureau):
    record_decision(fast_track, by=district_bureau, meeting_on=YESTERDAY, is_recommended=False, opinion="不予推荐")

    assert fast_track.status == Status.NOT_RECOMMENDED


def test_another_districts_bureau_cannot_decide(fast_track):
    other = Organization.objects.create(
        kind=OrgKind.DISTRICT_BUREAU,
        name="北京市朝阳区人力资源和社会保障局",
        district=DistrictFactory(code="110105", name="朝阳区"),
    )
    stranger = UserFactory(role=Role.DISTRICT_BUREAU, organization=other)

    with pytest.raises(DistrictReviewError):
        record_decision(fast_track, by=stranger, meeting_on=YESTERDAY, is_recommended=True, opinion="推荐")
    assert not list_applications_for(stranger).exists()


def test_decision_page_records_the_decision(client, fast_track, district_bureau):
    client.force_login(district_bureau)
    assert fast_track.number in client.get(reverse("district_review:queue")).content.decode()

    client.post(
        reverse("district_review:decide", args=[fast_track.pk]),
        {"meeting_on": YESTERDAY.isoformat(), "is_recommended": "1", "opinion": "同意推荐"},
    )

    fast_track.refresh_from_db()
    assert fast_track.status == Status.AGENCY_REVIEW


def test_decision_api_refuses_other_districts_with_404(client, fast_track):
    other = Organization.objects.create(
        kind=OrgKind.DISTRICT_BUREAU,
        name="北京市丰台区人力资源和社会保障局",
        district=DistrictFactory(code="110106", name="丰台区"),
    )
    client.force_login(UserFactory(role=Role.DISTRICT_BUREAU, organization=other))

    response = client.post(
        f"/api/v1/district-review/applications/{fast_track.pk}/decision",
        {"meeting_on": YESTERDAY.isoformat(), "is_recommended": True, "opinion": "推荐"},
        content_type="application/json",
    )

    assert response.status_code == 404
    fast_track.refresh_from_db()
    assert fast_track.status == Status.DISTRICT_REVIEW


def test_fast_track_is_refused_outside_its_series_and_level(client, zhang_san, plan, committee):
    from zhicheng.applications.tests.factories import ApplicationFactory

    application = ApplicationFactory(applicant=zhang_san, plan=plan, committee=committee)
    client.force_login(zhang_san)

    page = client.post(
        reverse("applications:edit", args=[application.pk, "special"]),
        {"is_fast_track": "on", "work_summary": "总结"},
    ).content.decode()

    assert "“直通车”仅适用于" in page
    application.refresh_from_db()
    assert application.is_fast_track is False
