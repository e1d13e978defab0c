"""The integrity archive: records run 3 years, are found by ID number, and every change is audited."""

import datetime

import pytest
from django.db import connection

from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.audit.services import history_for
from zhicheng.integrity.models import IntegrityRecord, RecordKind
from zhicheng.integrity.services import RecordError, active_record_for, add_record, record_fraud, revoke_record

ID_NUMBER = "11010519491231002X"
RECORDED = datetime.date(2024, 8, 15)


@pytest.fixture
def officer(db):
    return UserFactory(username="bureau", real_name="市局王科长", role="bureau", is_staff=True)


@pytest.fixture
def fraud(officer):
    return record_fraud(id_number=ID_NUMBER, name="张三", reason="申报材料中论文系伪造", by=officer, on=RECORDED)


def test_r24_fraud_record_runs_three_years_and_is_audited(fraud, officer):
    assert fraud.kind == RecordKind.APPLICANT_FRAUD
    assert fraud.expires_on == datetime.date(2027, 8, 15)
    (event,) = history_for(fraud)
    assert (event.actor, event.action, event.to_state, event.reason) == (
        officer,
        "integrity_record",
        "active",
        "申报材料中论文系伪造",
    )


def test_r14_record_runs_from_its_day_until_the_day_before_expiry(fraud):
    assert active_record_for(ID_NUMBER, RECORDED - datetime.timedelta(days=1)) is None
    assert active_record_for(ID_NUMBER, RECORDED) == fraud
    assert active_record_for(ID_NUMBER, datetime.date(2027, 8, 14)) == fraud
    assert active_record_for(ID_NUMBER, datetime.date(2027, 8, 15)) is None


def test_r14_found_by_id_number_whatever_its_case_and_never_by_another(fraud):
    assert active_record_for(" 11010519491231002x ", RECORDED) == fraud
    assert active_record_for("110101199003077731", RECORDED) is None
    assert active_record_for("", RECORDED) is None


def test_r14_id_number_is_stored_encrypted_and_shown_masked(fraud):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM integrity_integrityrecord WHERE id = %s", [fraud.pk])
        (raw,) = cursor.fetchone()
    assert ID_NUMBER not in raw
    assert fraud.masked_id_number == "110105********002X"


def test_r100_expert_misconduct_is_archived_but_is_not_the_applicant_blacklist(officer):
    record = add_record(
        id_number=ID_NUMBER,
        name="张三",
        kind=RecordKind.EXPERT_MISCONDUCT,
        reason="故意泄露专家身份",
        by=officer,
        on=RECORDED,
    )
    assert active_record_for(ID_NUMBER, RECORDED) is None
    assert active_record_for(ID_NUMBER, RECORDED, kind=RecordKind.EXPERT_MISCONDUCT) == record


def test_record_on_29_february_expires_on_28_february(officer):
    record = record_fraud(id_number=ID_NUMBER, name="张三", reason="剽窃", by=officer, on=datetime.date(2024, 2, 29))
    assert record.expires_on == datetime.date(2027, 2, 28)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": "  "}, "须写明失信事实"),
        ({"id_number": ""}, "须填写当事人的姓名和证件号码"),
        ({"expires_on": RECORDED}, "记录届满日期须晚于记录日期"),
    ],
)
def test_bad_records_are_refused_and_nothing_is_saved(officer, changes, message):
    fields = {"id_number": ID_NUMBER, "name": "张三", "kind": RecordKind.APPLICANT_FRAUD, "reason": "伪造证书"}
    with pytest.raises(RecordError, match=message):
        add_record(**{**fields, **changes}, by=officer, on=RECORDED)
    assert not IntegrityRecord.objects.exists()


def test_r82_revoked_record_no_longer_blocks_and_the_revocation_is_audited(fraud, officer):
    revoke_record(fraud, by=officer, reason="经复查，论文系本人原创")
    assert active_record_for(ID_NUMBER, RECORDED) is None
    assert [e.action for e in history_for(fraud)] == ["integrity_record", "integrity_revoke"]
    with pytest.raises(RecordError, match="已撤销"):
        revoke_record(fraud, by=officer, reason="再次撤销")


def test_revocation_needs_a_reason(fraud, officer):
    with pytest.raises(RecordError, match="撤销理由"):
        revoke_record(fraud, by=officer, reason=" ")
    fraud.refresh_from_db()
    assert not fraud.is_revoked
