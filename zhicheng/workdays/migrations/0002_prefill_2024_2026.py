"""Pre-fill 2024–2026 from the chinese_calendar library: only the exceptions to Monday–Friday are stored."""

from django.db import migrations

from zhicheng.workdays.library import library_exceptions, library_source

YEARS = (2024, 2025, 2026)


def prefill(apps, schema_editor):
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    SpecialDay = apps.get_model("workdays", "SpecialDay")
    for year in YEARS:
        if CalendarYear.objects.filter(year=year).exists():
            continue
        for day in library_exceptions(year):
            SpecialDay.objects.update_or_create(
                date=day.date, defaults={"is_workday": day.is_workday, "name": day.name}
            )
        CalendarYear.objects.create(year=year, source=library_source(year))


def remove(apps, schema_editor):
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    SpecialDay = apps.get_model("workdays", "SpecialDay")
    for year in YEARS:
        SpecialDay.objects.filter(date__year=year).delete()
        CalendarYear.objects.filter(year=year).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(prefill, remove)]
