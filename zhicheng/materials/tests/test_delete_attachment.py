"""Deleting removes a file that no submitted version holds; otherwise the file is kept and only retired."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from zhicheng.applications.models import Application
from zhicheng.audit.services import history_for
from zhicheng.materials import services
from zhicheng.materials.models import Attachment, AttachmentKind
from zhicheng.materials.tests import files

pytestmark = pytest.mark.django_db


def _upload(application, by):
    return services.upload_attachment(
        application, kind=AttachmentKind.OTHER, file=files.upload("其他.jpg", files.jpeg_bytes()), by=by
    )


def test_a_never_submitted_file_is_removed_with_its_files(application, zhang_san, django_capture_on_commit_callbacks):
    attachment = _upload(application, zhang_san)
    names = [attachment.file.name, attachment.thumbnail.name]

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_attachment(attachment, by=zhang_san)

    assert not Attachment.objects.exists()
    assert not any(default_storage.exists(name) for name in names)


def test_a_file_in_a_submitted_version_is_kept_but_no_longer_current(application, zhang_san):
    attachment = _upload(application, zhang_san)
    # The application was submitted once with this file, then returned for changes.
    Application.objects.filter(pk=application.pk).update(
        version_count=1, submitted_at=timezone.now() + datetime.timedelta(seconds=1), status="returned"
    )
    application.refresh_from_db()

    services.delete_attachment(attachment, by=zhang_san)

    attachment.refresh_from_db()
    assert attachment.replaced_at is not None
    assert default_storage.exists(attachment.file.name)
    assert not services.current_attachments(application).exists()


def test_a_file_uploaded_after_the_last_submission_is_removed(application, zhang_san):
    Application.objects.filter(pk=application.pk).update(
        version_count=1, submitted_at=timezone.now() - datetime.timedelta(days=1), status="returned"
    )
    application.refresh_from_db()
    attachment = _upload(application, zhang_san)

    services.delete_attachment(attachment, by=zhang_san)

    assert not Attachment.objects.exists()


def test_delete_is_audited(application, zhang_san):
    attachment = _upload(application, zhang_san)
    pk = attachment.pk

    services.delete_attachment(attachment, by=zhang_san)

    event = history_for(Attachment(pk=pk)).get(action="delete_attachment")
    assert event.data["name"] == "其他.jpg"
    assert event.actor == zhang_san


def test_delete_through_the_page(zhang_client, application, zhang_san, htmx):
    attachment = _upload(application, zhang_san)

    response = zhang_client.post(reverse("materials:delete", args=[attachment.pk]), **htmx)

    assert "尚未上传其他材料" in response.content.decode()
    assert not Attachment.objects.exists()
