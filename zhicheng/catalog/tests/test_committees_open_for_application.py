"""Which committees an applicant may pick: in the catalog, filed and unexpired, window open, own district."""

import datetime

import pytest

from zhicheng.catalog.models import Step, Tier
from zhicheng.catalog.selectors import committee_problems, committees_open_for_application
from zhicheng.catalog.tests.factories import (
    CommitteeFactory,
    DistrictFactory,
    PlanFactory,
    SeriesFactory,
    WindowFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
ON = D(2024, 7, 10)


@pytest.fixture
def plan():
    plan = PlanFactory(year=2024)
    WindowFactory(plan=plan, step=Step.APPLY, opens_on=D(2024, 7, 2), closes_on=D(2024, 7, 23))
    return plan


def filed(**kwargs):
    kwargs.setdefault("filed_on", D(2023, 1, 1))
    kwargs.setdefault("expires_on", D(2025, 12, 31))
    return CommitteeFactory(**kwargs)


def open_ids(plan, on=ON, unit_district=None):
    return {c.pk for c in committees_open_for_application(plan, on, unit_district=unit_district)}


def test_r03_a_filed_committee_in_the_catalog_takes_applications(plan):
    committee = filed()
    plan.committees.add(committee)
    assert open_ids(plan) == {committee.pk}
    assert committee_problems(committee, "intermediate", ON, None) == []


def test_r03_expired_committee_takes_no_applications(plan):
    expired = filed(filed_on=D(2021, 7, 1), expires_on=D(2024, 6, 30))
    plan.committees.add(expired)

    assert open_ids(plan) == set()
    assert committee_problems(expired, "intermediate", ON, None) == [
        ("R-03", f"“{expired.name}”的备案已于2024年6月30日到期，不能受理申报")
    ]


def test_r03_unfiled_or_not_yet_filed_committee_takes_no_applications(plan):
    unfiled = filed(filed_on=None, expires_on=None)
    future = filed(filed_on=D(2024, 8, 1), expires_on=D(2027, 7, 31))
    plan.committees.add(unfiled, future)

    assert open_ids(plan) == set()
    assert [rule for rule, _ in committee_problems(unfiled, "intermediate", ON, None)] == ["R-03"]
    assert "未经核准备案" in committee_problems(unfiled, "intermediate", ON, None)[0][1]
    assert "2024年8月1日起生效" in committee_problems(future, "intermediate", ON, None)[0][1]


def test_r03_committee_outside_the_years_catalog_takes_no_applications(plan):
    outsider = filed()
    assert open_ids(plan) == set()
    assert committee_problems(outsider, "intermediate", ON, None) == [
        ("R-03", f"“{outsider.name}”不在2024年度北京市职称评审名录中，不能受理申报")
    ]


def test_r22_window_closed_after_the_last_day(plan):
    committee = filed()
    plan.committees.add(committee)

    assert open_ids(plan, on=D(2024, 7, 23)) == {committee.pk}
    assert open_ids(plan, on=D(2024, 7, 24)) == set()
    assert committee_problems(committee, "intermediate", D(2024, 7, 24), None) == [
        ("R-22", "工程技术系列个人网上申报时间为2024年7月2日至2024年7月23日，当前不在申报时间内")
    ]


def test_r22_window_closed_for_a_series_with_its_own_later_window(plan):
    art = SeriesFactory(code="art", name="艺术", is_engineering=False)
    WindowFactory(plan=plan, series=art, step=Step.APPLY, opens_on=D(2024, 9, 1), closes_on=D(2024, 9, 23))
    engineering_committee = filed()
    art_committee = filed(series=art, name="北京市艺术系列中级评审委员会")
    plan.committees.add(engineering_committee, art_committee)

    assert open_ids(plan, on=ON) == {engineering_committee.pk}
    assert open_ids(plan, on=D(2024, 9, 2)) == {art_committee.pk}
    problems = committee_problems(art_committee, "intermediate", ON, None)
    assert problems == [("R-22", "艺术系列个人网上申报时间为2024年9月1日至2024年9月23日，当前不在申报时间内")]


def test_r22_a_plan_without_an_apply_window_opens_nothing():
    plan = PlanFactory(year=2024)
    committee = filed()
    plan.committees.add(committee)
    assert open_ids(plan) == set()
    assert committee_problems(committee, "intermediate", ON, None) == [
        ("R-22", "2024年度工程技术系列尚未安排个人网上申报时间")
    ]


def test_junior_engineering_is_only_offered_by_the_units_district(plan):
    chaoyang = DistrictFactory()
    haidian = DistrictFactory(code="110108", name="海淀区")
    junior_chaoyang = filed(tier=Tier.JUNIOR, district=chaoyang, name="朝阳区工程技术系列初级评审委员会")
    junior_haidian = filed(tier=Tier.JUNIOR, district=haidian, name="海淀区工程技术系列初级评审委员会")
    intermediate = filed()
    plan.committees.add(junior_chaoyang, junior_haidian, intermediate)

    assert open_ids(plan, unit_district=chaoyang) == {junior_chaoyang.pk, intermediate.pk}
    assert open_ids(plan, unit_district=haidian) == {junior_haidian.pk, intermediate.pk}
    assert open_ids(plan, unit_district=None) == {intermediate.pk}
    assert committee_problems(junior_chaoyang, "assistant", ON, chaoyang) == []
    assert committee_problems(junior_chaoyang, "assistant", ON, haidian) == [
        ("R-01", "工程技术系列初级职称由参保单位所在区评审，请选择海淀区的初级评委会")
    ]
    assert committee_problems(junior_chaoyang, "assistant", ON, None)[0][0] == "R-01"


def test_junior_committees_of_other_series_are_not_tied_to_a_district(plan):
    art = SeriesFactory(code="art", name="艺术", is_engineering=False)
    junior_art = filed(series=art, tier=Tier.JUNIOR, name="北京市艺术系列初级评审委员会")
    plan.committees.add(junior_art)
    assert open_ids(plan, unit_district=DistrictFactory()) == {junior_art.pk}


def test_r60_a_committee_takes_only_the_levels_it_evaluates(plan):
    intermediate = filed()
    senior = filed(tier=Tier.SENIOR, name="北京市工程技术系列高级评审委员会")
    senior_and_lower = filed(tier=Tier.SENIOR, evaluates_lower_levels=True, name="北京市工程技术系列评审委员会")
    plan.committees.add(intermediate, senior, senior_and_lower)

    assert committee_problems(intermediate, "senior_deputy", ON, None) == [
        ("R-60", f"“{intermediate.name}”不评审副高级职称（可评审：中级）")
    ]
    assert committee_problems(senior, "intermediate", ON, None)[0][0] == "R-60"
    assert committee_problems(senior_and_lower, "intermediate", ON, None) == []
    assert committee_problems(senior, "senior_full", ON, None) == []


def test_every_problem_is_reported_at_once():
    plan = PlanFactory(year=2024)
    WindowFactory(plan=plan, step=Step.APPLY, opens_on=D(2024, 9, 1), closes_on=D(2024, 9, 23))
    committee = filed(tier=Tier.JUNIOR, district=DistrictFactory(), expires_on=D(2024, 1, 1))
    rules = [rule for rule, _ in committee_problems(committee, "senior_full", ON, None)]
    assert rules == ["R-03", "R-03", "R-22", "R-60", "R-01"]


def test_r01_no_plan_for_the_year():
    committee = filed()
    assert committee_problems(committee, "intermediate", ON, None)[0] == (
        "R-01",
        "2024年度职称评审工作安排尚未发布，暂不能申报",
    )


def test_listing_committees_is_one_query_however_many(plan, django_assert_num_queries):
    district = DistrictFactory()
    art = SeriesFactory(code="art", name="艺术", is_engineering=False)
    for n in range(6):
        plan.committees.add(filed(series=art if n % 2 else SeriesFactory(), name=f"评委会{n}"))
    plan.committees.add(filed(tier=Tier.JUNIOR, district=district, name="朝阳区初级评委会"))

    with django_assert_num_queries(1):
        committees = list(committees_open_for_application(plan, ON, unit_district=district))
        names = [(c.name, c.series.name, c.agency.name, c.district and c.district.name) for c in committees]
    assert len(names) == 7
