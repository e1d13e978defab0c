"""manage.py load_calendar_year fills a year from chinese_calendar, and refuses what it cannot do."""

import datetime

import chinese_calendar
import pytest
from django.core.management import CommandError, call_command

from zhicheng.workdays.models import CalendarYear, SpecialDay
from zhicheng.workdays.services import is_workday

pytestmark = pytest.mark.django_db


def test_fills_a_missing_year_from_the_library():
    SpecialDay.objects.filter(date__year=2025).delete()
    CalendarYear.objects.filter(year=2025).delete()

    call_command("load_calendar_year", "2025")

    assert CalendarYear.objects.filter(year=2025).exists()
    assert not is_workday(datetime.date(2025, 1, 28))
    assert is_workday(datetime.date(2025, 1, 26))
    assert SpecialDay.objects.filter(date__year=2025).count() == 23


def test_refuses_to_overwrite_a_year_already_entered():
    SpecialDay.objects.create(date=datetime.date(2025, 12, 31), is_workday=False, name="临时放假")
    with pytest.raises(CommandError, match="已存在"):
        call_command("load_calendar_year", "2025")
    assert not is_workday(datetime.date(2025, 12, 31))


def test_replace_restores_the_library_schedule():
    SpecialDay.objects.create(date=datetime.date(2025, 12, 31), is_workday=False, name="临时放假")
    call_command("load_calendar_year", "2025", "--replace")
    assert is_workday(datetime.date(2025, 12, 31))


def test_refuses_a_year_the_library_does_not_have():
    with pytest.raises(CommandError, match="没有2099年的节假日数据"):
        call_command("load_calendar_year", "2099")
    assert not CalendarYear.objects.filter(year=2099).exists()


def test_library_still_has_no_2027_so_the_bureau_must_enter_it():
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(datetime.date(2027, 1, 4))
