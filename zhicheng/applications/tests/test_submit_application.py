import datetime

import pytest
import time_machine
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.agency_review.models import CorrectionNotice
from zhicheng.applications.models import ApplicationVersion, Status
from zhicheng.applications.services import (
    ApplicationError,
    SubmissionBlocked,
    submit_application,
    update_application,
    version_changes,
)
from zhicheng.applications.tests.factories import ApplicationFactory, complete_application
from zhicheng.audit.services import history_for
from zhicheng.catalog.models import Step
from zhicheng.notifications.models import SmsMessage


@pytest.fixture
def application(zhang_san, plan, committee):
    return complete_application(applicant=zhang_san, plan=plan, committee=committee)


def test_submission_freezes_version_one_and_moves_to_unit_review(application, zhang_san, plan):
    version = submit_application(application, by=zhang_san)

    application.refresh_from_db()
    assert version.number == 1
    assert application.status == Status.SUBMITTED
    assert application.version_count == 1
    assert application.due_on == plan.windows.get(step=Step.UNIT).closes_on
    assert version.snapshot["fields"]["level"] == "中级"
    assert {a["kind"] for a in version.snapshot["attachments"]} >= {"id_document", "signed_pledge", "achievement"}
    assert len(version.digest) == 64
    event = history_for(application).last()
    assert (event.action, event.from_state, event.to_state) == ("submit", "draft", "submitted")


def test_r103_submission_queues_an_sms_to_the_registered_phone(
    application, zhang_san, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        submit_application(application, by=zhang_san)

    sms = SmsMessage.objects.get(template_id="application_submitted")
    assert sms.phone == zhang_san.phone
    assert sms.params["number"] == application.number


def test_r22_submitted_application_is_read_only_for_the_applicant(application, zhang_san):
    submit_application(application, by=zhang_san)

    with pytest.raises(ApplicationError, match="不能修改"):
        update_application(application, by=zhang_san, changes={"position": "架构师"})
    with pytest.raises(ApplicationError):
        submit_application(application, by=zhang_san)
    assert ApplicationVersion.objects.filter(application=application).count() == 1


def test_r22_no_submission_after_the_window_closes(application, zhang_san, plan):
    closes = plan.windows.get(step=Step.APPLY, series=None).closes_on
    after = datetime.datetime.combine(
        closes + datetime.timedelta(days=1), datetime.time(9), timezone.get_current_timezone()
    )

    with time_machine.travel(after), pytest.raises(ApplicationError) as error:
        submit_application(application, by=zhang_san)

    assert error.value.rule == "R-22"
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert not ApplicationVersion.objects.exists()


def test_r22_submission_is_accepted_until_the_last_day(application, zhang_san, plan):
    closes = plan.windows.get(step=Step.APPLY, series=None).closes_on
    last_evening = datetime.datetime.combine(closes, datetime.time(23, 59), timezone.get_current_timezone())

    with time_machine.travel(last_evening):
        submit_application(application, by=zhang_san)

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_incomplete_application_is_refused_with_every_problem_and_nothing_saved(zhang_san, plan, committee):
    application = ApplicationFactory(applicant=zhang_san, plan=plan, committee=committee, work_summary="")

    with pytest.raises(SubmissionBlocked) as error:
        submit_application(application, by=zhang_san)

    assert len(error.value.problems) >= 3
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert not ApplicationVersion.objects.exists()
    assert not SmsMessage.objects.exists()


def test_another_applicant_cannot_submit(application, li_si):
    with pytest.raises(ApplicationError, match="本人"):
        submit_application(application, by=li_si)


def test_second_version_lists_what_changed(application, zhang_san):
    submit_application(application, by=zhang_san)
    # The agency's correction notice lists the position; the status is set directly to skip the unit's steps.
    due_on = timezone.localdate() + datetime.timedelta(days=5)
    type(application).objects.filter(pk=application.pk).update(status=Status.CORRECTION, due_on=due_on)
    notice = CorrectionNotice.objects.create(
        application=application, version_number=1, created_by=UserFactory(role=Role.AGENCY), due_on=due_on
    )
    notice.items.create(target="position", problem="职务填写不完整", requirement="按聘任文件填写")
    application.refresh_from_db()
    update_application(application, by=zhang_san, changes={"position": "高级软件工程师"})

    version = submit_application(application, by=zhang_san)

    changes = version_changes(application, version.number)
    assert version.number == 2
    assert [(c.item, c.before, c.after) for c in changes] == [("现任职务/岗位", "软件工程师", "高级软件工程师")]
