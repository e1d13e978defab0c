"""The REST API: same checks as the pages, errors as {errors: [{code, message, rule, field}]}."""

import io

import pytest

from zhicheng.applications.models import Application
from zhicheng.materials.models import Attachment, AttachmentKind
from zhicheng.materials.tests import files
from zhicheng.materials.validation import TYPE_MESSAGE

pytestmark = pytest.mark.django_db


def _collection(application):
    return f"/api/v1/materials/applications/{application.pk}/attachments"


def _post(client, application, data, name="a.jpg", kind=AttachmentKind.ID_DOCUMENT):
    return client.post(_collection(application), {"kind": kind, "file": files.upload(name, data)})


def test_upload_then_list(zhang_client, application):
    created = _post(zhang_client, application, files.jpeg_bytes(), "证件.jpg")

    assert created.status_code == 201
    body = created.json()
    assert body["content_type"] == "image/jpeg"
    assert body["original_name"] == "证件.jpg"
    assert body["thumbnail_url"]
    listed = zhang_client.get(_collection(application)).json()
    assert [a["id"] for a in listed] == [body["id"]]


def test_program_renamed_jpg_gets_a_structured_error(zhang_client, application):
    response = _post(zhang_client, application, files.EXE, "photo.jpg")

    assert response.status_code == 422
    assert response.json() == {
        "errors": [{"code": "unsupported_type", "message": TYPE_MESSAGE, "rule": None, "field": "file"}]
    }
    assert not Attachment.objects.exists()


def test_oversize_stream_is_refused_with_413(zhang_client, application, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    stream = io.BytesIO(b"%PDF-1.7\n" + b"\0" * (2 * 1024 * 1024))
    stream.name = "big.pdf"

    response = zhang_client.post(_collection(application), {"kind": AttachmentKind.OTHER, "file": stream})

    assert response.status_code == 413
    assert response.json()["errors"][0]["message"] == "文件大小不能超过 1 MB"
    assert not Attachment.objects.exists()


def test_replace_and_delete(zhang_client, application):
    first = _post(zhang_client, application, files.jpeg_bytes()).json()

    replaced = zhang_client.post(
        f"/api/v1/materials/attachments/{first['id']}/replace", {"file": files.upload("b.pdf", files.pdf_bytes())}
    )
    assert replaced.status_code == 201
    second = replaced.json()
    assert Attachment.objects.get(pk=first["id"]).replaced_at is not None

    deleted = zhang_client.delete(f"/api/v1/materials/attachments/{second['id']}")
    assert deleted.status_code == 204
    assert zhang_client.get(_collection(application)).json() == []


def test_r22_upload_refused_after_submission_through_the_api(zhang_client, application):
    Application.objects.filter(pk=application.pk).update(status="submitted")

    response = _post(zhang_client, application, files.pdf_bytes(), "a.pdf")

    assert response.status_code == 409
    error = response.json()["errors"][0]
    assert (error["code"], error["rule"]) == ("not_editable", "R-22")


def test_other_applicants_get_404(client, li_si, application, zhang_san):
    client.force_login(zhang_san)
    mine = _post(client, application, files.jpeg_bytes()).json()
    client.force_login(li_si)

    assert client.get(_collection(application)).status_code == 404
    assert _post(client, application, files.jpeg_bytes()).status_code == 404
    assert client.delete(f"/api/v1/materials/attachments/{mine['id']}").json()["errors"][0]["code"] == "not_found"
    assert Attachment.objects.get().is_current


def test_anonymous_gets_401(client, application):
    assert client.get(_collection(application)).status_code == 401
