"""The demo year's catalog: committees, units and windows shaped like the 2024 notice, placed around today."""

import datetime

import pytest
from django.utils import timezone

from zhicheng.accounts.models import Organization, OrgKind, Ownership
from zhicheng.catalog.models import Committee, Fee, Step, Tier
from zhicheng.catalog.selectors import committees_open_for_application, window_for
from zhicheng.demo.identities import CREDIT_ALPHABET, CREDIT_WEIGHTS

pytestmark = pytest.mark.django_db


def credit_code_is_valid(code: str) -> bool:
    if len(code) != 18 or any(c not in CREDIT_ALPHABET for c in code):
        return False
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(code[:17], CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31] == code[17]


def test_plan_is_this_years_notice_with_every_committee_in_its_catalog(demo):
    year = timezone.localdate().year
    assert demo.plan.year == year
    assert demo.plan.title == f"关于开展{year}年度北京市职称评价工作的通知"
    assert set(demo.plan.committees.all()) == set(Committee.objects.all())


def test_at_least_ten_committees_across_senior_intermediate_and_junior_tiers(demo):
    committees = Committee.objects.all()
    assert committees.count() >= 10
    assert {c.tier for c in committees} == set(Tier)
    assert committees.filter(specialty__isnull=False).exists()
    assert committees.filter(specialty__isnull=True).exists()


def test_r03_every_committee_is_filed_for_at_most_three_years_and_valid_today(demo):
    today = timezone.localdate()
    for committee in Committee.objects.all():
        committee.full_clean()
        assert committee.is_filed_on(today), committee.name
        assert committee.agency.kind in {OrgKind.AGENCY, OrgKind.DISTRICT_BUREAU}


def test_junior_engineering_committees_for_three_districts_run_by_their_district_bureau(demo):
    junior = Committee.objects.filter(tier=Tier.JUNIOR, series__is_engineering=True).select_related("agency")
    assert junior.values("district").distinct().count() >= 3
    for committee in junior:
        assert committee.agency.kind == OrgKind.DISTRICT_BUREAU
        assert committee.agency.district_id == committee.district_id


def test_r51_fees_for_every_level_each_committee_evaluates(demo):
    for committee in Committee.objects.all():
        levels = set(Fee.objects.filter(plan=demo.plan, committee=committee).values_list("level", flat=True))
        assert levels == set(committee.levels), committee.name


def test_twenty_units_of_every_ownership_with_districts_and_valid_credit_codes(demo):
    units = Organization.objects.filter(kind=OrgKind.UNIT)
    assert units.count() >= 20
    assert {u.ownership for u in units} == set(Ownership)
    assert units.filter(ownership=Ownership.CENTRAL, needs_entrustment=True).exists()
    assert units.filter(ownership=Ownership.CENTRAL, needs_entrustment=False).exists()
    for unit in Organization.objects.all():
        assert credit_code_is_valid(unit.credit_code), unit.name
    assert not units.filter(district__isnull=True).exists()
    assert Organization.objects.filter(kind=OrgKind.ASSOCIATION, name="北京美术家协会").exists()
    assert Organization.objects.filter(kind=OrgKind.BUREAU).count() == 1
    assert Organization.objects.filter(kind=OrgKind.DISTRICT_BUREAU).count() >= 3


def test_r02_windows_open_today_and_the_later_series_opens_afterwards(demo):
    today = timezone.localdate()
    engineering = Committee.objects.filter(series__code="engineering").first().series
    apply = window_for(demo.plan, engineering, Step.APPLY)
    # Opened five weeks ago, so that the demo's postings, recommendations and lapsed deadlines fit before today.
    assert apply.opens_on == today - datetime.timedelta(days=35)
    assert apply.closes_on == today + datetime.timedelta(days=14)
    for step in (Step.UNIT, Step.AGENCY):
        window = window_for(demo.plan, engineering, step)
        assert window.is_open_on(today)
        assert window.closes_on > apply.closes_on
    economics = Committee.objects.get(series__code="economics").series
    assert window_for(demo.plan, economics, Step.APPLY).opens_on > today


def test_a_newcomer_of_a_chaoyang_unit_can_pick_committees_today(demo):
    chaoyang_unit = Organization.objects.filter(kind=OrgKind.UNIT, district__name="朝阳区").first()
    open_today = committees_open_for_application(demo.plan, timezone.localdate(), unit_district=chaoyang_unit.district)
    names = set(open_today.values_list("name", flat=True))
    assert "北京市朝阳区工程技术系列初级评审委员会" in names
    assert "北京市海淀区工程技术系列初级评审委员会" not in names
    assert "北京市经济系列高级评审委员会" not in names
    assert len(names) >= 10


def test_demo_near_year_end_assumes_weekends_only_for_a_year_without_calendar_data(db):
    from zhicheng.demo.services import DEMO_CALENDAR_SOURCE, assume_calendar_for_demo
    from zhicheng.workdays.models import CalendarYear
    from zhicheng.workdays.services import is_workday

    assume_calendar_for_demo(datetime.date(2026, 12, 20))

    assert CalendarYear.objects.get(year=2027).source == DEMO_CALENDAR_SOURCE
    assert CalendarYear.objects.get(year=2026).source != DEMO_CALENDAR_SOURCE  # official data is left alone
    assert is_workday(datetime.date(2027, 1, 4))
