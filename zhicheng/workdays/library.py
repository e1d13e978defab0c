"""Reading a year's official holiday schedule out of the maintained `chinese_calendar` library."""

import datetime
from dataclasses import dataclass

import chinese_calendar

from zhicheng.workdays.models import is_regular_workday

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


class YearNotInLibrary(Exception):
    def __init__(self, year: int) -> None:
        super().__init__(
            f"chinese_calendar {chinese_calendar.__version__} 没有{year}年的节假日数据，"
            f"请在后台按国务院办公厅公布的{year}年节假日安排手工录入"
        )
        self.year = year


@dataclass(frozen=True)
class LibraryDay:
    date: datetime.date
    is_workday: bool
    name: str


def library_source(year: int) -> str:
    return f"国务院办公厅关于{year}年部分节假日安排的通知（由 chinese_calendar {chinese_calendar.__version__} 导入）"


def library_exceptions(year: int) -> list[LibraryDay]:
    """Every day of the year where the library's answer differs from Monday–Friday, with its Chinese name."""
    day = datetime.date(year, 1, 1)
    found = []
    try:
        while day.year == year:
            workday = chinese_calendar.is_workday(day)
            if workday != is_regular_workday(day):
                _, english = chinese_calendar.get_holiday_detail(day)
                holiday = HOLIDAY_NAMES.get(str(english), "节假日")
                found.append(LibraryDay(day, workday, f"{holiday}调休上班" if workday else holiday))
            day += datetime.timedelta(days=1)
    except NotImplementedError as exc:
        raise YearNotInLibrary(year) from exc
    return found
