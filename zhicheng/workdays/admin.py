from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from zhicheng.catalog.admin import BureauAdmin
from zhicheng.workdays.models import CalendarYear, SpecialDay


@admin.register(CalendarYear)
class CalendarYearAdmin(BureauAdmin[CalendarYear]):
    list_display = ["year", "source", "special_days", "updated_at"]
    search_fields = ["year", "source", "note"]
    readonly_fields = ["updated_at"]

    @admin.display(description="节假日与调休天数")
    def special_days(self, obj: CalendarYear) -> int:
        return SpecialDay.objects.filter(date__year=obj.year).count()


class YearFilter(admin.SimpleListFilter):
    title = "年度"
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[SpecialDay]) -> list[tuple[str, str]]:
        return [(str(y), f"{y}年") for y in CalendarYear.objects.values_list("year", flat=True)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[SpecialDay]) -> QuerySet[SpecialDay]:
        value = self.value()
        return queryset.filter(date__year=int(value)) if value and value.isdigit() else queryset


@admin.register(SpecialDay)
class SpecialDayAdmin(BureauAdmin[SpecialDay]):
    list_display = ["date", "weekday", "name", "is_workday", "updated_at"]
    list_filter = [YearFilter, "is_workday"]
    search_fields = ["name"]
    date_hierarchy = "date"
    readonly_fields = ["updated_at"]

    @admin.display(description="星期")
    def weekday(self, obj: SpecialDay) -> str:
        return obj.weekday_name
