import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from zhicheng.agency_review.deadlines import abandon_overdue
from zhicheng.agency_review.services import ItemInput, request_correction
from zhicheng.agency_review.tasks import process_deadlines
from zhicheng.agency_review.tests.fixtures import approve
from zhicheng.applications.models import Status
from zhicheng.audit.services import history_for
from zhicheng.notifications.models import SmsMessage

ONE_ITEM = [ItemInput("school", "毕业院校填写有误", "按学历证书填写")]
DAY = datetime.timedelta(days=1)


@pytest.fixture
def in_correction(in_review, reviewer):
    notice = request_correction(in_review, by=reviewer, items=ONE_ITEM)
    in_review.refresh_from_db()
    return in_review, notice.due_on


def test_r43_correction_not_done_by_the_deadline_is_abandoned(in_correction):
    application, due_on = in_correction

    assert abandon_overdue(due_on) == 0  # the deadline day itself is still in time
    assert abandon_overdue(due_on + DAY) == 1

    application.refresh_from_db()
    assert application.status == Status.ABANDONED
    event = history_for(application).last()
    assert (event.action, event.actor) == ("abandon", None)
    assert "未在补正期限内补正材料" in event.reason
    assert SmsMessage.objects.get(template_id="application_abandoned").params["reason"] == "未在补正期限内补正材料"


def test_r50_unpaid_at_the_deadline_is_abandoned(in_review, reviewer, fee):
    notice = approve(in_review, reviewer, days=3)

    assert abandon_overdue(notice.due_on) == 0
    assert abandon_overdue(notice.due_on + DAY) == 1

    in_review.refresh_from_db()
    assert in_review.status == Status.ABANDONED
    assert "未在缴费期限内缴纳评审费" in history_for(in_review).last().reason


def test_abandon_overdue_twice_gives_the_same_result(in_correction, second_in_review, reviewer, fee):
    application, due_on = in_correction
    approve(second_in_review, reviewer, days=0)
    later = due_on + DAY

    assert abandon_overdue(later) == 2
    assert abandon_overdue(later) == 0

    assert SmsMessage.objects.filter(template_id="application_abandoned").count() == 2
    assert history_for(application).filter(action="abandon").count() == 1


def test_abandon_overdue_leaves_applications_that_are_in_time_or_elsewhere(in_review, second_in_review, reviewer):
    request_correction(second_in_review, by=reviewer, items=ONE_ITEM)

    assert abandon_overdue(timezone.localdate()) == 0

    in_review.refresh_from_db()
    second_in_review.refresh_from_db()
    assert (in_review.status, second_in_review.status) == (Status.AGENCY_REVIEW, Status.CORRECTION)


def test_abandon_overdue_after_a_crash_half_way_finishes_the_rest(
    in_correction, second_in_review, reviewer, monkeypatch
):
    application, due_on = in_correction
    request_correction(second_in_review, by=reviewer, items=ONE_ITEM)
    from zhicheng.agency_review import deadlines

    sent = []

    def crash_on_second(*args, **kwargs):
        sent.append(args)
        if len(sent) == 2:
            raise RuntimeError("worker killed")
        return original(*args, **kwargs)

    original = deadlines.queue_sms
    monkeypatch.setattr(deadlines, "queue_sms", crash_on_second)
    with pytest.raises(RuntimeError):
        abandon_overdue(due_on + DAY)
    monkeypatch.setattr(deadlines, "queue_sms", original)

    statuses = {a.status for a in type(application).objects.filter(pk__in=[application.pk, second_in_review.pk])}
    assert statuses == {Status.ABANDONED, Status.CORRECTION}  # the first committed, the second rolled back
    assert abandon_overdue(due_on + DAY) == 1
    assert SmsMessage.objects.filter(template_id="application_abandoned").count() == 2


def test_process_deadlines_command_prints_what_it_did(in_correction, capsys):
    _, due_on = in_correction

    call_command("process_deadlines", "--on", (due_on + DAY).isoformat())

    assert "1 application(s) abandoned" in capsys.readouterr().out


def test_process_deadlines_task_runs_the_same_service(in_correction, settings):
    application, due_on = in_correction
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    with time_machine.travel(datetime.datetime.combine(due_on + DAY, datetime.time(1), tzinfo=datetime.UTC)):
        result = process_deadlines.enqueue()

    assert result.return_value == 1
    application.refresh_from_db()
    assert application.status == Status.ABANDONED


def test_r22_a_draft_not_submitted_when_the_window_closes_is_abandoned(zhang_san, plan, committee):
    from zhicheng.applications.tests.factories import ApplicationFactory

    draft = ApplicationFactory(applicant=zhang_san, plan=plan, committee=committee, due_on=timezone.localdate())

    assert abandon_overdue(timezone.localdate()) == 0
    assert abandon_overdue(timezone.localdate() + DAY) == 1

    draft.refresh_from_db()
    assert draft.status == Status.ABANDONED
    assert "个人网上申报已截止" in history_for(draft).last().reason


def test_r33_an_application_the_unit_did_not_recommend_in_its_window_is_abandoned(zhang_san, plan, committee):
    from zhicheng.applications.services import submit_application
    from zhicheng.applications.tests.factories import complete_application

    application = complete_application(applicant=zhang_san, plan=plan, committee=committee)
    submit_application(application, by=zhang_san)
    application.refresh_from_db()

    assert abandon_overdue(application.due_on + DAY) == 1

    application.refresh_from_db()
    assert application.status == Status.ABANDONED
    assert "单位审核推荐已截止" in history_for(application).last().reason
