"""Which window applies to a series: its own row, else the plan's default row (R-02)."""

import datetime

import pytest

from zhicheng.catalog.models import Step
from zhicheng.catalog.selectors import current_plan, window_for
from zhicheng.catalog.tests.factories import PlanFactory, SeriesFactory, WindowFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_r02_a_series_window_overrides_the_default():
    plan = PlanFactory(year=2024)
    engineering = SeriesFactory()
    art = SeriesFactory(code="art", name="艺术", is_engineering=False)
    default = WindowFactory(plan=plan, step=Step.APPLY, opens_on=D(2024, 7, 2), closes_on=D(2024, 7, 23))
    own = WindowFactory(plan=plan, series=art, step=Step.APPLY, opens_on=D(2024, 9, 1), closes_on=D(2024, 9, 23))

    assert window_for(plan, art, Step.APPLY) == own
    assert window_for(plan, engineering, Step.APPLY) == default


def test_r02_no_window_for_a_step_gives_none():
    plan = PlanFactory(year=2024)
    WindowFactory(plan=plan, step=Step.APPLY, opens_on=D(2024, 7, 2), closes_on=D(2024, 7, 23))
    assert window_for(plan, SeriesFactory(), Step.UNIT) is None


def test_r01_the_current_plan_is_the_plan_of_the_year():
    plan = PlanFactory(year=2024)
    PlanFactory(year=2025)
    assert current_plan(D(2024, 12, 31)) == plan
    assert current_plan(D(2023, 7, 1)) is None
