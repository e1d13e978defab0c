"""Who may apply (R-10…R-23): one call returns every unmet condition at once, with rule, field and message.

It runs live while the applicant fills in the form and again at submission, so it stays cheap: the
application's own row (load it with RELATED_FOR_CHECK), one query each for attachments, work history,
achievements and the integrity archive, plus the committee checks of catalog.selectors.
"""

import datetime
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Count, Q

from zhicheng.accounts.models import IdType
from zhicheng.applications.models import Application, Basis, EducationCheck, EmploymentType
from zhicheng.catalog.models import LEVEL_RANK, SENIOR_LEVELS, Level, Series, level_below
from zhicheng.catalog.selectors import cn_date, committee_problems
from zhicheng.integrity.models import add_years
from zhicheng.integrity.services import active_record_for
from zhicheng.materials.models import Attachment, AttachmentKind

# select_related() paths that make check_application() touch no other row of these tables.
RELATED_FOR_CHECK = ("applicant", "committee__series", "unit__district", "association", "qualification")

NEEDS_UNIT = frozenset({EmploymentType.UNIT_STAFF, EmploymentType.HIGH_SKILLED, EmploymentType.CENTRAL_UNIT})
MIN_EXCEPTIONAL_RECOMMENDATIONS = 2


@dataclass(frozen=True)
class Problem:
    rule: str
    field: str
    message: str


@dataclass(frozen=True)
class _Materials:
    """What the application has beyond its own row: current attachments per kind, work history, achievements."""

    attachments: Counter[str]
    has_work_history: bool
    achievements: list[tuple[str, bool, bool, int]]  # title, is_classified, is_declassified, current files

    def count(self, kind: AttachmentKind) -> int:
        return self.attachments[kind.value]

    @classmethod
    def load(cls, application: Application) -> "_Materials":
        if application.pk is None:
            return cls(Counter(), False, [])
        rows = (
            Attachment.objects.filter(application=application, replaced_at__isnull=True)
            .order_by()
            .values_list("kind")
            .annotate(n=Count("id"))
        )
        current_proofs = Count(
            "attachments",
            filter=Q(attachments__kind=AttachmentKind.ACHIEVEMENT, attachments__replaced_at__isnull=True),
        )
        achievements = application.achievements.annotate(files=current_proofs).values_list(
            "title", "is_classified", "is_declassified", "files"
        )
        return cls(
            attachments=Counter(dict(rows)),
            has_work_history=application.work_history.exists(),
            achievements=list(achievements),
        )


def check_application(application: Application, *, on: datetime.date) -> list[Problem]:
    """Every condition the application does not meet on `on`; an empty list means it may be submitted."""
    materials = _Materials.load(application)
    return [problem for check in CHECKS for problem in check(application, materials, on)]


def check_before_submit(application: Application, *, on: datetime.date) -> list[Problem]:
    """Submission re-runs every check: the form may have changed since the last live check (R-22)."""
    return check_application(application, on=on)


def _file(kind: AttachmentKind) -> str:
    return f"attachments.{kind.value}"


def _level_label(level: str) -> str:
    return Level(level).label


def _series_names(**flags: bool) -> str:
    names = list(Series.objects.filter(**flags).values_list("name", flat=True))
    return "、".join(names) if names else "（暂无）"


Check = Callable[[Application, _Materials, datetime.date], Iterator[Problem]]


def _committee(application: Application, materials: _Materials, on: datetime.date) -> Iterator[Problem]:
    """The chosen committee is filed, in the year's catalog, open for applications and evaluates this level."""
    unit = application.unit
    district = unit.district if unit is not None else None
    for rule, message in committee_problems(application.committee, application.level, on, district):
        yield Problem(rule, "level" if rule == "R-60" else "committee", message)


def _labour_relation(application: Application, materials: _Materials, on: datetime.date) -> Iterator[Problem]:
    """R-10: a labour relation with a Beijing unit; foreigners on a passport hold a work permit."""
    if application.employment_type in NEEDS_UNIT and application.unit is None:
        label = EmploymentType(application.employment_type).label
        yield Problem("R-10", "unit", f"{label}须选择工作单位（参保单位），由单位审核推荐")
    applicant = application.applicant
    if applicant.id_type == IdType.PASSPORT and not applicant.work_permit_number:
        yield Problem("R-10", "applicant", "持外国护照申报须持有外国人来华工作许可证：请在账户信息中填写工作许可证号")
    unit = application.unit
    if (
        application.employment_type == EmploymentType.CENTRAL_UNIT
        and unit is not None
        and unit.needs_entrustment
        and not materials.count(AttachmentKind.ENTRUSTMENT_LETTER)
    ):
        yield Problem(
            "R-10",
            _file(AttachmentKind.ENTRUSTMENT_LETTER),
            f"“{unit.name}”为中央在京单位，须上传其人事部门出具的职称评审委托函",
        )


def _in_service(application: Application, materials: _Materials, on: datetime.date) -> Iterator[Problem]:
    """R-11 civil servants, R-12 retired people and R-13 people under sanction may not apply."""
    if application.is_civil_servant:
        yield Problem("R-11", "is_civil_servant", "公务员（含参照公务员法管理人员）不能申报职称评审")
    if application.is_retired:
        yield Problem("R-12", "is_retired", "离退休人员不能申报职称评审，申报人须为在职专业技术人才")
    until = application.sanction_until
    if until is not None and until >= on:
        yield Problem(
            "R-13",
            "sanction_until",
            f"受处分或从业限制期间不能申报：期限至{cn_date(until)}，"
            f"{cn_date(until + datetime.timedelta(days=1))}起方可申报",
        )


def _integrity(application: Application, materials: _Materials, on: datetime.date) -> Iterator[Problem]:
    """R-14: nobody on the integrity blacklist applies while the record runs."""
    record = active_record_for(application.applicant.id_number, on)
    if record is not None:
        yield Problem(
            "R-14",
            "applicant",
            f"您在职称评审诚信档案中有失信记录（{cn_date(record.recorded_on)}记入，事由：{record.reason}），"
            f"记录期至{cn_date(record.expires_on - datetime.timedelta(days=1))}，记录期内不能申报；"
            f"{cn_date(record.expires_on)}起方可申报。如有异议，请联系北京市人力资源和社会保障局",
        )


def _employment(application: Application, materials: _Materials, on: datetime.date) -> Iterator[Problem]:
    """R-15 high-skilled workers and R-16 freelancers only in the series that accept them."""
    series = application.committee.series
    if application.employment_type == EmploymentType.HIGH_SKILLED and not series.allows_high_skilled:
        yield Problem(
            "R-15",
            "employment_type",
            f"“{series.name}”系列不接受高技能人才申报；高技能人才可申报的系列："
            f"{_series_names(allows_high_skilled=True)}",
        )
    if application.employment_type != EmploymentType.FREELANCER:
        return
    if not series.allows_freelancer:
        yield Problem(
            "R-16",
            "employment_type",
            f"“{series.name}”系列不接受自由职业者申报；自由职业者可申报的系列：{_series_names(allows_freelancer=True)}",
        )
    since = application.beijing_work_since
    if since is None:
        yield Problem("R-16", "beijing_work_since", "自由职业者须填写在京从业起始日期（须满1年）")
    elif add_years(since, 1) > on:
        yield Problem(
            "R-16",
            "beijing_work_since",
            f"自由职业者须在京从业满1年：自{cn_date(since)}起算，{cn_date(add_years(since, 1))}方满1年",
        )
    if series.freelancer_needs_association:
        if application.association is None:
            yield Problem(
                "R-16", "association", f"“{series.name}”系列的自由职业者须由行业协会/学会推荐：请选择推荐协会"
            )
        if not materials.count(AttachmentKind.ASSOCIATION_RECOMMENDATION):
            yield Problem("R-16", _file(AttachmentKind.ASSOCIATION_RECOMMENDATION), "请上传协会/学会出具的推荐材料")


def _held_level(application: Application) -> str | None:
    """The level the applicant holds: the current title, or the level its qualification counts as (R-19)."""
    if application.basis == Basis.TITLE and application.current_level:
        return application.current_level
    if application.basis == Basis.QUALIFICATION and application.qualification is not None:
        return application.qualification.level
    return None


def _level_by_level(application: Application, materials: _Materials, on: datetime.date) -> Iterator[Problem]:
    """R-17: one level above the title held, unless an exceptional senior application with two recommendations."""
    level = application.level
    if level not in Level.values:
        yield Problem("R-17", "level", "请选择申报级别")
        return
    exceptional = application.is_exceptional and level in SENIOR_LEVELS
    if application.is_exceptional and not exceptional:
        yield Problem(
            "R-17", "is_exceptional", f"破格申报仅适用于副高级、正高级职称，申报{_level_label(level)}须逐级申报"
        )
    held = _held_level(application)
    if held is not None and LEVEL_RANK[Level(held)] >= LEVEL_RANK[Level(level)]:
        yield Problem("R-17", "level", f"您已取得{_level_label(held)}职称（或对应资格），不能申报同级或更低级别")
    below = level_below(level)
    if below is not None and LEVEL_RANK[Level(level)] >= LEVEL_RANK[Level.INTERMEDIATE] and not exceptional:
        hint = "；符合破格条件的可选择破格申报" if level in SENIOR_LEVELS else ""
        if application.basis == Basis.NONE:
            yield Problem(
                "R-17",
                "basis",
                f"逐级申报：申报{_level_label(level)}须已取得{_level_label(below)}职称或对应的职业资格{hint}",
            )
        elif held is not None and LEVEL_RANK[Level(held)] < LEVEL_RANK[Level(below)]:
            yield Problem(
                "R-17",
                "current_level" if application.basis == Basis.TITLE else "qualification",
                f"逐级申报：申报{_level_label(level)}须已取得{_level_label(below)}职称或对应的职业资格，"
                f"您现有{_level_label(held)}{hint}",
            )
    if exceptional:
        if not application.exceptional_reason.strip():
            yield Problem("R-17", "exceptional_reason", "破格申报须填写破格理由")
        uploaded = materials.count(AttachmentKind.EXCEPTIONAL_RECOMMENDATION)
        if uploaded < MIN_EXCEPTIONAL_RECOMMENDATIONS:
            yield Problem(
                "R-17",
                _file(AttachmentKind.EXCEPTIONAL_RECOMMENDATION),
                f"破格申报须上传至少{MIN_EXCEPTIONAL_RECOMMENDATIONS}名正高级职称专家填写的"
                f"《高级职称破格申报推荐表》，已上传{uploaded}份",
            )


def _exam(application: Application, materials: _Materials, on: datetime.date) -> Iterator[Problem]:
    """R-18: deputy-senior in the exam-and-evaluation series needs the national exam passed first."""
    series = application.committee.series
    if not (series.exam_required_for_deputy_senior and application.level == Level.SENIOR_DEPUTY):
        return
    if not application.exam_certificate_number.strip():
        yield Problem(
            "R-18",
            "exam_certificate_number",
            f"“{series.name}”系列副高级实行考评结合，须先通过全国统一考试：请填写考试合格证明编号",
        )
    if not materials.count(AttachmentKind.EXAM_PASS):
        yield Problem("R-18", _file(AttachmentKind.EXAM_PASS), "请上传考试合格证明")


def _basis_and_education(application: Application, materials: _Materials, on: datetime.date) -> Iterator[Problem]:
    """R-19: the title or qualification claimed and the education, each with its proof."""
    if application.basis == Basis.QUALIFICATION:
        if application.qualification is None:
            yield Problem("R-19", "qualification", "请按职业资格与职称对应关系表选择所持职业资格")
        if not materials.count(AttachmentKind.QUALIFICATION_CERT):
            yield Problem("R-19", _file(AttachmentKind.QUALIFICATION_CERT), "请上传职业资格证书")
    elif application.basis == Basis.TITLE:
        if not application.current_level:
            yield Problem("R-19", "current_level", "请填写现有职称级别")
        if application.current_obtained_on is None:
            yield Problem("R-19", "current_obtained_on", "请填写现有职称取得时间")
        if not materials.count(AttachmentKind.TITLE_CERT):
            yield Problem("R-19", _file(AttachmentKind.TITLE_CERT), "请上传现有职称证书")
    if not application.education:
        yield Problem("R-19", "education", "请填写最高学历")
    if not application.school.strip():
        yield Problem("R-19", "school", "请填写毕业院校")
    if application.graduated_on is None:
        yield Problem("R-19", "graduated_on", "请填写毕业时间")
    if application.education_check != EducationCheck.CONFIRMED and not materials.count(AttachmentKind.EDUCATION_CERT):
        if application.education_check == EducationCheck.NOT_FOUND:
            message = "学历未能通过全国学历信息核验：请核对学历证书编号后重新核验，或上传学历学位证书，由评审机构核验"
        else:
            message = "学历尚未核验：请填写学历证书编号进行核验，或上传学历学位证书"
        yield Problem("R-19", _file(AttachmentKind.EDUCATION_CERT), message)


def _completeness(application: Application, materials: _Materials, on: datetime.date) -> Iterator[Problem]:
    """R-20 the form is complete, R-21 the signed pledge is uploaded, R-23 classified material is declassified."""
    if not application.gender:
        yield Problem("R-20", "gender", "请填写性别")
    if application.birth_date is None:
        yield Problem("R-20", "birth_date", "请填写出生日期")
    if application.employment_type != EmploymentType.FREELANCER and not application.position.strip():
        yield Problem("R-20", "position", "请填写现任职务或岗位")
    if not application.work_summary.strip():
        yield Problem("R-20", "work_summary", "请填写专业技术工作总结")
    if not materials.has_work_history:
        yield Problem("R-20", "work_history", "请至少填写一段工作经历")
    if not materials.achievements:
        yield Problem("R-20", "achievements", "请至少填写一项业绩成果")
    for title, is_classified, is_declassified, files in materials.achievements:
        if not files:
            yield Problem("R-20", "achievements", f"业绩成果“{title}”尚未上传证明材料")
        if is_classified and not is_declassified:
            yield Problem("R-23", "achievements", f"业绩成果“{title}”为涉密材料，须经脱密处理后方可用于申报")
    if not materials.count(AttachmentKind.ID_DOCUMENT):
        yield Problem("R-20", _file(AttachmentKind.ID_DOCUMENT), "请上传身份证件")
    if not materials.count(AttachmentKind.SIGNED_PLEDGE):
        yield Problem("R-21", _file(AttachmentKind.SIGNED_PLEDGE), "请下载《诚信承诺书》，本人签字后上传")


CHECKS: tuple[Check, ...] = (
    _committee,
    _labour_relation,
    _in_service,
    _integrity,
    _employment,
    _level_by_level,
    _exam,
    _basis_and_education,
    _completeness,
)
