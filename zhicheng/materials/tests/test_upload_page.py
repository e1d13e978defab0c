"""Uploading through the page: the partial comes back refreshed, errors in Chinese, nothing saved on error."""

import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.urls import reverse

from zhicheng.materials.models import Attachment, AttachmentKind
from zhicheng.materials.tests import files
from zhicheng.materials.validation import TYPE_MESSAGE

pytestmark = pytest.mark.django_db


def _url(application, kind=AttachmentKind.ID_DOCUMENT):
    return reverse("materials:upload", args=[application.pk, kind])


def test_htmx_upload_returns_the_refreshed_list(zhang_client, application, htmx):
    photo = files.upload("身份证.jpg", files.jpeg_bytes(), "image/jpeg")

    response = zhang_client.post(_url(application), {"file": photo}, **htmx)

    assert response.status_code == 200
    html = response.content.decode()
    assert "身份证.jpg" in html
    assert 'class="materials"' in html
    attachment = Attachment.objects.get()
    assert reverse("materials:thumbnail", args=[attachment.pk]) in html
    assert attachment.kind == AttachmentKind.ID_DOCUMENT


def test_upload_without_htmx_goes_back_to_the_page_with_a_message(zhang_client, application):
    pdf = files.upload("学历.pdf", files.pdf_bytes())

    response = zhang_client.post(
        _url(application, AttachmentKind.EDUCATION_CERT), {"file": pdf, "next": "/applications/"}
    )

    assert response["Location"] == "/applications/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["文件已上传"]


def test_next_pointing_elsewhere_is_ignored(zhang_client, application):
    program = files.upload("photo.jpg", files.EXE)

    response = zhang_client.post(_url(application), {"file": program, "next": "https://evil.example/"})

    assert response["Location"] == "/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [TYPE_MESSAGE]


def test_program_renamed_jpg_is_refused_in_the_partial(zhang_client, application, htmx):
    program = files.upload("photo.jpg", files.EXE, "image/jpeg")

    response = zhang_client.post(_url(application), {"file": program}, **htmx)

    assert TYPE_MESSAGE in response.content.decode()
    assert not Attachment.objects.exists()


def test_oversize_upload_is_refused_and_nothing_saved(zhang_client, application, htmx, settings):
    settings.UPLOAD_MAX_BYTES = 300 * 1024
    big = files.upload("big.pdf", b"%PDF-1.4\n" + b"0" * (400 * 1024) + b"\n%%EOF")

    response = zhang_client.post(_url(application), {"file": big}, **htmx)

    assert "文件大小不能超过 0.3 MB" in response.content.decode()
    assert not Attachment.objects.exists()
    assert not (settings.MEDIA_ROOT / "attachments").exists()


def test_twelve_megabyte_stream_stops_at_the_ten_megabyte_limit(zhang_client, application, htmx, settings, monkeypatch):
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    passed_on = []
    original = TemporaryFileUploadHandler.receive_data_chunk

    def counting(self, raw_data, start):
        passed_on.append(start + len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", counting)
    stream = io.BytesIO(b"%PDF-1.7\n" + b"\0" * (12 * 1024 * 1024))
    stream.name = "huge.pdf"

    response = zhang_client.post(_url(application), {"file": stream}, **htmx)

    assert "文件大小不能超过 10 MB" in response.content.decode()
    assert max(passed_on) <= 10 * 1024 * 1024  # the temporary file never grew past the limit
    assert not Attachment.objects.exists()


def test_missing_file_is_asked_for(zhang_client, application, htmx):
    response = zhang_client.post(_url(application), {}, **htmx)

    assert "请选择要上传的文件" in response.content.decode()


def test_achievement_proof_is_listed_under_its_achievement(zhang_client, application, htmx):
    from zhicheng.applications.tests.factories import AchievementFactory

    achievement = AchievementFactory(application=application)
    response = zhang_client.post(
        _url(application, AttachmentKind.ACHIEVEMENT),
        {"file": files.upload("论文.pdf", files.pdf_bytes()), "achievement": str(achievement.pk)},
        **htmx,
    )

    assert achievement.title in response.content.decode()
    assert Attachment.objects.get().achievement == achievement


def test_unknown_kind_is_404(zhang_client, application):
    response = zhang_client.post(reverse("materials:upload", args=[application.pk, "selfie"]), {})

    assert response.status_code == 404


def test_upload_needs_the_csrf_token(zhang_san, application):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(zhang_san)

    response = client.post(_url(application), {"file": files.upload("a.jpg", files.jpeg_bytes())})

    assert response.status_code == 403
    assert not Attachment.objects.exists()
