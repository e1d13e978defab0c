import datetime

from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import OrgKind, Role
from zhicheng.accounts.tests.factories import OrganizationFactory, UserFactory
from zhicheng.agency_review.services import approve_application
from zhicheng.applications.models import Status
from zhicheng.applications.tests.factories import ApplicationFactory
from zhicheng.catalog.models import Level, Tier
from zhicheng.catalog.tests.factories import CommitteeFactory, FeeFactory, open_year


def test_district_bureau_reviews_the_junior_engineering_committee_it_runs(client, db, calendar):
    bureau = OrganizationFactory(kind=OrgKind.DISTRICT_BUREAU, name="北京市朝阳区人力资源和社会保障局")
    junior = CommitteeFactory(agency=bureau, tier=Tier.JUNIOR)
    plan = open_year(junior)
    FeeFactory(plan=plan, committee=junior, level=Level.ASSISTANT, amount=100)
    application = ApplicationFactory(plan=plan, committee=junior, level=Level.ASSISTANT, status=Status.AGENCY_REVIEW)
    officer = UserFactory(role=Role.DISTRICT_BUREAU, organization=bureau)
    client.force_login(officer)

    queue = client.get(reverse("agency_review:queue")).content.decode()
    notice = approve_application(
        application, by=officer, payment_due_on=timezone.localdate() + datetime.timedelta(days=5)
    )

    assert application.number in queue
    assert notice.amount == 100
