"""During a correction only the parts the agency listed reopen (R-41, R-42)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhicheng.agency_review.services import ItemInput, request_correction
from zhicheng.agency_review.tests.fixtures import calendar, in_review, reviewer  # noqa: F401 - fixtures
from zhicheng.applications.services import ApplicationError, save_work_history, update_application
from zhicheng.applications.tests.factories import PNG_1PX, WorkHistoryFactory
from zhicheng.materials.models import AttachmentKind
from zhicheng.materials.services import MaterialError, upload_attachment


@pytest.fixture
def in_correction(in_review, reviewer):  # noqa: F811 - pytest fixture injection
    request_correction(
        in_review,
        by=reviewer,
        items=[
            ItemInput("school", "院校名称有误", "按毕业证书填写"),
            ItemInput("attachments.title_cert", "模糊", "重新上传"),
        ],
    )
    in_review.refresh_from_db()
    return in_review


def _png() -> SimpleUploadedFile:
    return SimpleUploadedFile("cert.png", PNG_1PX, content_type="image/png")


def test_r41_a_listed_field_can_be_changed(in_correction, zhang_san):
    update_application(in_correction, by=zhang_san, changes={"school": "北京邮电大学"})

    in_correction.refresh_from_db()
    assert in_correction.school == "北京邮电大学"


def test_r41_an_unlisted_field_stays_closed(in_correction, zhang_san):
    with pytest.raises(ApplicationError, match="现任职务/岗位"):
        update_application(in_correction, by=zhang_san, changes={"position": "架构师"})

    in_correction.refresh_from_db()
    assert in_correction.position == "软件工程师"


def test_r41_unlisted_rows_and_materials_stay_closed_listed_material_reopens(in_correction, zhang_san):
    with pytest.raises(ApplicationError):
        save_work_history(in_correction, by=zhang_san, row=WorkHistoryFactory.build())
    with pytest.raises(MaterialError):
        upload_attachment(in_correction, kind=AttachmentKind.ID_DOCUMENT, file=_png(), by=zhang_san)

    attachment = upload_attachment(in_correction, kind=AttachmentKind.TITLE_CERT, file=_png(), by=zhang_san)

    assert attachment.kind == AttachmentKind.TITLE_CERT


def test_r41_the_form_shows_unlisted_fields_disabled(client, in_correction, zhang_san):
    client.force_login(zhang_san)

    page = client.get(reverse("applications:edit", args=[in_correction.pk, "title"])).content.decode()

    assert re.search(r'<input[^>]*name="diploma_number"[^>]*disabled', page)
    assert not re.search(r'<input[^>]*name="school"[^>]*disabled', page)
