"""The reference data the platform starts with: districts, series with their rule flags, specialties, R-19 table."""

import pytest

from zhicheng.catalog.models import District, Level, QualificationMapping, Series, Specialty
from zhicheng.catalog.seed import load_reference_data

pytestmark = pytest.mark.django_db

SERIES_OF_NOTICE_THREE_ONE = [
    "自然科学研究",
    "哲学社会科学研究",
    "工程技术",
    "农业技术",
    "实验技术",
    "经济",
    "统计",
    "会计",
    "审计",
    "体育",
    "工艺美术",
    "翻译",
    "艺术",
    "播音主持",
    "新闻",
    "出版",
    "文物博物",
    "图书资料",
    "档案",
    "公共法律服务",
]


def _names(**flags: bool) -> set[str]:
    return set(Series.objects.filter(**flags).values_list("name", flat=True))


def test_r01_every_series_of_the_2024_notice_and_all_districts_are_loaded():
    load_reference_data()
    assert set(SERIES_OF_NOTICE_THREE_ONE) <= _names()
    assert District.objects.count() == 17
    assert District.objects.filter(name="北京经济技术开发区").exists()
    assert District.objects.get(code="110108").name == "海淀区"
    assert all(Specialty.objects.filter(series=s).exists() for s in Series.objects.all())
    assert Specialty.objects.filter(series__code="engineering", name="计算机技术").exists()


def test_r15_r16_r18_flags_follow_the_notice():
    load_reference_data()
    assert _names(allows_high_skilled=True) == {
        "工程技术",
        "农业技术",
        "工艺美术",
        "文物博物",
        "实验技术",
        "艺术",
        "体育",
        "技工院校教师",
    }
    assert _names(allows_freelancer=True) == {"艺术", "工艺美术"}
    assert _names(freelancer_needs_association=True) == {"艺术", "工艺美术"}
    assert _names(exam_required_for_deputy_senior=True) == {"经济", "统计", "会计", "审计", "翻译"}
    assert _names(is_engineering=True) == {"工程技术"}


def test_r19_qualifications_map_to_series_and_level():
    load_reference_data()

    def mapped(name: str) -> tuple[str, str]:
        row = QualificationMapping.objects.get(name=name)
        return row.series.name, row.level

    assert mapped("一级建造师") == ("工程技术", Level.INTERMEDIATE)
    assert mapped("二级建造师") == ("工程技术", Level.ASSISTANT)
    assert mapped("注册会计师") == ("会计", Level.INTERMEDIATE)
    assert mapped("一级注册建筑师") == ("工程技术", Level.INTERMEDIATE)
    assert mapped("法律职业资格") == ("公共法律服务", Level.INTERMEDIATE)
    assert mapped("注册咨询工程师（投资）") == ("工程技术", Level.INTERMEDIATE)


def test_loading_twice_changes_nothing():
    load_reference_data()
    counts = [m.objects.count() for m in (District, Series, Specialty, QualificationMapping)]
    load_reference_data()
    assert [m.objects.count() for m in (District, Series, Specialty, QualificationMapping)] == counts
