"""Certificates on STORAGE_BACKEND=s3 (R-90): the signed PDFs are objects in the bucket of a real S3 server
(moto_server), never files on the app host; the holder downloads them through the access-checked view."""

import pytest
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import SignatureCoverageLevel

from .factories import issued, signature_status

pytestmark = pytest.mark.django_db


def test_r90_certificate_pdfs_are_objects_in_the_bucket_and_download_signed(s3_bucket, bureau, client, settings):
    certificate = issued(bureau)

    keys = {item["Key"] for item in s3_bucket.list_objects_v2(Bucket=s3_bucket.bucket)["Contents"]}
    assert {certificate.pdf.name, certificate.notice_pdf.name} <= keys
    assert not settings.MEDIA_ROOT.exists()
    client.force_login(certificate.holder)
    response = client.get(f"/certificates/{certificate.pk}/certificate.pdf")
    assert response.status_code == 200
    stored = s3_bucket.get_object(Bucket=s3_bucket.bucket, Key=certificate.pdf.name)["Body"].read()
    assert response.content == stored
    status = signature_status(response.content)
    assert status.intact
    assert status.valid
    assert status.coverage == SignatureCoverageLevel.ENTIRE_REVISION  # PAdES B-LT: the DSS follows the signature
    assert status.modification_level == ModificationLevel.LTA_UPDATES


def test_r90_another_citizen_cannot_fetch_a_certificate_from_the_bucket(s3_bucket, bureau, client, li_si):
    certificate = issued(bureau)
    client.force_login(li_si)

    assert client.get(f"/certificates/{certificate.pk}/certificate.pdf").status_code == 404
