"""R-100: the archive is the bureau's pages; the person concerned sees their own record; nobody else sees any."""

import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.applications.tests.factories import PNG_1PX
from zhicheng.audit.services import history_for
from zhicheng.integrity.exports import verify_export
from zhicheng.integrity.models import AppealStatus, IntegrityRecord, RecordKind
from zhicheng.integrity.services import add_record, record_fraud

TODAY = datetime.date.today


@pytest.fixture
def fraud(officer, zhang_san):
    return record_fraud(id_number=zhang_san.id_number, name="张三", reason="伪造业绩证明", by=officer, on=TODAY())


@pytest.fixture
def bureau(client, officer):
    client.force_login(officer)
    return client


def test_r100_bureau_records_an_expert_disqualified_with_evidence_and_decision(bureau, officer):
    response = bureau.post(
        reverse("integrity:new_record"),
        {
            "kind": RecordKind.EXPERT_MISCONDUCT,
            "name": "赵专家",
            "id_number": "110101199003077731",
            "reason": "评审期间私下接触申报人，取消评审专家资格并通报",
            "decision_number": "京人社职称〔2026〕21号",
            "recorded_on": TODAY().isoformat(),
            "evidence": SimpleUploadedFile("通报.png", PNG_1PX),
        },
    )
    record = IntegrityRecord.objects.get()
    assert response.status_code == 302
    assert (record.kind, record.decision_number, record.recorded_by) == (
        RecordKind.EXPERT_MISCONDUCT,
        "京人社职称〔2026〕21号",
        officer,
    )
    assert record.evidence_sha256
    assert bureau.get(reverse("integrity:evidence", args=[record.pk])).status_code == 200


def test_r100_a_record_needs_a_decision_number_and_bad_input_changes_nothing(bureau):
    response = bureau.post(
        reverse("integrity:new_record"),
        {"kind": RecordKind.AGENCY_STAFF, "name": "钱某", "id_number": "110101199003077731", "reason": "泄露评审信息"},
    )
    assert response.status_code == 400
    assert not IntegrityRecord.objects.exists()


def test_r100_search_by_full_id_number_shows_it_masked(bureau, fraud, zhang_san):
    body = bureau.get(reverse("integrity:archive"), {"q": zhang_san.id_number.lower()}).content.decode()
    assert "伪造业绩证明" in body
    assert zhang_san.id_number not in body
    assert fraud.masked_id_number in body
    assert "伪造业绩证明" not in bureau.get(reverse("integrity:archive"), {"q": "李四"}).content.decode()


def test_r100_excel_export_lists_records_with_masked_numbers(bureau, fraud, zhang_san):
    response = bureau.get(reverse("integrity:archive"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:4] == ("张三", fraud.masked_id_number, "申报人弄虚作假（黑名单）", "伪造业绩证明")
    assert zhang_san.id_number not in str(rows)


def test_r100_credit_platform_export_is_signed_and_a_changed_record_breaks_the_signature(bureau, fraud, zhang_san):
    data = json.loads(bureau.get(reverse("integrity:credit_export")).content)
    assert data["format"] == "zhicheng-integrity-v1"
    assert [r["facts"] for r in data["records"]] == ["伪造业绩证明"]
    assert zhang_san.id_number not in json.dumps(data, ensure_ascii=False)
    assert verify_export(data)
    data["records"][0]["expires_on"] = "2026-01-01"  # the attack: shorten the bar in transit
    assert not verify_export(data)


def test_r100_the_person_concerned_sees_their_own_record_and_nobody_elses(client, fraud, zhang_san, li_si):
    client.force_login(zhang_san)
    assert "伪造业绩证明" in client.get(reverse("integrity:mine")).content.decode()
    assert client.get(reverse("integrity:record", args=[fraud.pk])).status_code == 200
    client.force_login(li_si)
    assert "伪造业绩证明" not in client.get(reverse("integrity:mine")).content.decode()
    assert client.get(reverse("integrity:record", args=[fraud.pk])).status_code == 404
    assert client.get(reverse("integrity:evidence", args=[fraud.pk])).status_code == 404


@pytest.mark.parametrize("role", [Role.AGENCY, Role.UNIT_HR, Role.EXPERT, Role.APPLICANT])
def test_r100_only_the_bureau_opens_the_archive(client, fraud, role):
    client.force_login(UserFactory(username=f"u_{role}", role=role))
    assert client.get(reverse("integrity:archive")).status_code == 403
    assert client.get(reverse("integrity:credit_export")).status_code == 403
    assert client.post(reverse("integrity:record", args=[fraud.pk]), {"revoke": "1", "reason": "x"}).status_code == 404


def test_r100_an_upheld_appeal_revokes_the_record(bureau, fraud):
    response = bureau.post(
        reverse("integrity:record", args=[fraud.pk]),
        {"appeal": "经复核业绩证明真实", "appeal_status": AppealStatus.UPHELD},
    )
    assert response.status_code == 302
    fraud.refresh_from_db()
    assert fraud.is_revoked
    assert [e.action for e in history_for(fraud)] == ["integrity_record", "integrity_appeal", "integrity_revoke"]


def test_r100_staff_record_runs_three_years_by_default(officer):
    record = add_record(
        id_number="110101199003077731",
        name="孙某",
        kind=RecordKind.AGENCY_STAFF,
        reason="违规泄露评审专家名单",
        by=officer,
        on=datetime.date(2026, 3, 1),
    )
    assert record.expires_on == datetime.date(2029, 3, 1)
