"""Only the applicant reaches their files; everyone else gets 404, the same as for a missing file."""

import pytest
from django.urls import reverse

from zhicheng.applications.tests.factories import AchievementFactory, ApplicationFactory
from zhicheng.materials import services
from zhicheng.materials.models import Attachment, AttachmentKind
from zhicheng.materials.tests import files
from zhicheng.materials.validation import MaterialError

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(application, zhang_san):
    return services.upload_attachment(
        application,
        kind=AttachmentKind.ID_DOCUMENT,
        file=files.upload("张三 身份证.jpg", files.jpeg_bytes()),
        by=zhang_san,
    )


@pytest.fixture
def li_client(client, li_si):
    client.force_login(li_si)
    return client


@pytest.mark.parametrize("name", ["materials:download", "materials:inline", "materials:thumbnail"])
def test_another_applicants_file_is_404(li_client, photo, name):
    assert li_client.get(reverse(name, args=[photo.pk])).status_code == 404


@pytest.mark.parametrize("name", ["materials:replace", "materials:delete"])
def test_another_applicant_cannot_change_the_file(li_client, photo, name):
    response = li_client.post(reverse(name, args=[photo.pk]), {"file": files.upload("x.jpg", files.jpeg_bytes())})

    assert response.status_code == 404
    assert Attachment.objects.get().is_current


def test_another_applicant_cannot_upload_to_the_application(li_client, application):
    url = reverse("materials:upload", args=[application.pk, AttachmentKind.OTHER])

    response = li_client.post(url, {"file": files.upload("x.jpg", files.jpeg_bytes())})

    assert response.status_code == 404
    assert not Attachment.objects.exists()


def test_missing_file_is_404_too(zhang_client):
    assert zhang_client.get(reverse("materials:download", args=[999999])).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, photo):
    response = client.get(reverse("materials:download", args=[photo.pk]))

    assert response.status_code == 302
    assert "/accounts/login" in response["Location"]


def test_download_names_the_file_and_forbids_sniffing(zhang_client, photo):
    response = zhang_client.get(reverse("materials:download", args=[photo.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        response["Content-Disposition"]
        == "attachment; filename*=utf-8''%E5%BC%A0%E4%B8%89%20%E8%BA%AB%E4%BB%BD%E8%AF%81.jpg"
    )
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")


def test_inline_view_and_thumbnail(zhang_client, photo):
    inline = zhang_client.get(reverse("materials:inline", args=[photo.pk]))
    thumb = zhang_client.get(reverse("materials:thumbnail", args=[photo.pk]))

    assert inline["Content-Disposition"].startswith("inline; ")
    assert thumb["Content-Type"] == "image/jpeg"
    assert thumb["X-Content-Type-Options"] == "nosniff"


def test_pdf_has_no_thumbnail(zhang_client, application, zhang_san):
    pdf = services.upload_attachment(
        application, kind=AttachmentKind.OTHER, file=files.upload("a.pdf", files.pdf_bytes()), by=zhang_san
    )

    assert zhang_client.get(reverse("materials:inline", args=[pdf.pk]))["Content-Type"] == "application/pdf"
    assert zhang_client.get(reverse("materials:thumbnail", args=[pdf.pk])).status_code == 404


def test_service_refuses_someone_other_than_the_applicant(application, li_si):
    with pytest.raises(MaterialError, match="只有申报人本人"):
        services.upload_attachment(
            application, kind=AttachmentKind.OTHER, file=files.upload("a.pdf", files.pdf_bytes()), by=li_si
        )


def test_achievement_of_another_application_is_refused(application, zhang_san, li_si):
    elsewhere = AchievementFactory(application=ApplicationFactory(applicant=li_si))

    with pytest.raises(MaterialError, match="不属于本申报"):
        services.upload_attachment(
            application,
            kind=AttachmentKind.ACHIEVEMENT,
            file=files.upload("a.pdf", files.pdf_bytes()),
            by=zhang_san,
            achievement=elsewhere,
        )


@pytest.mark.parametrize(
    ("kind", "with_achievement", "message"),
    [
        ("selfie", False, "材料类别不正确"),
        ("achievement", False, "须对应一项业绩成果"),
        ("other", True, "只有业绩成果证明"),
    ],
)
def test_kind_and_achievement_must_fit(application, zhang_san, kind, with_achievement, message):
    achievement = AchievementFactory(application=application) if with_achievement else None

    with pytest.raises(MaterialError, match=message):
        services.upload_attachment(
            application, kind=kind, file=files.upload("a.pdf", files.pdf_bytes()), by=zhang_san, achievement=achievement
        )
