"""The file type is decided by content; names and browser content types are ignored."""

import pytest
from django.core.files.storage import default_storage

from zhicheng.materials import services
from zhicheng.materials.models import Attachment, AttachmentKind
from zhicheng.materials.tests import files
from zhicheng.materials.validation import TYPE_MESSAGE, MaterialError

pytestmark = pytest.mark.django_db


def _upload(application, by, name, data, content_type="application/octet-stream"):
    return services.upload_attachment(
        application, kind=AttachmentKind.ID_DOCUMENT, file=files.upload(name, data, content_type), by=by
    )


@pytest.mark.parametrize(
    ("name", "data", "stored_type"),
    [
        ("身份证正面.jpg", files.jpeg_bytes(), "image/jpeg"),
        ("scan.png", files.png_bytes(), "image/png"),
        ("学历证书.pdf", files.pdf_bytes(), "application/pdf"),
    ],
)
def test_jpeg_png_and_pdf_are_accepted(application, zhang_san, name, data, stored_type):
    attachment = _upload(application, zhang_san, name, data)

    assert attachment.content_type == stored_type
    assert attachment.original_name == name
    assert attachment.is_current
    assert default_storage.exists(attachment.file.name)


def test_type_comes_from_content_not_from_the_name(application, zhang_san):
    attachment = _upload(application, zhang_san, "photo.pdf", files.png_bytes(), "application/pdf")

    assert attachment.content_type == "image/png"
    assert attachment.original_name == "photo.png"


@pytest.mark.parametrize(
    ("name", "data", "browser_type"),
    [
        ("photo.jpg", files.EXE, "image/jpeg"),
        ("a.pdf", "这是一段文字，不是PDF。".encode(), "application/pdf"),
        ("page.png", b"<html><script>alert(1)</script></html>", "image/png"),
        ("pic.gif", b"GIF89a\x01\x00\x01\x00", "image/gif"),
    ],
)
def test_anything_else_is_refused_and_nothing_is_saved(application, zhang_san, name, data, browser_type):
    with pytest.raises(MaterialError) as refused:
        _upload(application, zhang_san, name, data, browser_type)

    assert refused.value.message == TYPE_MESSAGE
    assert not Attachment.objects.exists()
    assert not default_storage.exists("attachments")


def test_empty_file_is_refused(application, zhang_san):
    with pytest.raises(MaterialError, match="文件为空"):
        _upload(application, zhang_san, "empty.jpg", b"")


def test_file_over_the_limit_is_refused_with_the_limit_in_mb(application, zhang_san, settings):
    settings.UPLOAD_MAX_BYTES = 2 * 1024 * 1024

    with pytest.raises(MaterialError, match="文件大小不能超过 2 MB"):
        _upload(application, zhang_san, "big.pdf", b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024) + b"\n%%EOF")

    assert not Attachment.objects.exists()


def test_truncated_pdf_is_refused(application, zhang_san):
    with pytest.raises(MaterialError, match="PDF 文件不完整或已损坏"):
        _upload(application, zhang_san, "cut.pdf", files.pdf_bytes()[:-300])


def test_password_protected_pdf_is_refused(application, zhang_san):
    with pytest.raises(MaterialError, match="已加密"):
        _upload(application, zhang_san, "locked.pdf", files.encrypted_pdf_bytes())


def test_image_that_does_not_decode_is_refused(application, zhang_san):
    broken = files.jpeg_bytes()[:200]

    with pytest.raises(MaterialError, match="图片文件已损坏或无法识别"):
        _upload(application, zhang_san, "broken.jpg", broken)

    assert not Attachment.objects.exists()


def test_decompression_bomb_is_refused_before_decoding(application, zhang_san):
    with pytest.raises(MaterialError, match="图片像素过大"):
        _upload(application, zhang_san, "bomb.png", files.bomb_png_bytes())


def test_folders_and_control_characters_are_dropped_from_the_name(application, zhang_san):
    attachment = _upload(application, zhang_san, "..\\..\\etc/证\x00书\n.JPEG", files.jpeg_bytes())

    assert attachment.original_name == "证书.JPEG"
