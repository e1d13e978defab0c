"""Working-day arithmetic (R-04, R-05). Every posting period and deadline of the platform is computed here."""

import datetime
from dataclasses import dataclass

from django.db import transaction

from zhicheng.workdays.library import library_exceptions, library_source
from zhicheng.workdays.models import CalendarYear, SpecialDay, is_regular_workday

ONE_DAY = datetime.timedelta(days=1)


class CalendarDataMissing(Exception):
    """The calendar has no entry for the year; the bureau must enter it before anything can be counted."""

    def __init__(self, year: int) -> None:
        super().__init__(f"缺少{year}年的工作日历数据，请市人社局先录入国务院公布的{year}年节假日安排")
        self.year = year


@dataclass(frozen=True)
class WorkCalendar:
    """A snapshot of the calendar data; use one for many computations, or the module functions for one."""

    known_years: frozenset[int]
    exceptions: dict[datetime.date, bool]

    def is_workday(self, day: datetime.date) -> bool:
        if day.year not in self.known_years:
            raise CalendarDataMissing(day.year)
        return self.exceptions.get(day, is_regular_workday(day))

    def add_workdays(self, day: datetime.date, n: int) -> datetime.date:
        """The Nth working day strictly after day (n = 0 gives day itself)."""
        if n < 0:
            raise ValueError("n must not be negative")
        while n > 0:
            day += ONE_DAY
            if self.is_workday(day):
                n -= 1
        return day

    def workday_span_end(self, start: datetime.date, n: int) -> datetime.date:
        """The last day of n whole working days beginning on start (or on the next working day)."""
        if n < 1:
            raise ValueError("n must be at least 1")
        day = start
        counted = 1 if self.is_workday(day) else 0
        while counted < n:
            day += ONE_DAY
            if self.is_workday(day):
                counted += 1
        return day

    def count_workdays(self, start: datetime.date, end: datetime.date) -> int:
        """Working days from start to end, both included."""
        total = 0
        day = start
        while day <= end:
            total += self.is_workday(day)
            day += ONE_DAY
        return total


def work_calendar() -> WorkCalendar:
    """The current calendar data (two small queries; always sees the bureau's latest edits)."""
    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    exceptions = dict(SpecialDay.objects.values_list("date", "is_workday"))
    return WorkCalendar(known_years=years, exceptions=exceptions)


def is_workday(day: datetime.date) -> bool:
    return work_calendar().is_workday(day)


def add_workdays(day: datetime.date, n: int) -> datetime.date:
    """The date that is n working days from day: the nth working day strictly after it."""
    return work_calendar().add_workdays(day, n)


def workday_span_end(start: datetime.date, n: int) -> datetime.date:
    """Last day of a period of n whole working days starting on start (R-05 "不少于n个工作日")."""
    return work_calendar().workday_span_end(start, n)


def count_workdays(start: datetime.date, end: datetime.date) -> int:
    """Working days between start and end, both included."""
    return work_calendar().count_workdays(start, end)


@transaction.atomic
def load_year_from_library(year: int) -> int:
    """Make one year exactly the chinese_calendar schedule; returns the number of exceptions stored."""
    days = library_exceptions(year)
    for day in days:
        SpecialDay.objects.update_or_create(date=day.date, defaults={"is_workday": day.is_workday, "name": day.name})
    stale = SpecialDay.objects.filter(date__year=year).exclude(date__in=[d.date for d in days])
    stale.delete()
    CalendarYear.objects.update_or_create(year=year, defaults={"source": library_source(year)})
    return len(days)
