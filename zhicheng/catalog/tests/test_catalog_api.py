"""The public catalog API: series with specialties, and the committees open for applications this year."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from zhicheng.catalog.models import Step, Tier
from zhicheng.catalog.seed import load_reference_data
from zhicheng.catalog.tests.factories import (
    CommitteeFactory,
    DistrictFactory,
    PlanFactory,
    SeriesFactory,
    WindowFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def july_2024():
    with time_machine.travel(datetime.datetime(2024, 7, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


@pytest.fixture
def plan(july_2024):
    plan = PlanFactory(year=2024)
    WindowFactory(plan=plan, step=Step.APPLY, opens_on=D(2024, 7, 2), closes_on=D(2024, 7, 23))
    WindowFactory(plan=plan, step=Step.UNIT, opens_on=D(2024, 7, 2), closes_on=D(2024, 7, 30))
    return plan


def filed(**kwargs):
    return CommitteeFactory(filed_on=D(2023, 1, 1), expires_on=D(2025, 12, 31), **kwargs)


def test_series_list_is_public_and_carries_specialties(client):
    load_reference_data()
    response = client.get("/api/v1/catalog/series")
    assert response.status_code == 200
    engineering = next(s for s in response.json() if s["code"] == "engineering")
    assert engineering["name"] == "工程技术"
    assert engineering["is_engineering"] is True
    assert {"code": "computer", "name": "计算机技术"} in engineering["specialties"]


def test_districts_are_public(client):
    load_reference_data()
    response = client.get("/api/v1/catalog/districts")
    assert response.status_code == 200
    assert {"code": "110105", "name": "朝阳区"} in response.json()


def test_r03_r22_open_committees_list_agency_levels_and_windows(client, plan):
    committee = filed(tier=Tier.SENIOR, evaluates_lower_levels=True, name="北京市工程技术系列评审委员会")
    expired = filed(name="已过期评委会")
    expired.expires_on = D(2024, 6, 30)
    expired.save()
    plan.committees.add(committee, expired)

    response = client.get("/api/v1/catalog/committees")

    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2024
    [item] = body["committees"]
    assert item["name"] == "北京市工程技术系列评审委员会"
    assert item["agency"]["name"] == committee.agency.name
    assert item["tier_name"] == "高级评委会"
    assert [lv["name"] for lv in item["levels"]] == ["正高级", "副高级", "中级", "助理级", "员级"]
    assert item["windows"] == [
        {"step": "apply", "step_name": "个人网上申报", "opens_on": "2024-07-02", "closes_on": "2024-07-23"},
        {"step": "unit", "step_name": "单位审核推荐", "opens_on": "2024-07-02", "closes_on": "2024-07-30"},
    ]


def test_junior_engineering_committees_follow_the_district_parameter(client, plan):
    chaoyang = DistrictFactory()
    haidian = DistrictFactory(code="110108", name="海淀区")
    plan.committees.add(
        filed(tier=Tier.JUNIOR, district=chaoyang, name="朝阳区工程技术初级评委会"),
        filed(tier=Tier.JUNIOR, district=haidian, name="海淀区工程技术初级评委会"),
    )

    def names(query: str) -> list[str]:
        return [c["name"] for c in client.get("/api/v1/catalog/committees" + query).json()["committees"]]

    assert names("?district=110108") == ["海淀区工程技术初级评委会"]
    assert names("") == []


def test_unknown_district_is_a_structured_error(client, plan):
    response = client.get("/api/v1/catalog/committees?district=999999")
    assert response.status_code == 422
    assert response.json() == {
        "errors": [{"code": "invalid", "message": "未知的行政区代码", "rule": None, "field": "district"}]
    }


def test_no_plan_this_year_lists_nothing(client, july_2024):
    assert client.get("/api/v1/catalog/committees").json() == {"year": None, "committees": []}


def test_listing_does_not_grow_with_the_number_of_committees(client, plan, django_assert_max_num_queries):
    art = SeriesFactory(code="art", name="艺术", is_engineering=False)
    for n in range(8):
        plan.committees.add(filed(series=art if n % 2 else SeriesFactory(), name=f"评委会{n}"))
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/catalog/committees")
    assert len(response.json()["committees"]) == 8
