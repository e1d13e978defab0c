"""Give every existing series the default evaluation standard (a series that already has items keeps them)."""

from django.db import migrations

from zhicheng.panels.standards import DEFAULT_STANDARD


def add_default_standard(apps, schema_editor):
    Series = apps.get_model("catalog", "Series")
    ScoringItem = apps.get_model("panels", "ScoringItem")
    for series in Series.objects.exclude(scoring_items__isnull=False):
        ScoringItem.objects.bulk_create(
            ScoringItem(series=series, name=name, kind=kind, max_points=points, guidance=guidance, sort_order=order)
            for name, kind, points, guidance, order in DEFAULT_STANDARD
        )


def remove_default_standard(apps, schema_editor):
    ScoringItem = apps.get_model("panels", "ScoringItem")
    Score = apps.get_model("panels", "Score")
    names = [row[0] for row in DEFAULT_STANDARD]
    ScoringItem.objects.filter(name__in=names).exclude(pk__in=Score.objects.values("item_id")).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_committee_filed_experts_and_more"),
        ("panels", "0001_initial"),
    ]

    operations = [migrations.RunPython(add_default_standard, remove_default_standard)]
