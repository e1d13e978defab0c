"""The bureau reads the audit trail in the admin; nobody can add, change or delete an event there."""

import pytest
from django.urls import reverse

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.audit import checkpoints
from zhicheng.audit.models import AuditEvent, Checkpoint
from zhicheng.audit.services import record
from zhicheng.catalog.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return record(DistrictFactory(), by=None, action="created", reason="原始原因")


def test_bureau_reads_events_but_cannot_add_change_or_delete(client, event):
    client.force_login(UserFactory(role=Role.BUREAU, is_staff=True))
    listing = client.get(reverse("admin:audit_auditevent_changelist"))
    assert listing.status_code == 200
    assert "catalog.district" in listing.content.decode()

    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.get(reverse("admin:audit_auditevent_change", args=[event.pk])).status_code == 200
    changed = client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"reason": "改写"})
    assert changed.status_code == 403
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).reason == "原始原因"


def test_even_a_superuser_cannot_change_events(client, event):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403


def test_other_staff_cannot_read_the_trail(client, event):
    client.force_login(UserFactory(role=Role.AGENCY, is_staff=True))
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 403


def test_bureau_reads_checkpoints_but_cannot_delete_them(client, event):
    checkpoint = checkpoints.seal()
    client.force_login(UserFactory(role=Role.BUREAU, is_staff=True))
    listing = client.get(reverse("admin:audit_checkpoint_changelist"))
    assert listing.status_code == 200
    assert checkpoint.root_hash[:12] in listing.content.decode()
    deleted = client.post(reverse("admin:audit_checkpoint_delete", args=[checkpoint.pk]), {"post": "yes"})
    assert deleted.status_code == 403
    assert Checkpoint.objects.filter(pk=checkpoint.pk).exists()
