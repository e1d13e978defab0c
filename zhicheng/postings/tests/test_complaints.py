import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from zhicheng.accounts.tests.factories import ApplicantFactory
from zhicheng.applications.models import Status
from zhicheng.applications.tests.factories import PNG_1PX
from zhicheng.audit.services import history_for
from zhicheng.core.crypto import lookup_hash
from zhicheng.core.errors import DomainError
from zhicheng.postings import services
from zhicheng.postings.models import Complaint, ComplaintStatus, PostedResult

from .factories import accepted_session, agency_user, at, other_agency_user, posted, results

pytestmark = pytest.mark.django_db


@pytest.fixture
def first(bureau):
    (posting,) = posted(accepted_session(bureau, applications=2), bureau)
    return next(results(posting))


def complain(posted_result, *, phone="13700001234", requester="203.0.113.7", evidence=None):
    return services.file_complaint(
        posted_result,
        contact_name="王举报",
        contact_phone=phone,
        text="该申报人论文系代写，请核查。",
        evidence=evidence,
        requester=requester,
    )


def test_r82_a_complaint_during_the_posting_is_taken_with_the_phone_encrypted(first):
    complaint = complain(first, evidence=SimpleUploadedFile("证明.png", PNG_1PX))

    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM postings_complaint")
        (stored,) = cursor.fetchone()
    assert "13700001234" not in stored
    assert complaint.contact_phone_hash == lookup_hash("13700001234")
    assert complaint.status == ComplaintStatus.OPEN
    assert complaint.evidence_type == "image/png"
    assert [e.action for e in history_for(complaint)] == ["file_complaint"]


def test_r82_evidence_type_is_decided_by_content(first):
    program = SimpleUploadedFile("证明.pdf", b"MZ\x90\x00" + b"\x00" * 100)

    with pytest.raises(DomainError, match="仅支持 JPG、PNG、PDF"):
        complain(first, evidence=program)

    assert not Complaint.objects.exists()


def test_r82_complaints_are_limited_to_five_a_day_per_requester_and_three_per_phone(first):
    for n in range(3):
        complain(first, phone="13700001234", requester=f"198.51.100.{n}")
    with pytest.raises(DomainError, match="该联系电话今天已提交3件投诉举报"):
        complain(first, phone="13700001234", requester="198.51.100.9")

    complain(first, phone="13700005678", requester="203.0.113.7")
    complain(first, phone="13700005679", requester="203.0.113.7")
    for n in range(3):
        complain(first, phone=f"1360000000{n}", requester="203.0.113.8")
    complain(first, phone="13600000009", requester="203.0.113.8")
    complain(first, phone="13600000008", requester="203.0.113.8")
    with pytest.raises(DomainError, match="您今天已提交5件投诉举报"):
        complain(first, phone="13600000007", requester="203.0.113.8")
    assert Complaint.objects.count() == 10

    with at(datetime.date(2024, 9, 29)):
        complain(first, phone="13700001234", requester="203.0.113.8")


def test_r82_complaints_are_taken_only_while_the_posting_runs(first):
    with at(datetime.date(2024, 10, 10)), pytest.raises(DomainError, match="仅在公示期内受理"):
        complain(first)
    with at(datetime.date(2024, 10, 9), hour=23):
        complain(first)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("contact_phone", "12345", "11位手机号码"), ("text", "   ", "具体内容"), ("contact_name", "", "联系人姓名")],
)
def test_r82_bad_complaint_input_is_refused_in_chinese(first, field, value, message):
    data = {"contact_name": "王举报", "contact_phone": "13700001234", "text": "内容", field: value}

    with pytest.raises(DomainError, match=message):
        services.file_complaint(first, evidence=None, requester="203.0.113.7", **data)

    assert not Complaint.objects.exists()


def test_r82_a_founded_complaint_fails_the_application_and_removes_it_from_the_posting(client, bureau, first):
    complaint = complain(first)

    services.resolve_complaint(complaint, by=bureau, founded=True, outcome="经核查，论文系他人代写，评审结果予以纠正。")

    first.refresh_from_db()
    first.application.refresh_from_db()
    assert first.application.status == Status.FAILED
    assert first.withdrawn_at is not None
    assert first.application.applicant.real_name not in client.get(f"/results/{first.posting_id}/").content.decode()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.FOUNDED
    assert complaint.handled_by == bureau
    assert [e.action for e in history_for(first.application)][-1] == "correct_result"
    assert [e.action for e in history_for(first)] == ["withdraw_result"]


def test_r82_the_agency_records_an_unfounded_finding_but_cannot_find_a_complaint_founded(bureau, first):
    complaint = complain(first)
    agency = agency_user(first.posting.session)

    with pytest.raises(DomainError, match="由市人社局认定"):
        services.resolve_complaint(complaint, by=agency, founded=True, outcome="情况属实")
    with pytest.raises(DomainError, match="请填写核查结论"):
        services.resolve_complaint(complaint, by=agency, founded=False, outcome=" ")
    services.resolve_complaint(complaint, by=agency, founded=False, outcome="经核查，论文为本人撰写。")

    first.application.refresh_from_db()
    assert first.application.status == Status.ACCEPTED
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.UNFOUNDED
    with pytest.raises(DomainError, match="已办结"):
        services.resolve_complaint(complaint, by=bureau, founded=True, outcome="复核属实")


def test_r82_the_public_files_a_complaint_on_the_page_and_gets_a_reference(client, first):
    url = f"/results/results/{first.pk}/complain/"
    assert "提交投诉举报" in client.get(url).content.decode()

    refused = client.post(url, {"contact_name": "王举报", "contact_phone": "123", "text": "内容"})
    assert refused.status_code == 400
    assert "请填写正确的11位手机号码" in refused.content.decode()
    evidence = SimpleUploadedFile("证明.png", PNG_1PX, content_type="image/png")
    response = client.post(
        url, {"contact_name": "王举报", "contact_phone": "13700001234", "text": "论文代写", "evidence": evidence}
    )

    complaint = Complaint.objects.get()
    page = response.content.decode()
    assert complaint.reference in page
    assert "137****1234" in page
    assert "13700001234" not in page


def test_r82_staff_handle_complaints_of_their_scope_only(client, bureau, first):
    complaint = complain(first, evidence=SimpleUploadedFile("证明.png", PNG_1PX))
    agency = agency_user(first.posting.session)

    client.force_login(other_agency_user())
    assert complaint.reference not in client.get("/results/complaints/").content.decode()
    assert client.get(f"/results/complaints/{complaint.pk}/evidence/").status_code == 404
    assert client.post(f"/results/complaints/{complaint.pk}/resolve/", {"outcome": "x"}).status_code == 404
    client.force_login(ApplicantFactory(username="outsider", identity="110101199003077731"))
    assert client.get("/results/complaints/").status_code == 403

    client.force_login(agency)
    page = client.get("/results/complaints/").content.decode()
    assert complaint.reference in page
    assert "137****1234" in page
    assert "13700001234" not in page
    assert client.get(f"/results/complaints/{complaint.pk}/evidence/")["Content-Type"] == "image/png"
    client.post(f"/results/complaints/{complaint.pk}/resolve/", {"founded": "1", "outcome": "属实"})
    assert Complaint.objects.get().status == ComplaintStatus.OPEN

    client.force_login(bureau)
    client.post(f"/results/complaints/{complaint.pk}/resolve/", {"founded": "1", "outcome": "经核查属实"})
    assert Complaint.objects.get().status == ComplaintStatus.FOUNDED
    assert PostedResult.objects.get(pk=first.pk).withdrawn_at is not None
