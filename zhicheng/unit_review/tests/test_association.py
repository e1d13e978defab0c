import datetime

import pytest
from django.urls import reverse

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import OrganizationFactory, UserFactory
from zhicheng.applications.models import EmploymentType, Status
from zhicheng.applications.services import submit_application
from zhicheng.applications.tests.factories import attach, complete_application
from zhicheng.materials.models import AttachmentKind
from zhicheng.unit_review import services
from zhicheng.unit_review.pdf import render_posting_notice
from zhicheng.unit_review.selectors import QueueFilters, review_queue
from zhicheng.unit_review.tests.helpers import at, days_from_today
from zhicheng.unit_review.tests.test_posting import pdf_text

ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def freelancer_application(zhang_san, plan, committee, association):
    committee.series.allows_freelancer = True
    committee.series.save()
    application = complete_application(
        applicant=zhang_san,
        plan=plan,
        committee=committee,
        unit=None,
        association=association,
        employment_type=EmploymentType.FREELANCER,
        beijing_work_since=datetime.date(2015, 1, 1),
    )
    attach(application, AttachmentKind.ASSOCIATION_RECOMMENDATION)
    submit_application(application, by=zhang_san)
    application.refresh_from_db()
    return application


def test_r34_the_association_reviews_posts_and_recommends_a_freelancer(freelancer_application, association_staff):
    assert list(review_queue(association_staff, QueueFilters())) == [freelancer_application]

    posting = services.start_posting(freelancer_application, by=association_staff, starts_on=days_from_today(0))
    text = "".join(pdf_text(render_posting_notice(posting)).split())
    with at(posting.ends_on + ONE_DAY):
        services.recommend(freelancer_application, by=association_staff, opinion="经本会审核，同意推荐。")

    freelancer_application.refresh_from_db()
    assert freelancer_application.status == Status.AGENCY_REVIEW
    assert "北京市计算机行业协会" in text
    assert "本协会（学会）" in text


def test_r34_the_association_pages_work(client, freelancer_application, association_staff):
    client.force_login(association_staff)

    queue = client.get(reverse("unit_review:queue")).content.decode()
    review = client.get(reverse("unit_review:review", args=[freelancer_application.pk]))

    assert freelancer_application.number in queue
    assert "本协会（学会）推荐的自由职业者申报" in queue
    assert review.status_code == 200
    assert "开始公示" in review.content.decode()


def test_r34_another_association_and_units_do_not_see_the_freelancer(client, freelancer_application, hr):
    other = UserFactory(role=Role.ASSOCIATION, organization=OrganizationFactory(name="另一协会", kind="association"))
    for user in (other, hr):
        assert list(review_queue(user, QueueFilters(status="all"))) == []
        client.force_login(user)
        assert client.get(reverse("unit_review:review", args=[freelancer_application.pk])).status_code == 404
        with pytest.raises(services.ReviewError, match="无权"):
            services.start_posting(freelancer_application, by=user, starts_on=days_from_today(0))
