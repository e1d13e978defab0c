"""R-102: units that fail their review duty are recorded and held responsible; inspections keep their findings."""

import pytest
from django.utils import timezone

from zhicheng.accounts.tests.factories import OrganizationFactory
from zhicheng.audit.services import history_for
from zhicheng.supervision import services as supervision
from zhicheng.supervision.models import DutyFailure, InspectionKind


def test_r102_unit_failing_its_review_duty_is_recorded_with_measure_and_audit(bureau):
    unit = OrganizationFactory(name="北京某科技有限公司")
    failure = supervision.record_duty_failure(
        unit,
        by=bureau,
        facts="对申报人伪造的专利证书未予审核即推荐",
        measure="通报批评，取消本年度推荐资格",
        decision_number="京人社职称〔2026〕40号",
        on=timezone.localdate(),
    )
    assert DutyFailure.objects.get() == failure
    assert [e.action for e in history_for(failure)] == ["duty_failure"]


def test_r102_a_record_without_facts_changes_nothing(bureau):
    with pytest.raises(supervision.SupervisionError):
        supervision.record_duty_failure(
            OrganizationFactory(), by=bureau, facts=" ", measure="通报", decision_number="x", on=timezone.localdate()
        )
    assert not DutyFailure.objects.exists()


def test_r102_retrospective_inspection_keeps_its_findings(bureau, committee):
    inspection = supervision.record_inspection(
        committee.agency,
        by=bureau,
        kind=InspectionKind.RETROSPECTIVE,
        subject="倒查2025年度评审材料",
        findings="3份申报材料审核意见缺失",
        held_on=timezone.localdate(),
    )
    assert inspection.get_kind_display() == "倒查"
    assert [e.action for e in history_for(inspection)] == ["inspection"]
