"""R-100, 第十条, 第四十四条: experts under an integrity record, failing appraisal or lapsed review are not drawn."""

import datetime

import pytest
from django.utils import timezone

from zhicheng.evaluations import services
from zhicheng.evaluations.models import Draw
from zhicheng.evaluations.tests.conftest import BASE_URL
from zhicheng.integrity.models import RecordKind
from zhicheng.integrity.services import add_record
from zhicheng.supervision import services as supervision
from zhicheng.supervision.models import AssessmentKind, AssessmentResult

TODAY = timezone.localdate


@pytest.fixture
def pool(pool):
    """The pool's accounts with ID numbers, as real experts have (the archive finds people by them)."""
    for n, expert in enumerate(pool):
        expert.user.set_id_number("mainland", f"11010819700101{n:03d}X")
        expert.user.save()
    return pool


def drawn_ids(session) -> set[int]:
    return set(session.seats.values_list("expert_id", flat=True))


def test_r100_an_expert_under_record_is_excluded_with_the_reason(requested, bureau, pool):
    barred = pool[:7]  # 12 in the pool, 5 to draw: only the other 5 remain
    for expert in barred:
        add_record(
            id_number=expert.user.id_number,
            name=expert.name,
            kind=RecordKind.EXPERT_MISCONDUCT,
            reason="违反评审纪律，取消评审专家资格",
            by=bureau,
            on=TODAY() - datetime.timedelta(days=30),
        )

    services.draw_experts(requested, by=bureau, base_url=BASE_URL)

    assert drawn_ids(requested) == {e.pk for e in pool[7:]}
    record = Draw.objects.get(session=requested)
    reasons = {e["expert_id"]: e["reason"] for e in record.exclusions}
    assert all("诚信档案记录期内" in reasons[e.pk] for e in barred)


def test_r100_an_expired_or_revoked_record_no_longer_excludes(requested, bureau, pool):
    add_record(
        id_number=pool[0].user.id_number,
        name=pool[0].name,
        kind=RecordKind.EXPERT_MISCONDUCT,
        reason="三年前的记录",
        by=bureau,
        on=TODAY() - datetime.timedelta(days=3 * 366),
        expires_on=TODAY(),
    )
    assert supervision.expert_bars([pool[0].pk], TODAY()) == {}


def test_failed_appraisal_and_lapsed_review_exclude(pool, bureau):
    year = TODAY().year - 1
    supervision.record_assessment(pool[0], by=bureau, kind=AssessmentKind.APPRAISAL, year=year, result="failed")
    supervision.record_assessment(
        pool[1],
        by=bureau,
        kind=AssessmentKind.REVIEW,
        year=year - 3,
        result=AssessmentResult.PASSED,
        valid_until=TODAY() - datetime.timedelta(days=1),
    )
    supervision.record_assessment(pool[2], by=bureau, kind=AssessmentKind.TRAINING, year=year, result="passed")

    bars = supervision.expert_bars([e.pk for e in pool[:3]], TODAY())

    assert bars[pool[0].pk] == f"{year}年度考核不合格"
    assert "定期复核已于" in bars[pool[1].pk]
    assert pool[2].pk not in bars


def test_once_the_years_appraisal_is_closed_experts_not_appraised_are_not_drawn(pool, bureau):
    year = TODAY().year - 1
    supervision.record_assessment(pool[0], by=bureau, kind=AssessmentKind.APPRAISAL, year=year, result="passed")
    supervision.close_appraisal(year, by=bureau)

    bars = supervision.expert_bars([pool[0].pk, pool[1].pk], TODAY())

    assert pool[0].pk not in bars
    assert bars[pool[1].pk] == f"未参加{year}年度考核"


def test_only_the_bureau_records_assessments(pool, agency):
    with pytest.raises(supervision.SupervisionError):
        supervision.record_assessment(pool[0], by=agency, kind=AssessmentKind.APPRAISAL, year=2025, result="passed")
