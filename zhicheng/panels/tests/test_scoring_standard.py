"""The series' evaluation standard (R-66) is data: a default for every series, edited by the bureau in the admin."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.catalog.models import Series
from zhicheng.panels.models import ItemKind, ScoringItem
from zhicheng.panels.standards import add_default_standard

pytestmark = pytest.mark.django_db
migration = importlib.import_module("zhicheng.panels.migrations.0002_default_scoring_standard")


def test_r66_the_migration_gives_every_series_without_items_the_default_standard():
    bare = Series.objects.create(code="health", name="卫生")
    kept = Series.objects.create(code="art", name="艺术")
    ScoringItem.objects.create(series=kept, name="艺术水平", max_points=100)

    migration.add_default_standard(apps, None)

    items = list(bare.scoring_items.order_by("sort_order"))
    assert [i.name for i in items] == ["职业道德", "专业理论水平", "专业技术能力", "业绩成果", "答辩（述职）表现"]
    assert items[0].kind == ItemKind.QUALITATIVE
    assert sum(i.max_points for i in items) == 100
    assert list(kept.scoring_items.values_list("name", flat=True)) == ["艺术水平"]


def test_r66_adding_the_default_standard_twice_adds_nothing():
    series = Series.objects.create(code="health", name="卫生")

    assert (add_default_standard(series), add_default_standard(series)) == (5, 0)


def test_r66_an_item_is_either_pointed_or_graded():
    series = Series.objects.create(code="health", name="卫生")

    with pytest.raises(ValidationError, match="定量项目须填写满分"):
        ScoringItem(series=series, name="业绩", kind=ItemKind.QUANTITATIVE, max_points=0).full_clean()
    with pytest.raises(ValidationError, match="满分填0"):
        ScoringItem(series=series, name="师德", kind=ItemKind.QUALITATIVE, max_points=10).full_clean()


def test_only_the_bureau_edits_standards_in_the_admin(client):
    series = Series.objects.create(code="health", name="卫生")
    add_default_standard(series)
    changelist = reverse("admin:panels_scoringitem_changelist")

    client.force_login(UserFactory(role=Role.BUREAU, is_staff=True))
    assert "专业技术能力" in client.get(changelist).content.decode()
    assert client.get(reverse("admin:panels_scoringitem_add")).status_code == 200

    client.force_login(UserFactory(role=Role.AGENCY, is_staff=True))
    assert client.get(changelist).status_code == 403
