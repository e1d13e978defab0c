"""The working-day calendar (R-04): the official exceptions to the Monday–Friday week, entered per year."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


class CalendarYear(models.Model):
    """A year whose holiday schedule has been entered; dates of a year without this row have no answer."""

    year = models.PositiveIntegerField("年度", unique=True)
    source = models.CharField("依据", max_length=200, help_text="例如：国务院办公厅关于2025年部分节假日安排的通知")
    note = models.TextField("备注", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "工作日历年度"
        verbose_name_plural = "工作日历年度"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class SpecialDay(models.Model):
    """A holiday on a weekday (放假) or a make-up working day on a weekend (调休上班)."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否上班", help_text="勾选：周末调休上班；不勾选：工作日放假")
    name = models.CharField("名称", max_length=60, help_text="例如：国庆节、国庆节调休上班")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}（{'上班' if self.is_workday else '放假'}）"

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.date.weekday()]

    def clean(self) -> None:
        if self.date is None or self.is_workday is None:
            return
        if self.is_workday == is_regular_workday(self.date):
            usual = "工作日" if self.is_workday else "休息日"
            raise ValidationError(
                {"is_workday": f"{self.date:%Y-%m-%d}是{self.weekday_name}，本来就是{usual}，无需登记为例外"}
            )


def is_regular_workday(day: datetime.date) -> bool:
    """Monday to Friday, before the exceptions."""
    return day.weekday() < 5
