"""Uploads on STORAGE_BACKEND=s3: the file is an object in a private bucket of a real S3 server (moto_server),
nothing is written to the app host's disk, and downloads still pass the access check."""

import hashlib

import pytest
import requests
from django.core.files.storage import default_storage
from django.urls import reverse

from zhicheng.materials.models import Attachment, AttachmentKind
from zhicheng.materials.tests import files

pytestmark = pytest.mark.django_db


def _keys(s3) -> set[str]:
    return {item["Key"] for item in s3.list_objects_v2(Bucket=s3.bucket).get("Contents", [])}


def _object(s3, key: str) -> bytes:
    return s3.get_object(Bucket=s3.bucket, Key=key)["Body"].read()


@pytest.fixture
def uploaded(s3_bucket, zhang_client, application):
    url = reverse("materials:upload", args=[application.pk, AttachmentKind.ID_DOCUMENT])
    response = zhang_client.post(url, {"file": files.upload("张三 身份证.jpg", files.jpeg_bytes())})
    assert response.status_code == 302
    return Attachment.objects.get()


def test_an_upload_is_an_object_in_the_bucket_with_its_recorded_digest(s3_bucket, uploaded, settings):
    assert _keys(s3_bucket) == {uploaded.file.name, uploaded.thumbnail.name}
    stored = _object(s3_bucket, uploaded.file.name)
    assert hashlib.sha256(stored).hexdigest() == uploaded.sha256
    assert len(stored) == uploaded.size
    assert not settings.MEDIA_ROOT.exists()


def test_the_owner_downloads_the_file_streamed_from_the_bucket(s3_bucket, uploaded, zhang_client):
    response = zhang_client.get(reverse("materials:download", args=[uploaded.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == _object(s3_bucket, uploaded.file.name)


@pytest.mark.parametrize("name", ["materials:download", "materials:inline", "materials:thumbnail"])
def test_another_applicant_gets_404_for_a_file_in_the_bucket(s3_bucket, uploaded, client, li_si, name):
    client.force_login(li_si)

    assert client.get(reverse(name, args=[uploaded.pk])).status_code == 404


def test_the_bucket_is_private_an_unsigned_url_is_refused(s3_bucket, uploaded, moto_endpoint):
    plain = f"{moto_endpoint}/{s3_bucket.bucket}/{uploaded.file.name}"
    signed = default_storage.url(uploaded.file.name)

    assert requests.get(plain, timeout=5).status_code == 403
    assert "X-Amz-Expires=60" in signed
    assert requests.get(signed, timeout=5).content == _object(s3_bucket, uploaded.file.name)


def test_a_refused_upload_leaves_nothing_in_the_bucket(s3_bucket, zhang_client, application):
    url = reverse("materials:upload", args=[application.pk, AttachmentKind.ID_DOCUMENT])

    response = zhang_client.post(url, {"file": files.upload("炸弹.png", files.bomb_png_bytes())})

    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert _keys(s3_bucket) == set()


def test_an_object_missing_from_the_bucket_is_404_not_500(s3_bucket, uploaded, zhang_client):
    s3_bucket.delete_object(Bucket=s3_bucket.bucket, Key=uploaded.file.name)

    assert zhang_client.get(reverse("materials:download", args=[uploaded.pk])).status_code == 404
