"""Dates beyond the calendar's data get a clear refusal naming the year, never a guess (R-04)."""

import datetime

import pytest

from zhicheng.workdays.models import CalendarYear, SpecialDay
from zhicheng.workdays.services import (
    CalendarDataMissing,
    add_workdays,
    count_workdays,
    is_workday,
    workday_span_end,
)

pytestmark = pytest.mark.django_db

D = datetime.date
MESSAGE = "缺少2027年的工作日历数据，请市人社局先录入国务院公布的2027年节假日安排"


def test_r04_a_2027_date_raises_naming_2027():
    with pytest.raises(CalendarDataMissing) as caught:
        is_workday(D(2027, 1, 4))
    assert str(caught.value) == MESSAGE
    assert caught.value.year == 2027


def test_r04_counting_across_into_2027_raises_instead_of_guessing():
    with pytest.raises(CalendarDataMissing, match="2027年"):
        add_workdays(D(2026, 12, 28), 5)
    with pytest.raises(CalendarDataMissing, match="2027年"):
        workday_span_end(D(2026, 12, 30), 5)
    with pytest.raises(CalendarDataMissing, match="2027年"):
        count_workdays(D(2026, 12, 1), D(2027, 1, 10))


def test_r04_counting_up_to_the_end_of_known_data_still_works():
    assert add_workdays(D(2026, 12, 28), 3) == D(2026, 12, 31)


def test_r04_a_year_before_the_data_is_missing_too():
    with pytest.raises(CalendarDataMissing, match="2023年"):
        is_workday(D(2023, 12, 29))


def test_r04_once_the_bureau_enters_2027_the_calendar_answers():
    CalendarYear.objects.create(year=2027, source="国务院办公厅关于2027年部分节假日安排的通知")
    SpecialDay.objects.create(date=D(2027, 1, 1), is_workday=False, name="元旦")
    assert not is_workday(D(2027, 1, 1))
    assert is_workday(D(2027, 1, 4))
    assert add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)
