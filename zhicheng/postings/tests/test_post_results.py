import datetime

import pytest

from zhicheng.accounts.models import OrgKind
from zhicheng.catalog.models import Level
from zhicheng.core.errors import DomainError
from zhicheng.notifications.models import SmsMessage
from zhicheng.notifications.templates import render
from zhicheng.postings import services
from zhicheng.postings.models import PostedResult
from zhicheng.workdays.services import count_workdays

from .factories import POSTING_DAY, accepted_session, agency_user, applications, posted

pytestmark = pytest.mark.django_db
D = datetime.date


def test_r81_posting_from_the_friday_before_national_day_runs_five_working_days_to_october_9(bureau):
    session = accepted_session(bureau)

    (posting,) = posted(session, bureau)

    assert posting.starts_on == D(2024, 9, 27)
    assert posting.ends_on == D(2024, 10, 9)  # 9/27, 9/29 (make-up Sunday), 9/30, 10/8, 10/9
    assert count_workdays(posting.starts_on, posting.ends_on) == 5
    assert posting.results.count() == 2


def test_r81_senior_results_are_posted_by_the_bureau_and_intermediate_by_the_agency(bureau):
    session = accepted_session(bureau, applications=3, levels=(Level.SENIOR_DEPUTY, Level.SENIOR_FULL))
    senior_full, senior_deputy, intermediate = applications(session)

    postings = {p.publisher.kind: p for p in posted(session, bureau)}

    assert set(postings) == {OrgKind.BUREAU, OrgKind.AGENCY}
    assert postings[OrgKind.BUREAU].publisher.name == "北京市人力资源和社会保障局"
    assert postings[OrgKind.AGENCY].publisher == session.committee.agency
    on_bureau = set(postings[OrgKind.BUREAU].results.values_list("application_id", flat=True))
    assert on_bureau == {senior_full.pk, senior_deputy.pk}
    assert list(postings[OrgKind.AGENCY].results.values_list("application_id", flat=True)) == [intermediate.pk]


def test_r81_each_applicant_gets_an_sms_with_the_posting_period(bureau):
    session = accepted_session(bureau, applications=1)
    (application,) = applications(session)

    posted(session, bureau)

    sms = SmsMessage.objects.get(template_id="result_posted")
    assert sms.object_id == str(application.pk)
    assert "2024年9月27日至2024年10月9日公示" in render(sms.template_id, sms.params)


@pytest.mark.parametrize(
    ("starts_on", "message"),
    [(D(2024, 10, 1), "2024年10月1日不是工作日"), (D(2024, 9, 26), "不能早于今天")],
)
def test_r81_a_posting_starts_on_a_working_day_that_has_not_passed(bureau, starts_on, message):
    session = accepted_session(bureau, applications=1)

    with pytest.raises(DomainError, match=message):
        posted(session, bureau, starts_on)

    assert not PostedResult.objects.exists()
    assert not SmsMessage.objects.filter(template_id="result_posted").exists()


def test_r81_only_the_bureau_posts_results(bureau):
    session = accepted_session(bureau, applications=1)

    with pytest.raises(DomainError, match="只有市人社局"):
        services.post_results(session, by=agency_user(session), starts_on=POSTING_DAY)

    assert not PostedResult.objects.exists()


def test_r81_results_already_posted_are_not_posted_again(bureau):
    session = accepted_session(bureau, applications=1)
    posted(session, bureau)

    with pytest.raises(DomainError, match="没有待公示"):
        posted(session, bureau, D(2024, 9, 30))


def test_the_bureau_posts_from_its_desk_page(client, bureau):
    session = accepted_session(bureau, applications=2)
    client.force_login(bureau)
    assert session.name in client.get("/results/manage/").content.decode()

    response = client.post(f"/results/manage/sessions/{session.pk}/post/", {"starts_on": "2024-09-27"}, follow=True)

    assert "已发布1个公示，共2人，公示期至2024年10月9日" in response.content.decode()
    refused = client.post(f"/results/manage/sessions/{session.pk}/post/", {"starts_on": "2024-02-30"}, follow=True)
    assert "请填写正确的公示开始日期" in refused.content.decode()
