"""Is a day a working day? Weekends, official holidays and make-up working days (R-04)."""

import datetime

import chinese_calendar
import pytest

from zhicheng.workdays.models import CalendarYear, SpecialDay
from zhicheng.workdays.services import is_workday

pytestmark = pytest.mark.django_db

D = datetime.date


def test_r04_2024_national_day_is_off_and_its_weekend_make_up_days_are_on():
    assert is_workday(D(2024, 9, 29))  # Sunday, 调休上班
    assert is_workday(D(2024, 10, 12))  # Saturday, 调休上班
    for day in range(1, 8):
        assert not is_workday(D(2024, 10, day))
    assert is_workday(D(2024, 10, 8))


def test_r04_2024_spring_festival_is_off_and_two_sundays_are_on():
    assert is_workday(D(2024, 2, 4))
    assert is_workday(D(2024, 2, 18))
    for day in range(10, 18):
        assert not is_workday(D(2024, 2, day))
    assert is_workday(D(2024, 2, 9))  # 除夕前的周五照常上班


def test_r04_2026_spring_festival_runs_from_the_15th_to_the_23rd():
    assert is_workday(D(2026, 2, 14))  # Saturday, 调休上班
    for day in range(15, 24):
        assert not is_workday(D(2026, 2, day))
    assert is_workday(D(2026, 2, 24))
    assert is_workday(D(2026, 2, 28))  # Saturday, 调休上班


def test_r04_special_days_carry_chinese_names():
    assert SpecialDay.objects.get(date=D(2024, 10, 1)).name == "国庆节"
    assert SpecialDay.objects.get(date=D(2024, 9, 29)).name == "国庆节调休上班"
    assert SpecialDay.objects.get(date=D(2026, 2, 16)).name == "春节"


def test_r04_every_day_of_2024_to_2026_agrees_with_chinese_calendar():
    assert set(CalendarYear.objects.values_list("year", flat=True)) >= {2024, 2025, 2026}
    day = D(2024, 1, 1)
    disagreements = []
    while day <= D(2026, 12, 31):
        if is_workday(day) != chinese_calendar.is_workday(day):
            disagreements.append(day)
        day += datetime.timedelta(days=1)
    assert disagreements == []


def test_r04_only_the_exceptions_are_stored():
    weekday_holidays_and_weekend_workdays = SpecialDay.objects.filter(date__year=2024)
    assert all(d.is_workday == (d.date.weekday() >= 5) for d in weekday_holidays_and_weekend_workdays)
    assert weekday_holidays_and_weekend_workdays.count() == 27


def test_r04_a_bureau_edit_changes_the_answer_at_once():
    assert is_workday(D(2025, 12, 31))
    SpecialDay.objects.create(date=D(2025, 12, 31), is_workday=False, name="临时放假")
    assert not is_workday(D(2025, 12, 31))

    SpecialDay.objects.filter(date=D(2024, 10, 12)).delete()
    assert not is_workday(D(2024, 10, 12))

    SpecialDay.objects.filter(date=D(2024, 10, 7)).update(is_workday=True, name="国庆节调整")
    assert is_workday(D(2024, 10, 7))
