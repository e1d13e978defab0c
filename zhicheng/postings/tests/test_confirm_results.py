import datetime
import subprocess

import pytest

from zhicheng.accounts.tests.factories import ApplicantFactory, OrganizationFactory
from zhicheng.applications.models import Application, EmploymentType, Status
from zhicheng.audit.services import history_for
from zhicheng.core.errors import DomainError
from zhicheng.postings import services
from zhicheng.postings.models import PostedResult

from .factories import accepted_session, agency_user, applications, at, central_unit, posted, results, unit_hr

pytestmark = pytest.mark.django_db
AFTER_POSTING = datetime.date(2024, 10, 10)


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)  # noqa: S607
    return result.stdout.decode()


def test_r83_confirmation_is_refused_while_the_posting_runs(bureau):
    (posting,) = posted(accepted_session(bureau, applications=1), bureau)

    with at(datetime.date(2024, 10, 9), hour=18), pytest.raises(DomainError, match="公示期至2024年10月9日"):
        services.confirm_results(posting, by=bureau)

    assert not PostedResult.objects.filter(confirmed_at__isnull=False).exists()
    assert Application.objects.get().status == Status.ACCEPTED


def test_r83_results_without_objection_are_confirmed_and_one_with_an_open_complaint_waits(bureau):
    (posting,) = posted(accepted_session(bureau, applications=2), bureau)
    first, second = results(posting)
    services.file_complaint(
        second, contact_name="王举报", contact_phone="13700001234", text="学历造假", evidence=None, requester="x"
    )

    with at(AFTER_POSTING):
        outcome = services.confirm_results(posting, by=bureau)

    assert [p.pk for p in outcome.confirmed] == [first.pk]
    assert [(p.pk, reason) for p, reason in outcome.held] == [
        (second.pk, "有1件投诉举报尚在核查中，办结后方可确认备案")
    ]
    first.application.refresh_from_db()
    second.application.refresh_from_db()
    assert first.application.status == Status.CONFIRMED
    assert second.application.status == Status.ACCEPTED
    assert [e.action for e in history_for(first.application)][-1] == "confirm_result"


def test_r83_a_held_result_is_confirmed_once_its_complaint_is_found_unfounded(bureau):
    (posting,) = posted(accepted_session(bureau, applications=1), bureau)
    (only,) = results(posting)
    complaint = services.file_complaint(
        only, contact_name="王举报", contact_phone="13700001234", text="学历造假", evidence=None, requester="x"
    )
    with at(AFTER_POSTING):
        assert services.confirm_results(posting, by=bureau).confirmed == []
        services.resolve_complaint(complaint, by=bureau, founded=False, outcome="学历经核验属实")
        assert [p.pk for p in services.confirm_results(posting, by=bureau).confirmed] == [only.pk]
        with pytest.raises(DomainError, match="没有待确认备案"):
            services.confirm_results(posting, by=bureau)


def test_r83_only_the_bureau_confirms(bureau):
    session = accepted_session(bureau, applications=1)
    (posting,) = posted(session, bureau)

    with at(AFTER_POSTING), pytest.raises(DomainError, match="只有市人社局"):
        services.confirm_results(posting, by=agency_user(session))


def test_r83_the_entrusting_unit_gets_a_result_letter_naming_the_applicant_and_result(client, bureau):
    session = accepted_session(bureau, applications=2)
    entrusted, ordinary = applications(session)
    unit = central_unit()
    Application.objects.filter(pk=entrusted.pk).update(unit=unit, employment_type=EmploymentType.CENTRAL_UNIT)
    (posting,) = posted(session, bureau)

    with at(AFTER_POSTING):
        services.confirm_results(posting, by=bureau)

    letter = PostedResult.objects.get(application=entrusted)
    assert not PostedResult.objects.get(application=ordinary).letter
    client.force_login(unit_hr(unit))
    assert "下载反馈函" in client.get("/results/letters/").content.decode()
    response = client.get(f"/results/letters/{letter.pk}.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "评审结果反馈函" in text
    assert entrusted.applicant.real_name in text
    assert "中国测试研究院" in text
    assert "评审通过，取得中级职称" in text
    assert entrusted.applicant.id_number not in text

    client.force_login(bureau)
    assert client.get(f"/results/letters/{letter.pk}.pdf").status_code == 200


def test_r83_outsiders_get_404_for_letters_and_the_posting_desk(client, bureau):
    session = accepted_session(bureau, applications=1)
    (entrusted,) = applications(session)
    Application.objects.filter(pk=entrusted.pk).update(unit=central_unit())
    (posting,) = posted(session, bureau)
    with at(AFTER_POSTING):
        services.confirm_results(posting, by=bureau)
    letter = PostedResult.objects.get()

    client.force_login(unit_hr(OrganizationFactory(name="北京另一家单位")))
    assert client.get(f"/results/letters/{letter.pk}.pdf").status_code == 404
    assert "下载反馈函" not in client.get("/results/letters/").content.decode()
    client.force_login(agency_user(session))
    assert client.get(f"/results/letters/{letter.pk}.pdf").status_code == 403
    assert client.get(f"/results/manage/{posting.pk}/").status_code == 403
    client.force_login(bureau)
    assert client.get(f"/results/manage/{posting.pk + 100}/").status_code == 404
    assert client.get(f"/results/letters/{letter.pk + 100}.pdf").status_code == 404
    client.force_login(ApplicantFactory(username="outsider", identity="110101199003077731"))
    assert client.get("/results/manage/").status_code == 403


def test_r83_the_bureau_confirms_on_the_posting_page_and_sees_why_one_waits(client, bureau):
    (posting,) = posted(accepted_session(bureau, applications=2), bureau)
    _, second = results(posting)
    services.file_complaint(
        second, contact_name="王举报", contact_phone="13700001234", text="学历造假", evidence=None, requester="x"
    )
    client.force_login(bureau)
    before = client.post(f"/results/manage/{posting.pk}/confirm/", follow=True).content.decode()
    assert "期满后方可确认备案" in before

    with at(AFTER_POSTING):
        client.force_login(bureau)  # staff sessions expire within the day
        page = client.post(f"/results/manage/{posting.pk}/confirm/", follow=True).content.decode()

    assert "已确认备案1人，1人暂缓确认" in page
    assert "暂缓确认：有1件投诉举报尚在核查中" in page
