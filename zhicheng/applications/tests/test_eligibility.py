"""The eligibility engine: each rule refuses what it must and lets the complete application through."""

import datetime

import pytest
from django.utils import timezone

from zhicheng.accounts.models import IdType, Organization, OrgKind, Ownership
from zhicheng.accounts.tests.factories import OrganizationFactory, UserFactory
from zhicheng.applications.eligibility import RELATED_FOR_CHECK, Problem, check_application, check_before_submit
from zhicheng.applications.models import Application, Basis, EducationCheck, EmploymentType
from zhicheng.applications.tests.factories import AchievementFactory, attach, complete_application
from zhicheng.catalog.models import Level, QualificationMapping, Series, Tier
from zhicheng.catalog.tests.factories import CommitteeFactory, SeriesFactory, open_year
from zhicheng.integrity.models import RecordKind, add_years
from zhicheng.integrity.services import add_record, record_fraud, revoke_record
from zhicheng.materials.models import AttachmentKind

TODAY = timezone.localdate


@pytest.fixture
def bureau_officer(db):
    return UserFactory(username="bureau", real_name="市局王科长", role="bureau")


@pytest.fixture
def application(db) -> Application:
    """张三's complete intermediate engineering application, its committee open in this year's plan."""
    app = complete_application()
    open_year(app.committee)
    return app


def problems_of(app: Application) -> list[Problem]:
    app.save()
    return check_application(Application.objects.select_related(*RELATED_FOR_CHECK).get(pk=app.pk), on=TODAY())


def by_rule(app: Application, rule: str) -> list[Problem]:
    return [p for p in problems_of(app) if p.rule == rule]


def senior_application(series: Series | None = None, **kwargs: object) -> Application:
    committee = CommitteeFactory(tier=Tier.SENIOR, series=series or SeriesFactory())
    kwargs.setdefault("current_level", Level.INTERMEDIATE)
    app = complete_application(committee=committee, level=Level.SENIOR_DEPUTY, **kwargs)
    open_year(committee)
    return app


def test_complete_application_meets_every_condition(application):
    assert problems_of(application) == []


def test_submission_reruns_the_same_checks(application):
    application.is_retired = True
    application.save()
    assert check_before_submit(application, on=TODAY()) == check_application(application, on=TODAY())
    assert [p.rule for p in check_before_submit(application, on=TODAY())] == ["R-12"]


# Committee checks come from catalog.selectors.committee_problems and land on the committee/level fields.


def test_r03_expired_committee_is_reported_on_the_committee_field(application):
    application.committee.expires_on = TODAY() - datetime.timedelta(days=1)
    application.committee.save()
    problems = problems_of(application)
    assert {p.field for p in problems} == {"committee"}
    assert "R-03" in {p.rule for p in problems}


def test_r22_closed_window_is_reported_on_the_committee_field(application):
    application.plan.windows.filter(step="apply").update(closes_on=TODAY() - datetime.timedelta(days=1))
    assert [(p.rule, p.field) for p in problems_of(application)] == [("R-22", "committee")]


def test_r60_level_outside_the_committee_is_reported_on_the_level_field(application):
    application.level = Level.SENIOR_DEPUTY
    application.current_level = Level.INTERMEDIATE
    problems = problems_of(application)
    assert [(p.rule, p.field) for p in problems] == [("R-60", "level")]


#


def test_r10_unit_staff_without_a_unit_must_choose_one(application):
    application.unit = None
    assert [(p.field, p.message) for p in by_rule(application, "R-10")] == [
        ("unit", "用人单位在职人员须选择工作单位（参保单位），由单位审核推荐")
    ]


def test_r10_passport_holder_needs_a_work_permit_number(application):
    applicant = application.applicant
    applicant.set_id_number(IdType.PASSPORT, "E12345678")
    applicant.save()
    assert [p.field for p in by_rule(application, "R-10")] == ["applicant"]
    applicant.work_permit_number = "110000202400123"
    applicant.save()
    assert by_rule(application, "R-10") == []


def test_r10_central_unit_staff_upload_the_entrustment_letter(application):
    application.unit = OrganizationFactory(
        name="中国航天科工集团有限公司", ownership=Ownership.CENTRAL, needs_entrustment=True
    )
    application.employment_type = EmploymentType.CENTRAL_UNIT
    problems = by_rule(application, "R-10")
    assert [p.field for p in problems] == ["attachments.entrustment_letter"]
    assert "中国航天科工集团有限公司" in problems[0].message
    attach(application, AttachmentKind.ENTRUSTMENT_LETTER)
    assert by_rule(application, "R-10") == []


#


def test_r11_civil_servants_may_not_apply(application):
    application.is_civil_servant = True
    assert [p.field for p in by_rule(application, "R-11")] == ["is_civil_servant"]
    application.is_civil_servant = False
    assert by_rule(application, "R-11") == []


def test_r12_retired_people_may_not_apply(application):
    application.is_retired = True
    assert [p.field for p in by_rule(application, "R-12")] == ["is_retired"]
    application.is_retired = False
    assert by_rule(application, "R-12") == []


def test_r13_sanction_ending_today_still_blocks_and_names_the_dates(application):
    today = TODAY()
    application.sanction_until = today
    problems = by_rule(application, "R-13")
    assert [p.field for p in problems] == ["sanction_until"]
    tomorrow = today + datetime.timedelta(days=1)
    assert f"{today.year}年{today.month}月{today.day}日" in problems[0].message
    assert f"{tomorrow.year}年{tomorrow.month}月{tomorrow.day}日起方可申报" in problems[0].message


def test_r13_sanction_that_ended_yesterday_no_longer_blocks(application):
    application.sanction_until = TODAY() - datetime.timedelta(days=1)
    assert by_rule(application, "R-13") == []


#


def test_r14_blacklisted_applicant_may_not_apply_until_the_record_expires(application, bureau_officer):
    recorded = TODAY() - datetime.timedelta(days=100)
    record = record_fraud(
        id_number=application.applicant.id_number.lower(),
        name="张三",
        reason="2023年度申报提供虚假论文",
        by=bureau_officer,
        on=recorded,
    )
    problems = by_rule(application, "R-14")
    assert [p.field for p in problems] == ["applicant"]
    expiry = record.expires_on
    assert expiry == recorded.replace(year=recorded.year + 3)
    assert f"{expiry.year}年{expiry.month}月{expiry.day}日起方可申报" in problems[0].message


def test_r14_expired_or_revoked_records_and_other_kinds_do_not_block(application, bureau_officer):
    id_number = application.applicant.id_number
    record_fraud(id_number=id_number, name="张三", reason="旧记录", by=bureau_officer, on=TODAY().replace(year=2019))
    add_record(
        id_number=id_number,
        name="张三",
        kind=RecordKind.EXPERT_MISCONDUCT,
        reason="泄露专家身份",
        by=bureau_officer,
        on=TODAY(),
    )
    wrong = record_fraud(id_number=id_number, name="张三", reason="误记", by=bureau_officer, on=TODAY())
    assert len(by_rule(application, "R-14")) == 1
    revoke_record(wrong, by=bureau_officer, reason="经复查系误记")
    assert by_rule(application, "R-14") == []


#


def test_r15_high_skilled_worker_refused_in_a_series_that_does_not_accept_them(db):
    SeriesFactory()
    SeriesFactory(code="agriculture", name="农业", is_engineering=False, allows_high_skilled=True)
    health = SeriesFactory(code="health", name="卫生", is_engineering=False, allows_high_skilled=False)
    committee = CommitteeFactory(series=health)
    app = complete_application(committee=committee, employment_type=EmploymentType.HIGH_SKILLED)
    open_year(committee)
    problems = by_rule(app, "R-15")
    assert [p.field for p in problems] == ["employment_type"]
    assert problems[0].message.endswith("高技能人才可申报的系列：农业、工程技术")


def test_r15_high_skilled_worker_accepted_in_engineering(application):
    application.employment_type = EmploymentType.HIGH_SKILLED
    assert problems_of(application) == []


#


@pytest.fixture
def art(db) -> Series:
    return SeriesFactory(
        code="art", name="艺术", is_engineering=False, allows_freelancer=True, freelancer_needs_association=True
    )


def freelancer_application(series: Series, **kwargs: object) -> Application:
    committee = CommitteeFactory(series=series)
    app = complete_application(committee=committee, employment_type=EmploymentType.FREELANCER, unit=None, **kwargs)
    open_year(committee)
    return app


def test_r16_freelancers_only_in_series_that_accept_them(application, art):
    application.employment_type = EmploymentType.FREELANCER
    application.beijing_work_since = TODAY().replace(year=TODAY().year - 3)
    problems = by_rule(application, "R-16")
    assert [p.field for p in problems] == ["employment_type"]
    assert "艺术" in problems[0].message


def test_r16_freelancer_needs_one_year_in_beijing(art):
    today = TODAY()
    app = freelancer_application(art, beijing_work_since=today - datetime.timedelta(days=300), position="")
    problems = [p for p in by_rule(app, "R-16") if p.field == "beijing_work_since"]
    assert len(problems) == 1
    assert "满1年" in problems[0].message
    app.beijing_work_since = add_years(today, -1)
    assert [p for p in by_rule(app, "R-16") if p.field == "beijing_work_since"] == []


def test_r16_art_freelancer_needs_an_association_and_its_recommendation(art):
    app = freelancer_application(art, beijing_work_since=datetime.date(2015, 1, 1), position="")
    assert {p.field for p in by_rule(app, "R-16")} == {"association", "attachments.association_recommendation"}
    app.association = Organization.objects.create(kind=OrgKind.ASSOCIATION, name="北京美术家协会")
    attach(app, AttachmentKind.ASSOCIATION_RECOMMENDATION)
    assert problems_of(app) == []


def test_r16_freelancer_in_a_series_without_association_needs_none(db):
    series = SeriesFactory(code="press", name="新闻", is_engineering=False, allows_freelancer=True)
    app = freelancer_application(series, beijing_work_since=datetime.date(2015, 1, 1), position="")
    assert problems_of(app) == []


#


def test_r17_intermediate_without_any_title_or_qualification_is_refused(application):
    application.basis = Basis.NONE
    problems = by_rule(application, "R-17")
    assert [p.field for p in problems] == ["basis"]
    assert "助理级" in problems[0].message


def test_r17_skipping_a_level_is_refused(application):
    application.current_level = Level.JUNIOR
    problems = by_rule(application, "R-17")
    assert [p.field for p in problems] == ["current_level"]
    assert "您现有员级" in problems[0].message


def test_r17_applying_for_the_level_already_held_is_refused(application):
    application.current_level = Level.INTERMEDIATE
    assert [p.field for p in by_rule(application, "R-17")] == ["level"]


def test_r17_assistant_level_needs_no_prior_title(db):
    committee = CommitteeFactory(
        tier=Tier.JUNIOR, series=SeriesFactory(code="economics", name="经济", is_engineering=False)
    )
    app = complete_application(committee=committee, level=Level.ASSISTANT, basis=Basis.NONE, current_level="")
    open_year(committee)
    assert problems_of(app) == []


def test_r17_qualification_one_level_below_counts_as_the_title(application):
    qualification = QualificationMapping.objects.create(
        name="计算机技术与软件专业技术资格（初级）", series=application.committee.series, level=Level.ASSISTANT
    )
    application.basis = Basis.QUALIFICATION
    application.qualification = qualification
    attach(application, AttachmentKind.QUALIFICATION_CERT)
    assert problems_of(application) == []
    qualification.level = Level.INTERMEDIATE
    qualification.save()
    assert [p.field for p in by_rule(application, "R-17")] == ["level"]


def test_r17_exceptional_is_only_for_senior_levels(application):
    application.is_exceptional = True
    application.current_level = Level.JUNIOR
    assert {p.field for p in by_rule(application, "R-17")} == {"is_exceptional", "current_level"}


def test_r17_exceptional_senior_needs_a_reason_and_two_expert_forms(db):
    app = senior_application(is_exceptional=True, current_level=Level.ASSISTANT)
    attach(app, AttachmentKind.EXCEPTIONAL_RECOMMENDATION)
    problems = by_rule(app, "R-17")
    assert [p.field for p in problems] == ["exceptional_reason", "attachments.exceptional_recommendation"]
    assert "已上传1份" in problems[1].message
    app.exceptional_reason = "主持完成国家重大工程关键技术攻关，获国家科技进步二等奖"
    attach(app, AttachmentKind.EXCEPTIONAL_RECOMMENDATION)
    assert problems_of(app) == []


def test_r17_replaced_files_do_not_count(db):
    app = senior_application(is_exceptional=True, current_level=Level.ASSISTANT, exceptional_reason="重大贡献")
    attach(app, AttachmentKind.EXCEPTIONAL_RECOMMENDATION)
    old = attach(app, AttachmentKind.EXCEPTIONAL_RECOMMENDATION)
    assert problems_of(app) == []
    old.replaced_at = timezone.now()
    old.save()
    assert [p.field for p in by_rule(app, "R-17")] == ["attachments.exceptional_recommendation"]


#


def test_r18_deputy_senior_accountant_needs_the_exam(db):
    accounting = SeriesFactory(
        code="accounting", name="会计", is_engineering=False, exam_required_for_deputy_senior=True
    )
    app = senior_application(series=accounting)
    problems = by_rule(app, "R-18")
    assert [p.field for p in problems] == ["exam_certificate_number", "attachments.exam_pass"]
    assert "会计" in problems[0].message
    app.exam_certificate_number = "KJ2023110000123"
    attach(app, AttachmentKind.EXAM_PASS)
    assert problems_of(app) == []


def test_r18_deputy_senior_engineer_needs_no_exam(db):
    assert by_rule(senior_application(), "R-18") == []


#


def test_r19_qualification_basis_needs_the_qualification_and_its_certificate(application):
    application.basis = Basis.QUALIFICATION
    assert {p.field for p in by_rule(application, "R-19")} == {"qualification", "attachments.qualification_cert"}


def test_r19_title_basis_needs_the_date_and_the_certificate(application):
    application.current_obtained_on = None
    application.attachments.filter(kind=AttachmentKind.TITLE_CERT).delete()
    assert {p.field for p in by_rule(application, "R-19")} == {"current_obtained_on", "attachments.title_cert"}


def test_r19_education_fields_are_required(application):
    application.education = ""
    application.school = ""
    application.graduated_on = None
    assert {p.field for p in by_rule(application, "R-19")} == {"education", "school", "graduated_on"}


def test_r19_unconfirmed_education_needs_the_certificate(application):
    application.education_check = EducationCheck.NOT_FOUND
    problems = by_rule(application, "R-19")
    assert [p.field for p in problems] == ["attachments.education_cert"]
    assert "未能通过全国学历信息核验" in problems[0].message
    attach(application, AttachmentKind.EDUCATION_CERT)
    assert problems_of(application) == []


#


def test_r20_missing_personal_data_and_sections_are_each_named(application):
    application.gender = ""
    application.birth_date = None
    application.position = ""
    application.work_summary = "  "
    application.work_history.all().delete()
    application.attachments.filter(kind=AttachmentKind.ID_DOCUMENT).delete()
    assert [p.field for p in by_rule(application, "R-20")] == [
        "gender",
        "birth_date",
        "position",
        "work_summary",
        "work_history",
        "attachments.id_document",
    ]


def test_r20_each_achievement_needs_its_proof(application):
    AchievementFactory(application=application, title="发明专利：一种电子证照核验方法")
    problems = by_rule(application, "R-20")
    assert [p.field for p in problems] == ["achievements"]
    assert "一种电子证照核验方法" in problems[0].message


def test_r20_at_least_one_achievement(application):
    application.attachments.filter(kind=AttachmentKind.ACHIEVEMENT).delete()
    application.achievements.all().delete()
    assert [p.message for p in by_rule(application, "R-20")] == ["请至少填写一项业绩成果"]


def test_r21_signed_pledge_is_required(application):
    application.attachments.filter(kind=AttachmentKind.SIGNED_PLEDGE).delete()
    assert [p.field for p in by_rule(application, "R-21")] == ["attachments.signed_pledge"]


def test_r23_classified_achievement_must_be_declassified(application):
    achievement = application.achievements.get()
    achievement.is_classified = True
    achievement.save()
    problems = by_rule(application, "R-23")
    assert [p.field for p in problems] == ["achievements"]
    assert achievement.title in problems[0].message
    achievement.is_declassified = True
    achievement.save()
    assert by_rule(application, "R-23") == []


# All at once, and cheaply.


def test_hopeless_application_gets_every_problem_at_once(application, bureau_officer):
    record_fraud(
        id_number=application.applicant.id_number, name="张三", reason="伪造证书", by=bureau_officer, on=TODAY()
    )
    application.unit = None
    application.is_civil_servant = True
    application.is_retired = True
    application.sanction_until = TODAY() + datetime.timedelta(days=30)
    application.current_level = Level.JUNIOR
    application.education_check = EducationCheck.NOT_FOUND
    application.gender = ""
    application.attachments.filter(kind=AttachmentKind.SIGNED_PLEDGE).delete()
    achievement = application.achievements.get()
    achievement.is_classified = True
    achievement.save()
    rules = {p.rule for p in problems_of(application)}
    assert rules >= {"R-10", "R-11", "R-12", "R-13", "R-14", "R-17", "R-19", "R-20", "R-21", "R-23"}


def test_the_check_takes_a_handful_of_queries(application, django_assert_max_num_queries):
    for _ in range(3):
        attach(application, AttachmentKind.ACHIEVEMENT, achievement=AchievementFactory(application=application))
    loaded = Application.objects.select_related(*RELATED_FOR_CHECK).get(pk=application.pk)
    with django_assert_max_num_queries(8):  # the eighth: is the committee's agency suspended
        assert check_application(loaded, on=TODAY()) == []
