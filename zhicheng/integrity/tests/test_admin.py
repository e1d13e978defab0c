"""Bureau staff keep the archive in the admin; nobody else sees it, and records are revoked, never edited."""

import datetime

import pytest
from django.urls import reverse

from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.audit.services import history_for
from zhicheng.integrity.models import IntegrityRecord
from zhicheng.integrity.services import active_record_for, record_fraud

ID_NUMBER = "11010519491231002X"


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def fraud(officer):
    return record_fraud(
        id_number=ID_NUMBER, name="张三", reason="伪造职称证书", by=officer, on=datetime.date(2024, 8, 15)
    )


def test_bureau_officer_adds_a_record_with_the_default_three_years(officer_client, officer):
    response = officer_client.post(
        reverse("admin:integrity_integrityrecord_add"),
        {
            "name": "李四",
            "id_number": "110101199003077731",
            "kind": "applicant_fraud",
            "reason": "代写论文",
            "recorded_on": "2024-09-02",
            "expires_on": "",
        },
    )
    assert response.status_code == 302
    record = IntegrityRecord.objects.get()
    assert (record.name, record.expires_on, record.recorded_by) == ("李四", datetime.date(2027, 9, 2), officer)
    assert active_record_for("110101199003077731", datetime.date(2025, 1, 1)) == record
    assert [e.action for e in history_for(record)] == ["integrity_record"]


def test_list_shows_masked_id_numbers_and_finds_by_full_id_number(officer_client, fraud):
    response = officer_client.get(reverse("admin:integrity_integrityrecord_changelist"), {"q": ID_NUMBER.lower()})
    body = response.content.decode()
    assert "110105********002X" in body
    assert ID_NUMBER not in body
    assert "张三" in body


def test_revoking_in_the_admin_needs_a_reason(officer_client, fraud):
    url = reverse("admin:integrity_integrityrecord_change", args=[fraud.pk])
    response = officer_client.post(url, {"revoke": "on", "revoke_reason": ""})
    assert response.status_code == 200
    assert "撤销记录须写明理由" in response.content.decode()
    fraud.refresh_from_db()
    assert not fraud.is_revoked
    response = officer_client.post(url, {"revoke": "on", "revoke_reason": "投诉查实为误记"})
    assert response.status_code == 302
    fraud.refresh_from_db()
    assert fraud.is_revoked
    assert [e.action for e in history_for(fraud)] == ["integrity_record", "integrity_revoke"]
    assert officer_client.post(url, {"revoke": "on", "revoke_reason": "再次撤销"}).status_code == 403


def test_records_cannot_be_deleted(officer_client, fraud):
    response = officer_client.post(reverse("admin:integrity_integrityrecord_delete", args=[fraud.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert IntegrityRecord.objects.filter(pk=fraud.pk).exists()


@pytest.mark.parametrize("role", ["agency", "unit_hr", "expert"])
def test_other_staff_cannot_see_the_archive(client, fraud, role):
    client.force_login(UserFactory(username=f"staff_{role}", role=role, is_staff=True))
    response = client.get(reverse("admin:integrity_integrityrecord_changelist"))
    assert response.status_code == 403
    assert "张三" not in response.content.decode()
