"""Replacing a file keeps the old row and file: submitted versions still point at them."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from zhicheng.audit.services import history_for
from zhicheng.materials import services
from zhicheng.materials.models import Attachment, AttachmentKind
from zhicheng.materials.tests import files
from zhicheng.materials.validation import MaterialError

pytestmark = pytest.mark.django_db


@pytest.fixture
def old(application, zhang_san):
    return services.upload_attachment(
        application, kind=AttachmentKind.TITLE_CERT, file=files.upload("旧证书.jpg", files.jpeg_bytes()), by=zhang_san
    )


def test_replace_keeps_the_old_row_and_file(old, zhang_san):
    new = services.replace_attachment(old, file=files.upload("新证书.pdf", files.pdf_bytes()), by=zhang_san)

    old.refresh_from_db()
    assert old.replaced_at is not None
    assert default_storage.exists(old.file.name)
    assert new.kind == AttachmentKind.TITLE_CERT
    assert list(services.current_attachments(old.application)) == [new]
    assert Attachment.objects.count() == 2


def test_replace_is_audited_with_the_file_it_replaces(old, zhang_san):
    new = services.replace_attachment(old, file=files.upload("新.png", files.png_bytes()), by=zhang_san)

    event = history_for(new).get()
    assert event.action == "replace_attachment"
    assert event.data["replaces"] == old.pk
    assert event.data["sha256"] == new.sha256


def test_a_file_already_replaced_cannot_be_replaced_again(old, zhang_san):
    services.replace_attachment(old, file=files.upload("b.png", files.png_bytes()), by=zhang_san)

    with pytest.raises(MaterialError, match="已被替换"):
        services.replace_attachment(old, file=files.upload("c.png", files.png_bytes()), by=zhang_san)


def test_bad_replacement_keeps_the_old_file_current(old, zhang_san):
    with pytest.raises(MaterialError):
        services.replace_attachment(old, file=files.upload("virus.jpg", files.EXE), by=zhang_san)

    old.refresh_from_db()
    assert old.is_current
    assert Attachment.objects.count() == 1


def test_replace_through_the_page(zhang_client, old, htmx):
    response = zhang_client.post(
        reverse("materials:replace", args=[old.pk]), {"file": files.upload("新证书.pdf", files.pdf_bytes())}, **htmx
    )

    html = response.content.decode()
    assert "新证书.pdf" in html
    assert "旧证书.jpg" not in html
    assert "PDF 文件" in html  # PDFs show a label instead of a thumbnail
