import pytest
from django.urls import reverse

from zhicheng.agency_review.services import ItemInput, request_correction

ITEMS = [
    ItemInput("school", "毕业院校与证书不一致", "按学历证书填写"),
    ItemInput("attachments.title_cert", "职称证书照片模糊", "重新上传清晰的证书"),
]


@pytest.fixture
def notice(in_review, reviewer):
    return request_correction(in_review, by=reviewer, items=ITEMS)


def test_r41_applicant_sees_exactly_the_listed_items(client, zhang_san, notice):
    client.force_login(zhang_san)

    page = client.get(reverse("agency_review:correction_notice", args=[notice.pk])).content.decode()

    assert "请补正以下全部2项内容" in page
    for label in ("申报信息：毕业院校", "材料：现有职称证书", "毕业院校与证书不一致", "重新上传清晰的证书"):
        assert label in page
    assert "去补正" in page


def test_another_applicant_gets_404_for_the_notice(client, li_si, notice):
    client.force_login(li_si)

    assert client.get(reverse("agency_review:correction_notice", args=[notice.pk])).status_code == 404


def test_reviewers_use_the_review_page_not_the_applicants_notice(client, reviewer, notice):
    client.force_login(reviewer)

    assert client.get(reverse("agency_review:correction_notice", args=[notice.pk])).status_code == 403
