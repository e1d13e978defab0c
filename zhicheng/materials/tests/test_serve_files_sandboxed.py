"""Served files run nothing: a sandboxing CSP, no sniffing, the stored type, inline or as an attachment."""

import pytest
from django.urls import reverse

from zhicheng.materials import services
from zhicheng.materials.models import AttachmentKind
from zhicheng.materials.tests import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf(application, zhang_san):
    return services.upload_attachment(
        application, kind=AttachmentKind.OTHER, file=files.upload("学历证书.pdf", files.pdf_bytes()), by=zhang_san
    )


@pytest.mark.parametrize("name", ["materials:inline", "materials:download", "materials:thumbnail"])
def test_every_served_file_is_sandboxed_and_not_sniffed(zhang_client, application, zhang_san, name):
    photo = services.upload_attachment(
        application, kind=AttachmentKind.OTHER, file=files.upload("照片.png", files.png_bytes()), by=zhang_san
    )

    response = zhang_client.get(reverse(name, args=[photo.pk]))

    policy = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    assert policy[0] == "sandbox"  # no allow-scripts, allow-same-origin, allow-forms …
    assert "default-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_inline_pdf_is_served_as_pdf_inline_with_its_name(zhang_client, pdf):
    response = zhang_client.get(reverse("materials:inline", args=[pdf.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "inline; filename*=utf-8''%E5%AD%A6%E5%8E%86%E8%AF%81%E4%B9%A6.pdf"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
