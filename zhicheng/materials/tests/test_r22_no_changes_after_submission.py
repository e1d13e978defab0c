"""R-22: after submission the applicant can no longer upload, replace or delete materials."""

import pytest
from django.urls import reverse

from zhicheng.applications.models import Application
from zhicheng.materials import services
from zhicheng.materials.models import Attachment, AttachmentKind
from zhicheng.materials.tests import files
from zhicheng.materials.validation import MaterialError

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(application, zhang_san):
    attachment = services.upload_attachment(
        application, kind=AttachmentKind.ID_DOCUMENT, file=files.upload("证件.jpg", files.jpeg_bytes()), by=zhang_san
    )
    Application.objects.filter(pk=application.pk).update(status="submitted")
    application.refresh_from_db()
    attachment.refresh_from_db()
    return attachment


def test_r22_upload_refused_after_submission(submitted, zhang_san):
    with pytest.raises(MaterialError) as refused:
        services.upload_attachment(
            submitted.application,
            kind=AttachmentKind.OTHER,
            file=files.upload("补充.pdf", files.pdf_bytes()),
            by=zhang_san,
        )

    assert refused.value.rule == "R-22"
    assert "不能再上传" in refused.value.message
    assert Attachment.objects.count() == 1


def test_r22_replace_refused_after_submission(submitted, zhang_san):
    with pytest.raises(MaterialError, match="提交后不能再上传、替换或删除材料"):
        services.replace_attachment(submitted, file=files.upload("新.jpg", files.jpeg_bytes()), by=zhang_san)

    submitted.refresh_from_db()
    assert submitted.is_current


def test_r22_delete_refused_after_submission(submitted, zhang_san):
    with pytest.raises(MaterialError):
        services.delete_attachment(submitted, by=zhang_san)

    assert Attachment.objects.get().is_current


def test_r22_upload_page_shows_the_refusal_and_no_form(zhang_client, submitted, htmx):
    url = reverse("materials:upload", args=[submitted.application_id, AttachmentKind.OTHER])

    response = zhang_client.post(url, {"file": files.upload("补充.pdf", files.pdf_bytes())}, **htmx)

    html = response.content.decode()
    assert "待单位审核" in html
    assert "不能再上传" in html
    assert "<form" not in html
    assert Attachment.objects.count() == 1


def test_r22_a_change_that_raced_the_submission_is_refused(application, zhang_san):
    """The caller still holds the draft, but the row was submitted meanwhile: the locked row decides."""
    Application.objects.filter(pk=application.pk).update(status="submitted")

    with pytest.raises(MaterialError, match="提交后不能再上传"):
        services.upload_attachment(
            application, kind=AttachmentKind.OTHER, file=files.upload("a.pdf", files.pdf_bytes()), by=zhang_san
        )

    assert not Attachment.objects.exists()


def test_returned_application_can_be_changed_again(submitted, zhang_san):
    Application.objects.filter(pk=submitted.application_id).update(status="returned")
    submitted.application.refresh_from_db()

    new = services.replace_attachment(submitted, file=files.upload("新.jpg", files.jpeg_bytes()), by=zhang_san)

    assert new.is_current
