"""R-104: at submission each application is compared with every other one of this and past years."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhicheng.accounts.tests.factories import ApplicantFactory
from zhicheng.applications.models import AchievementKind
from zhicheng.applications.tests.factories import AchievementFactory, ApplicationFactory
from zhicheng.catalog.tests.factories import PlanFactory
from zhicheng.comparison.models import Finding, FindingKind, FindingStatus, Fingerprint
from zhicheng.comparison.services import check_application
from zhicheng.comparison.tests.images import certificate_scan, jpeg, rescan
from zhicheng.materials.models import Attachment, AttachmentKind


def full_width(text: str) -> str:
    """The text as typed with a Chinese input method in full-width mode."""
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else "\u3000" if ch == " " else ch for ch in text)


def applicant(n: int):
    return ApplicantFactory(username=f"applicant{n}", real_name=f"申报人{n}", identity=f"11010519800101{n:03d}X")


def application_of(n: int, year: int | None = None, **achievement):
    plan = PlanFactory(year=year) if year else PlanFactory()
    app = ApplicationFactory(applicant=applicant(n), plan=plan, status="submitted")
    if achievement:
        AchievementFactory(application=app, **achievement)
    return app


def image_of(app, content: bytes) -> Attachment:
    return Attachment.objects.create(
        application=app,
        kind=AttachmentKind.ACHIEVEMENT,
        file=ContentFile(content, name="scan.jpg"),
        original_name="扫描件.jpg",
        content_type="image/jpeg",
        size=len(content),
        sha256=__import__("hashlib").sha256(content).hexdigest(),
        uploaded_by=app.applicant,
    )


PATENT = {"kind": AchievementKind.PATENT, "title": "一种桥梁索力监测装置", "patent_number": "ZL202110000001.X"}


def test_r104_the_same_patent_typed_differently_by_two_applicants_is_found_on_both(db):
    first = application_of(1, **PATENT)
    check_application(first)
    second = application_of(
        2, kind=AchievementKind.PATENT, title="一种桥梁索力监测方法", patent_number=full_width("zl 202110000001.x")
    )

    findings = check_application(second)

    same = [f for f in findings if f.kind == FindingKind.SAME_IDENTIFIER]
    assert len(same) == 1
    assert same[0].other_id == first.pk
    assert f"申报{first.number}" in same[0].detail
    mirror = Finding.objects.get(application=first, kind=FindingKind.SAME_IDENTIFIER)
    assert mirror.other_id == second.pk


def test_r104_finding_never_names_the_other_person(db):
    first = application_of(1, **PATENT)
    check_application(first)
    second = application_of(2, **PATENT)

    for finding in check_application(second) + list(Finding.objects.filter(application=first)):
        for person in (first.applicant, second.applicant):
            assert person.real_name not in finding.detail
            assert person.id_number not in finding.detail


@pytest.mark.parametrize(
    ("field", "mine", "theirs"),
    [
        ("doi", "https://doi.org/10.1016/J.ENGSTRUCT.2021.112233", "10.1016/j.engstruct.2021.112233"),
        ("project_number", "Z211100004221 003", "z211100004221003"),
        ("award_number", "2021-KJ-0032", full_width("2021kj0032")),
    ],
)
def test_r104_identifiers_match_after_normalising(db, field, mine, theirs):
    kind = {"doi": "paper", "project_number": "project", "award_number": "award"}[field]
    check_application(application_of(1, kind=kind, title="甲成果题名不同一", **{field: mine}))
    findings = check_application(application_of(2, kind=kind, title="乙成果题名完全不同", **{field: theirs}))
    assert [f.kind for f in findings if f.kind == FindingKind.SAME_IDENTIFIER] == [FindingKind.SAME_IDENTIFIER]


def test_r104_same_journal_and_title_in_full_width_and_other_punctuation_is_found(db):
    check_application(application_of(1, title="基于BIM的装配式建筑施工管理研究", journal_number="ISSN 1000-3428"))
    findings = check_application(
        application_of(
            2, title=full_width("基于bim的 装配式建筑施工管理研究."), journal_number=full_width("issn 1000-3428")
        )
    )
    assert FindingKind.SAME_IDENTIFIER in {f.kind for f in findings}


def test_r104_a_retyped_title_with_a_typo_is_found_as_similar(db):
    check_application(application_of(1, title="城市轨道交通信号系统故障智能诊断方法研究"))
    findings = check_application(application_of(2, title="城市轨道交通信号系统故障智能诊段方法研究"))
    similar = [f for f in findings if f.kind == FindingKind.SIMILAR_TITLE]
    assert len(similar) == 1
    assert 0.7 <= similar[0].score < 1


def test_r104_different_titles_on_the_same_topic_are_not_flagged(db):
    check_application(application_of(1, title="城市轨道交通信号系统故障智能诊断方法研究"))
    findings = check_application(application_of(2, title="城市轨道交通客流预测模型与运营组织优化"))
    assert not [f for f in findings if f.kind in (FindingKind.SIMILAR_TITLE, FindingKind.SAME_IDENTIFIER)]


def test_r104_one_persons_own_earlier_application_is_no_finding(db):
    person = applicant(1)
    earlier = ApplicationFactory(applicant=person, plan=PlanFactory(year=2024), status="failed")
    AchievementFactory(application=earlier, **PATENT)
    check_application(earlier)
    now = ApplicationFactory(applicant=person, plan=PlanFactory(), status="submitted")
    AchievementFactory(application=now, **PATENT)

    assert not [f for f in check_application(now) if f.other_id]


def test_r104_past_years_are_compared_too(db):
    old = application_of(1, year=2023, **PATENT)
    check_application(old)
    findings = check_application(application_of(2, **PATENT))
    assert "2023年度" in next(f.detail for f in findings if f.kind == FindingKind.SAME_IDENTIFIER)


def test_r104_the_same_file_and_a_rescanned_image_are_found(db):
    page = certificate_scan(7)
    first = application_of(1)
    image_of(first, jpeg(page))
    check_application(first)
    second = application_of(2)
    image_of(second, jpeg(page))
    third = application_of(3)
    image_of(third, jpeg(rescan(page, 1), quality=70))
    unrelated = application_of(4)
    image_of(unrelated, jpeg(certificate_scan(8)))

    assert FindingKind.SAME_FILE in {f.kind for f in check_application(second)}
    assert FindingKind.SIMILAR_IMAGE in {f.kind for f in check_application(third)}
    assert not [f for f in check_application(unrelated) if f.other_id]


def test_r104_registry_checks_flag_a_bad_issn_a_fake_journal_and_a_malformed_patent(db):
    app = application_of(1, title="某论文甲", journal_number="ISSN 1000-3429")
    AchievementFactory(application=app, title="某论文乙", journal_number="CN11-9999/N")
    AchievementFactory(application=app, kind=AchievementKind.PATENT, title="某专利", patent_number="ZL2021-1")
    details = [f.detail for f in check_application(app) if f.kind == FindingKind.REGISTRY]
    assert any("校验位不正确" in d for d in details)
    assert any("非法期刊" in d for d in details)
    assert any("专利号“ZL2021-1”格式不正确" in d for d in details)


def test_r104_a_corrected_application_loses_its_open_findings_and_keeps_concluded_ones(db):
    check_application(application_of(1, **PATENT))
    second = application_of(2, **PATENT)
    check_application(second)
    assert Finding.objects.filter(application=second, kind=FindingKind.SAME_IDENTIFIER).exists()
    second.achievements.update(patent_number="ZL202110000002.9", title="完全不同的另一项发明")

    check_application(second)

    assert not Finding.objects.filter(application=second, kind=FindingKind.SAME_IDENTIFIER).exists()
    assert Fingerprint.objects.filter(application=second).exists()


def test_r104_the_check_costs_the_same_queries_whatever_the_number_of_others(db):
    for n in range(1, 4):
        check_application(application_of(n, **PATENT))
    mine = application_of(10, **PATENT)
    with CaptureQueriesContext(connection) as few:
        check_application(mine)
    for n in range(20, 40):
        check_application(application_of(n, **PATENT))
    again = application_of(50, **PATENT)
    with CaptureQueriesContext(connection) as many:
        check_application(again)
    assert len(many) == len(few) <= 12


def test_r104_a_concluded_finding_keeps_its_status_when_checked_again(db, reviewer):
    first = application_of(1, **PATENT)
    check_application(first)
    second = application_of(2, **PATENT)
    finding = next(f for f in check_application(second) if f.kind == FindingKind.SAME_IDENTIFIER)
    Finding.objects.filter(pk=finding.pk).update(status=FindingStatus.EXPLAINED, note="共同发明人")
    check_application(second)
    assert Finding.objects.get(pk=finding.pk).status == FindingStatus.EXPLAINED
    assert datetime.date.today()
