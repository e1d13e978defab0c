"""R-25 through the pages: the agency proposes from its review page, the bureau decides on the case page."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhicheng.applications.models import Application, Status
from zhicheng.applications.tests.factories import PNG_1PX
from zhicheng.integrity.models import CaseStatus, FraudCase, IntegrityRecord


def test_r25_agency_proposes_from_the_review_page_and_the_bureau_cancels(client, in_review, reviewer, officer):
    client.force_login(reviewer)
    page = client.get(reverse("agency_review:review", args=[in_review.pk])).content.decode()
    assert "报市人社局取消申报资格" in page
    response = client.post(
        reverse("integrity:propose", args=[in_review.pk]),
        {"facts": "冒用他人专利", "evidence": SimpleUploadedFile("核查.png", PNG_1PX)},
    )
    assert response.status_code == 302
    case = FraudCase.objects.get()

    client.force_login(officer)
    assert "冒用他人专利" in client.get(reverse("integrity:archive")).content.decode()
    response = client.post(
        reverse("integrity:case", args=[case.pk]),
        {"decision": "cancel", "decision_number": "京人社职称〔2026〕9号", "is_serious": "on"},
    )
    assert response.status_code == 302
    assert Application.objects.get(pk=in_review.pk).status == Status.CANCELLED
    record = IntegrityRecord.objects.get()
    assert record.promotion_barred_until is not None


def test_r25_cancelling_without_a_document_number_is_refused_on_the_page(client, in_review, reviewer, officer):
    client.force_login(reviewer)
    client.post(reverse("integrity:propose", args=[in_review.pk]), {"facts": "冒用他人专利"})
    case = FraudCase.objects.get()
    client.force_login(officer)
    response = client.post(reverse("integrity:case", args=[case.pk]), {"decision": "cancel", "decision_number": ""})
    assert response.status_code == 400
    assert "请填写处理决定文号" in response.content.decode()
    assert FraudCase.objects.get().status == CaseStatus.PROPOSED


def test_r25_another_agency_cannot_propose_or_see_the_case(client, in_review, reviewer, other_reviewer):
    client.force_login(reviewer)
    client.post(reverse("integrity:propose", args=[in_review.pk]), {"facts": "冒用他人专利"})
    case = FraudCase.objects.get()
    client.force_login(other_reviewer)
    assert client.post(reverse("integrity:propose", args=[in_review.pk]), {"facts": "x"}).status_code == 404
    assert client.get(reverse("integrity:case", args=[case.pk])).status_code == 404
    assert FraudCase.objects.count() == 1


def test_r25_the_proposing_agency_sees_but_cannot_decide(client, in_review, reviewer):
    client.force_login(reviewer)
    client.post(reverse("integrity:propose", args=[in_review.pk]), {"facts": "冒用他人专利"})
    case = FraudCase.objects.get()
    assert client.get(reverse("integrity:case", args=[case.pk])).status_code == 200
    response = client.post(
        reverse("integrity:case", args=[case.pk]), {"decision": "cancel", "decision_number": "京人社职称〔2026〕9号"}
    )
    assert response.status_code == 404
    assert Application.objects.get(pk=in_review.pk).status == Status.AGENCY_REVIEW
