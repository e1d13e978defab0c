"""R-104: the batch over a year finds what the check at submission finds, for pairs submitted in any order."""

from zhicheng.applications.models import AchievementKind
from zhicheng.catalog.tests.factories import PlanFactory
from zhicheng.comparison import sketches
from zhicheng.comparison.batch import check_year
from zhicheng.comparison.models import Finding, FindingKind
from zhicheng.comparison.services import check_application
from zhicheng.comparison.tests.images import certificate_scan, jpeg
from zhicheng.comparison.tests.test_check_application import PATENT, application_of, image_of


def test_r104_batch_finds_shared_identifiers_similar_titles_and_files_across_years(db):
    old = application_of(1, year=2024, **PATENT)
    same_patent = application_of(2, **PATENT)
    retyped = application_of(3, title="城市轨道交通信号系统故障智能诊断方法研究")
    typo = application_of(4, title="城市轨道交通信号系统故障智能诊段方法研究")
    unrelated = application_of(5, title="装配式混凝土结构节点抗震性能试验研究")
    page = jpeg(certificate_scan(3))
    image_of(retyped, page)
    image_of(unrelated, page)
    for app in (retyped, unrelated):  # files are fingerprinted at submission
        check_application(app)
    Finding.objects.all().delete()

    result = check_year(PlanFactory())

    found = {(f.application_id, f.other_id, f.kind) for f in Finding.objects.exclude(other=None)}
    assert (same_patent.pk, old.pk, FindingKind.SAME_IDENTIFIER) in found
    assert (old.pk, same_patent.pk, FindingKind.SAME_IDENTIFIER) in found
    assert (typo.pk, retyped.pk, FindingKind.SIMILAR_TITLE) in found or (
        retyped.pk,
        typo.pk,
        FindingKind.SIMILAR_TITLE,
    ) in found
    assert (retyped.pk, unrelated.pk, FindingKind.SAME_FILE) in found
    assert not {f for f in found if unrelated.pk in f[:2] and f[2] != FindingKind.SAME_FILE}
    assert result.findings == Finding.objects.count()


def test_r104_batch_leaves_past_years_alone(db):
    application_of(1, year=2023, **PATENT)
    application_of(2, year=2024, **PATENT)

    check_year(PlanFactory())

    assert not Finding.objects.exists()


def test_r104_batch_is_idempotent(db):
    application_of(1, **PATENT)
    application_of(2, kind=AchievementKind.PATENT, title="另一题名的装置", patent_number="ZL202110000001.X")
    check_year(PlanFactory())
    count = Finding.objects.count()

    assert check_year(PlanFactory()).findings == 0
    assert Finding.objects.count() == count > 0


def test_title_bands_are_the_same_one_by_one_and_in_bulk():
    titles = ["城市轨道交通信号系统", "", "a", "基于bim的装配式建筑施工管理研究", "x" * 300]
    bulk = sketches.title_bands(titles)
    for i, title in enumerate(titles):
        assert (sketches.title_bands([title])[0] == bulk[i]).all()
