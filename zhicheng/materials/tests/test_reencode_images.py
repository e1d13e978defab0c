"""Images are decoded and written afresh: no EXIF or metadata, turned upright, with a thumbnail."""

import hashlib
import io

import pikepdf
import pytest
from django.core.files.storage import default_storage
from PIL import Image

from zhicheng.materials import services
from zhicheng.materials.models import AttachmentKind
from zhicheng.materials.tests import files

pytestmark = pytest.mark.django_db


def _stored(attachment, field="file"):
    with default_storage.open(getattr(attachment, field).name, "rb") as handle:
        return handle.read()


def _upload(application, by, name, data):
    return services.upload_attachment(
        application, kind=AttachmentKind.EDUCATION_CERT, file=files.upload(name, data), by=by
    )


def test_exif_is_stripped_from_a_photo(application, zhang_san):
    photo = files.jpeg_bytes(camera="HUAWEI")
    assert Image.open(io.BytesIO(photo)).getexif()  # the phone wrote camera and location

    attachment = _upload(application, zhang_san, "毕业证.jpg", photo)

    data = _stored(attachment)
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "JPEG"
    assert not stored.getexif()
    assert b"HUAWEI" not in data
    assert b"Exif" not in data


def test_exif_orientation_is_applied(application, zhang_san):
    attachment = _upload(application, zhang_san, "sideways.jpg", files.jpeg_bytes((400, 300), orientation=6))

    assert Image.open(io.BytesIO(_stored(attachment))).size == (300, 400)


def test_png_stays_png_without_its_text_chunks(application, zhang_san):
    attachment = _upload(application, zhang_san, "截图.png", files.png_bytes(text="secret author"))

    data = _stored(attachment)
    assert Image.open(io.BytesIO(data)).format == "PNG"
    assert b"secret author" not in data


def test_digest_and_size_are_of_the_stored_bytes(application, zhang_san):
    attachment = _upload(application, zhang_san, "a.jpg", files.jpeg_bytes(camera="Canon"))

    data = _stored(attachment)
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.size == len(data)


def test_pdf_is_rewritten_and_its_digest_is_of_the_stored_bytes(application, zhang_san):
    pdf = files.pdf_bytes()

    attachment = _upload(application, zhang_san, "a.pdf", pdf)

    stored = _stored(attachment)
    assert stored != pdf
    assert stored.startswith(b"%PDF-")
    assert len(pikepdf.open(io.BytesIO(stored)).pages) == 1
    assert attachment.sha256 == hashlib.sha256(stored).hexdigest()


def test_images_get_a_jpeg_thumbnail_of_at_most_240_px(application, zhang_san):
    attachment = _upload(application, zhang_san, "big.png", files.png_bytes((1200, 600)))

    thumb = Image.open(io.BytesIO(_stored(attachment, "thumbnail")))
    assert thumb.format == "JPEG"
    assert thumb.size == (240, 120)


def test_pdfs_get_no_thumbnail(application, zhang_san):
    attachment = _upload(application, zhang_san, "a.pdf", files.pdf_bytes())

    assert not attachment.thumbnail


def test_stored_names_are_random_and_never_the_users(application, zhang_san):
    first = _upload(application, zhang_san, "张三身份证.jpg", files.jpeg_bytes())
    second = _upload(application, zhang_san, "张三身份证.jpg", files.jpeg_bytes())

    assert "身份证" not in first.file.name
    assert first.file.name != second.file.name
