import pytest

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.applications.models import Status
from zhicheng.audit.services import history_for
from zhicheng.catalog.models import Step
from zhicheng.catalog.selectors import cn_date
from zhicheng.notifications.models import SmsMessage
from zhicheng.unit_review import services
from zhicheng.unit_review.tests.helpers import posted


def test_r30_return_sends_the_application_back_with_the_reason_and_texts_the_applicant(
    application, hr, plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        services.return_to_applicant(application, by=hr, reason="工作经历缺少2015年至2018年的单位")

    application.refresh_from_db()
    apply_close = plan.windows.get(step=Step.APPLY).closes_on
    assert application.status == Status.RETURNED
    assert application.due_on == apply_close
    event = history_for(application).last()
    assert (event.action, event.reason) == ("unit_return", "工作经历缺少2015年至2018年的单位")
    sms = SmsMessage.objects.get(template_id="application_returned")
    assert sms.phone == application.applicant.phone
    assert sms.params == {
        "name": "张三",
        "number": application.number,
        "committee": application.committee.name,
        "deadline": cn_date(apply_close),
    }
    assert "年" in sms.params["deadline"]
    assert "-" not in sms.params["deadline"]


def test_r30_return_without_a_reason_is_refused_and_changes_nothing(application, hr):
    with pytest.raises(services.ReviewError, match="请填写退回原因"):
        services.return_to_applicant(application, by=hr, reason="   ")

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert not SmsMessage.objects.filter(template_id="application_returned").exists()


def test_r30_a_posted_application_cannot_be_returned(application, hr):
    posted(application, hr)

    with pytest.raises(services.ReviewError, match="单位公示中"):
        services.return_to_applicant(application, by=hr, reason="补充材料")
    application.refresh_from_db()
    assert application.status == Status.UNIT_POSTING


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.AGENCY, Role.BUREAU])
def test_r30_only_the_unit_or_association_returns(application, role):
    someone = UserFactory(role=role, organization=application.unit)

    with pytest.raises(services.ReviewError, match="无权"):
        services.return_to_applicant(application, by=someone, reason="补充材料")
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_r30_another_units_hr_cannot_return(application, other_hr):
    with pytest.raises(services.ReviewError, match="无权"):
        services.return_to_applicant(application, by=other_hr, reason="补充材料")
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
