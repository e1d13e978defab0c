"""R-101: a suspended agency's committees take no applications and hold no meetings; the reason is shown."""

import datetime

import pytest
from django.utils import timezone

from zhicheng.catalog.selectors import committee_problems
from zhicheng.core.errors import DomainError
from zhicheng.evaluations import services
from zhicheng.evaluations.tests.conftest import BASE_URL
from zhicheng.supervision import services as supervision
from zhicheng.supervision.models import SanctionKind

TODAY = timezone.localdate


@pytest.fixture
def suspension(committee, bureau):
    return supervision.sanction_agency(
        committee.agency,
        by=bureau,
        kind=SanctionKind.SUSPEND,
        reason="评审专家抽取不规范",
        decision_number="京人社职称〔2026〕30号",
        starts_on=TODAY(),
    )


def test_r101_suspended_agencys_committee_takes_no_applications_and_says_why(committee, plan, suspension):
    problems = committee_problems(committee, committee.levels[0], TODAY(), None)
    messages = [m for rule, m in problems if rule == "R-101"]
    assert len(messages) == 1
    assert "评审专家抽取不规范" in messages[0]
    assert "京人社职称〔2026〕30号" in messages[0]


def test_r101_suspended_agency_holds_no_meeting(requested, bureau, suspension):
    with pytest.raises(DomainError, match="暂停受理申报和组织评审"):
        services.draw_experts(requested, by=bureau, base_url=BASE_URL)
    assert not requested.seats.exists()


def test_r101_lifted_suspension_lets_the_committee_work_again(committee, plan, bureau, suspension):
    supervision.lift_sanction(suspension, by=bureau, note="整改到位", on=TODAY())
    problems = committee_problems(committee, committee.levels[0], TODAY(), None)
    assert not [p for p in problems if p[0] == "R-101"]


def test_r101_remedy_order_needs_a_deadline_and_does_not_stop_work(committee, plan, bureau):
    with pytest.raises(supervision.SupervisionError, match="整改期限"):
        supervision.sanction_agency(
            committee.agency,
            by=bureau,
            kind=SanctionKind.REMEDY,
            reason="材料审核不严",
            decision_number="京人社职称〔2026〕31号",
            starts_on=TODAY(),
        )
    supervision.sanction_agency(
        committee.agency,
        by=bureau,
        kind=SanctionKind.REMEDY,
        reason="材料审核不严",
        decision_number="京人社职称〔2026〕31号",
        starts_on=TODAY(),
        remedy_due_on=TODAY() + datetime.timedelta(days=30),
    )
    assert not [p for p in committee_problems(committee, committee.levels[0], TODAY(), None) if p[0] == "R-101"]


def test_r101_withdrawn_authority_cannot_be_lifted_without_a_new_filing(committee, bureau):
    withdrawal = supervision.sanction_agency(
        committee.agency,
        by=bureau,
        kind=SanctionKind.WITHDRAW,
        reason="严重违规",
        decision_number="京人社职称〔2026〕32号",
        starts_on=TODAY(),
    )
    with pytest.raises(supervision.SupervisionError, match="重新核准备案"):
        supervision.lift_sanction(withdrawal, by=bureau, note="已整改", on=TODAY())


def test_r101_only_the_bureau_sanctions(committee, agency):
    with pytest.raises(supervision.SupervisionError):
        supervision.sanction_agency(
            committee.agency, by=agency, kind="suspend", reason="x", decision_number="y", starts_on=TODAY()
        )
