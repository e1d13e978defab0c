"""The demo's applications, each brought to its state through the same services and moves users trigger.

1. plan_briefs() decides, for every applicant, the state to reach, the committee, level, unit and path;
2. the applicant's age follows the level, so people are drawn after the briefs;
3. build_application() starts the draft, fills it in, uploads the materials, submits it and then
   lets the unit (or association), the agency, the applicant or the system make the later moves.
"""

import datetime
import itertools
import random
from dataclasses import dataclass
from enum import StrEnum

from django.core.files.base import ContentFile

from zhicheng.accounts.models import Organization, Ownership, User
from zhicheng.applications import lifecycle
from zhicheng.applications.education import refresh_education_check
from zhicheng.applications.models import (
    Achievement,
    AchievementKind,
    Application,
    Basis,
    Education,
    EducationCheck,
    EmploymentType,
    WorkHistory,
)
from zhicheng.applications.services import (
    save_achievement,
    save_work_history,
    start_application,
    submit_application,
    update_application,
)
from zhicheng.catalog.models import LEVEL_RANK, SENIOR_LEVELS, Committee, Level, QualificationMapping, Step, Tier
from zhicheng.catalog.selectors import effective_window, plan_windows
from zhicheng.demo import data, files
from zhicheng.demo.people import Staff
from zhicheng.demo.year import DemoYear
from zhicheng.materials.models import AttachmentKind
from zhicheng.materials.services import upload_attachment
from zhicheng.workdays.services import CalendarDataMissing, add_workdays, workday_span_end

YEAR = datetime.timedelta(days=365)


class Target(StrEnum):
    """The state a demo applicant's application is brought to."""

    NONE = "none"  # registered, no application yet
    DRAFT_INCOMPLETE = "draft_incomplete"
    DRAFT_READY = "draft_ready"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    UNIT_POSTING = "unit_posting"
    AGENCY_REVIEW = "agency_review"
    CORRECTION = "correction"
    APPROVED = "approved"
    PAID = "paid"
    ABANDONED = "abandoned"


SHARES = {
    Target.NONE: 0.05,
    Target.DRAFT_INCOMPLETE: 0.18,
    Target.DRAFT_READY: 0.08,
    Target.SUBMITTED: 0.14,
    Target.RETURNED: 0.04,
    Target.UNIT_POSTING: 0.12,
    Target.AGENCY_REVIEW: 0.13,
    Target.CORRECTION: 0.07,
    Target.APPROVED: 0.09,
    Target.PAID: 0.07,
    Target.ABANDONED: 0.03,
}
SUBMITTED_TARGETS = frozenset(SHARES) - {Target.NONE, Target.DRAFT_INCOMPLETE, Target.DRAFT_READY}
# Past the agency's review: the district committees' agency is a district bureau, whose staff hold
# the district-bureau role, which MOVES does not let make agency moves, so those stay before it.
AGENCY_DECIDED = frozenset({Target.CORRECTION, Target.APPROVED, Target.PAID, Target.ABANDONED})

# Ways a draft falls short, so that the eligibility check has something to say.
FLAWS = ("started", "partial", "sanctioned", "level_jump", "unsigned", "classified")
AGES = {
    Level.SENIOR_FULL: (45, 58),
    Level.SENIOR_DEPUTY: (34, 55),
    Level.INTERMEDIATE: (28, 45),
    Level.ASSISTANT: (24, 35),
    Level.JUNIOR: (23, 32),
}
EDUCATIONS = {
    Level.SENIOR_FULL: (Education.DOCTORATE, Education.MASTER, Education.BACHELOR),
    Level.SENIOR_DEPUTY: (Education.MASTER, Education.BACHELOR, Education.BACHELOR),
    Level.INTERMEDIATE: (Education.MASTER, Education.BACHELOR, Education.BACHELOR, Education.COLLEGE),
    Level.ASSISTANT: (Education.BACHELOR, Education.COLLEGE),
    Level.JUNIOR: (Education.COLLEGE, Education.SECONDARY),
}
GRADUATION_AGE = {
    Education.DOCTORATE: 29,
    Education.MASTER: 25,
    Education.BACHELOR: 22,
    Education.COLLEGE: 21,
    Education.SECONDARY: 19,
}
DEGREES = {Education.DOCTORATE: "博士", Education.MASTER: "硕士", Education.BACHELOR: "学士"}
UNIT_RETURNS = (
    "请补充近三年年度考核结果，并核对工作经历的起止时间",
    "业绩成果中的项目未体现本人承担的具体工作，请补充说明后重新提交",
)
CORRECTIONS = (
    "1. 现有职称证书扫描件不清晰，请重新上传；2. 业绩成果证明缺少验收意见页。",
    "1. 学历学位证书未能通过学信网核验，请上传学历证书电子注册备案表；"
    "2. 工作经历与单位推荐意见中的任职时间不一致，请核对。",
    "1. 论文证明材料请补充期刊封面、目录及正文页；2. 诚信承诺书缺少本人签字。",
)


@dataclass(frozen=True)
class Brief:
    target: Target
    committee: Committee | None
    level: str
    employment_type: str
    unit: Organization | None
    association: Organization | None
    flaw: str = ""
    is_exceptional: bool = False


def target_counts(n: int) -> dict[Target, int]:
    """How many applicants reach each state: the shares of SHARES, at least one each."""
    if n < len(SHARES):
        raise ValueError(f"at least {len(SHARES)} applicants are needed, one per state")
    counts = {t: max(1, round(n * share)) for t, share in SHARES.items()}
    counts[Target.DRAFT_INCOMPLETE] += n - sum(counts.values())
    return counts


def plan_briefs(rng: random.Random, year: DemoYear, today: datetime.date, n: int) -> list[Brief]:
    targets = [t for t, count in target_counts(n).items() for _ in range(count)]
    rng.shuffle(targets)
    windows = plan_windows(year.plan)
    open_committees = [
        c for c in year.committees if (w := effective_window(windows, c.series_id, Step.APPLY)) and w.is_open_on(today)
    ]
    flaws = itertools.cycle(FLAWS)
    briefs = []
    for target in targets:
        if target == Target.NONE:
            briefs.append(Brief(target, None, "", EmploymentType.UNIT_STAFF, None, None))
            continue
        choices = [c for c in open_committees if not (target in AGENCY_DECIDED and c.district_id)]
        flaw = next(flaws) if target == Target.DRAFT_INCOMPLETE else ""
        briefs.append(_brief(rng, year, target, rng.choice(choices), flaw))
    return briefs


def _brief(rng: random.Random, year: DemoYear, target: Target, committee: Committee, flaw: str) -> Brief:
    level = _level(rng, committee)
    unit, association, employment = _employer(rng, year, committee, level)
    if flaw == "level_jump" and LEVEL_RANK[Level(level)] <= LEVEL_RANK[Level.ASSISTANT]:
        flaw = "unsigned"  # first titles are not applied for level by level
    exceptional = not flaw and level in SENIOR_LEVELS and rng.random() < 0.1
    return Brief(target, committee, level, employment, unit, association, flaw=flaw, is_exceptional=exceptional)


def _employer(
    rng: random.Random, year: DemoYear, committee: Committee, level: str
) -> tuple[Organization | None, Organization | None, str]:
    """The unit (or, for a freelancer, the recommending association) and the employment type."""
    series = committee.series
    association = year.associations.get(series.code)
    if association is not None and series.allows_freelancer and rng.random() < 0.35:
        return None, association, EmploymentType.FREELANCER
    units = [u for u in year.units if series.code in year.unit_series[u.pk]]
    if committee.district_id:
        units = [u for u in units if u.district_id == committee.district_id]
    unit = rng.choice(units)
    if unit.ownership == Ownership.CENTRAL:
        return unit, None, EmploymentType.CENTRAL_UNIT
    if series.allows_high_skilled and level not in SENIOR_LEVELS and rng.random() < 0.12:
        return unit, None, EmploymentType.HIGH_SKILLED
    return unit, None, EmploymentType.UNIT_STAFF


def _level(rng: random.Random, committee: Committee) -> str:
    levels = committee.levels
    if committee.tier == Tier.SENIOR:
        return Level.SENIOR_FULL if rng.random() < 0.2 else Level.SENIOR_DEPUTY
    if committee.tier == Tier.JUNIOR:
        return Level.JUNIOR if rng.random() < 0.2 else Level.ASSISTANT
    return Level.ASSISTANT if Level.ASSISTANT in levels and rng.random() < 0.3 else Level.INTERMEDIATE


def age_range(brief: Brief) -> dict[str, int]:
    """The ages (min_age, max_age) of someone applying at the brief's level."""
    low, high = AGES[Level(brief.level)] if brief.level else (23, 40)
    return {"min_age": low, "max_age": high}


class Builder:
    """Brings one applicant's application to its brief's state; shares files and deadlines across them."""

    def __init__(self, rng: random.Random, year: DemoYear, staff: Staff, today: datetime.date) -> None:
        self.rng = rng
        self.year = year
        self.staff = staff
        self.today = today
        self.png = files.png_bytes(rng)
        self.qualifications = list(QualificationMapping.objects.select_related("series"))
        self.windows = plan_windows(year.plan)
        self.deadlines = self._deadlines()

    def _deadlines(self) -> dict[str, datetime.date]:
        """Posting end (R-30), correction and payment deadlines, in working days (R-05)."""
        agency_close = max(w.closes_on for w in self.windows.values() if w.step == Step.AGENCY)
        try:
            return {
                "posting": workday_span_end(self.today, 5),
                "correction": add_workdays(self.today, self.year.plan.correction_workdays),
                "payment": add_workdays(self.today, 10),
            }
        except CalendarDataMissing:
            # The bureau has not yet entered next year's holidays: use the agency window's end instead.
            return {"posting": agency_close, "correction": agency_close, "payment": agency_close}

    def build(self, applicant: User, brief: Brief) -> Application | None:
        if brief.committee is None:
            return None
        application = start_application(
            by=applicant,
            plan=self.year.plan,
            committee=brief.committee,
            level=brief.level,
            specialty=brief.committee.specialty,
            unit=brief.unit,
        )
        if brief.flaw == "started":
            return application
        self._fill(application, applicant, brief)
        if brief.target in SUBMITTED_TARGETS:
            submit_application(application, by=applicant)
            self._advance(application, applicant, brief)
        return application

    def _pdf(self, label: str) -> ContentFile[bytes]:
        return files.upload(f"{label}.pdf", files.pdf_bytes(f"Zhicheng demo material: {label}"))

    def _upload(self, application: Application, applicant: User, kind: AttachmentKind) -> None:
        upload_attachment(application, kind=kind, file=self._pdf(kind.value), by=applicant)

    def _fill(self, application: Application, applicant: User, brief: Brief) -> None:
        """Fill in every section and upload the materials; a flawed draft leaves something out."""
        rng = self.rng
        series = application.committee.series
        majors, positions, topics = data.SERIES_PROFILES[series.code]
        education = rng.choice(EDUCATIONS[Level(brief.level)])
        born = application.birth_date or self.today - 30 * YEAR
        graduated = datetime.date(born.year + GRADUATION_AGE[education], 7, 1)
        position = rng.choice(positions)
        changes: dict[str, object] = {
            "employment_type": brief.employment_type,
            "association": brief.association,
            "position": position,
            "education": education,
            "degree": DEGREES.get(education, ""),
            "school": rng.choice(data.SCHOOLS),
            "major": rng.choice(majors),
            "graduated_on": graduated,
            "diploma_number": f"{rng.randrange(10001, 14999)}{graduated.year}{rng.randrange(10**8):08d}",
        }
        if brief.employment_type == EmploymentType.FREELANCER:
            changes["beijing_work_since"] = self.today - YEAR * rng.randrange(2, 9)
        changes.update(self._basis(brief, series.code, graduated))
        if brief.flaw == "partial":
            update_application(application, by=applicant, changes=changes)
            return
        if brief.flaw == "sanctioned":
            changes["sanction_until"] = self.today + YEAR
        if series.exam_required_for_deputy_senior and brief.level == Level.SENIOR_DEPUTY:
            changes["exam_certificate_number"] = f"{self.today.year - 2}11{rng.randrange(10**10):010d}"
        years = max(1, (self.today - graduated).days // 365)
        changes["work_summary"] = (
            f"参加工作{years}年来，主要从事{rng.choice(majors)}相关的专业技术工作，现任{position}，"
            f"牵头完成“{rng.choice(topics)}”等工作，能够独立解决本专业的复杂技术问题。"
        )
        update_application(application, by=applicant, changes=changes)
        refresh_education_check(application)
        self._history(application, applicant, brief, graduated, position)
        self._achievements(application, applicant, series.code, topics, brief.flaw)
        self._materials(application, applicant, brief)

    def _basis(self, brief: Brief, series_code: str, graduated: datetime.date) -> dict[str, object]:
        """The title or qualification held: one level below, or two for an exceptional or flawed jump (R-17)."""
        rank = LEVEL_RANK[Level(brief.level)]
        if rank <= LEVEL_RANK[Level.ASSISTANT]:
            return {"basis": Basis.NONE}
        skip = 2 if brief.is_exceptional or brief.flaw == "level_jump" else 1
        held = next(lv for lv, r in LEVEL_RANK.items() if r == max(rank - skip, 1))
        qualifications = [q for q in self.qualifications if q.series.code == series_code and q.level == held]
        if qualifications and skip == 1 and self.rng.random() < 0.3:
            return {"basis": Basis.QUALIFICATION, "qualification": self.rng.choice(qualifications)}
        obtained = max(graduated + YEAR, self.today - YEAR * self.rng.randrange(4, 9))
        changes: dict[str, object] = {
            "basis": Basis.TITLE,
            "current_series": self.year.series[series_code],
            "current_level": held,
            "current_obtained_on": obtained,
            "current_certificate_number": f"京职{obtained.year}{self.rng.randrange(10**6):06d}",
        }
        if brief.is_exceptional:
            changes["is_exceptional"] = True
            changes["exceptional_reason"] = (
                "主持完成的项目获省部级科技进步奖，业绩显著，由两名正高级职称专家推荐破格申报"
            )
        return changes

    def _history(
        self, application: Application, applicant: User, brief: Brief, graduated: datetime.date, position: str
    ) -> None:
        current = brief.unit.name if brief.unit else "自由职业"
        moved = max(graduated + YEAR, self.today - YEAR * self.rng.randrange(2, 8))
        rows = [
            WorkHistory(
                started_on=graduated + datetime.timedelta(days=31),
                ended_on=moved - datetime.timedelta(days=1),
                organization_name=self.rng.choice(self.year.units).name,
                position="技术员",
                duties="参与项目的技术方案编制与实施",
            ),
            WorkHistory(started_on=moved, organization_name=current, position=position, duties="负责本专业技术工作"),
        ]
        for row in rows:
            save_work_history(application, by=applicant, row=row)

    def _achievements(
        self, application: Application, applicant: User, series_code: str, topics: tuple[str, ...], flaw: str
    ) -> None:
        rng = self.rng
        kinds = list(AchievementKind) if series_code == "engineering" else [k for k in AchievementKind if k != "patent"]
        for number in range(rng.randrange(1, 3)):
            kind = rng.choice(kinds)
            row = Achievement(kind=kind, title=rng.choice(topics), achieved_on=self.today - YEAR * rng.randrange(1, 5))
            if kind == AchievementKind.PAPER:
                row.title = f"{row.title}的实践与思考"
                row.journal = rng.choice(data.JOURNALS)
                row.journal_number = f"ISSN 1000-{rng.randrange(1000, 9999)}"
                row.rank = rng.randrange(1, 4)
            elif kind == AchievementKind.PATENT:
                row.title = f"一种用于{row.title}的装置"
                row.patent_number = f"ZL {row.achieved_on.year} 1 {rng.randrange(10**7):07d}.{rng.randrange(10)}"
                row.patent_type = rng.choice(("invention", "utility"))
                row.rank = rng.randrange(1, 4)
            elif kind == AchievementKind.PROJECT:
                row.project_level = rng.choice(("national", "provincial", "city", "unit"))
                row.project_role = rng.choice(("项目负责人", "技术负责人", "主要参加人"))
            else:
                row.title = f"{row.title}项目获奖"
                row.award_issuer = rng.choice(data.AWARD_ISSUERS)
                row.award_grade = rng.choice(("一等奖", "二等奖", "三等奖"))
                row.rank = rng.randrange(1, 6)
            row.is_classified = flaw == "classified" and number == 0
            achievement = save_achievement(application, by=applicant, row=row)
            if flaw == "unsigned" and number == 0:
                continue
            proof = files.upload("业绩证明.png", self.png) if number % 2 else self._pdf("achievement")
            upload_attachment(
                application, kind=AttachmentKind.ACHIEVEMENT, file=proof, by=applicant, achievement=achievement
            )

    def _materials(self, application: Application, applicant: User, brief: Brief) -> None:
        upload_attachment(
            application, kind=AttachmentKind.ID_DOCUMENT, file=files.upload("身份证.png", self.png), by=applicant
        )
        if brief.flaw != "unsigned":
            self._upload(application, applicant, AttachmentKind.SIGNED_PLEDGE)
        if application.education_check != EducationCheck.CONFIRMED:
            self._upload(application, applicant, AttachmentKind.EDUCATION_CERT)
        if application.basis == Basis.TITLE:
            self._upload(application, applicant, AttachmentKind.TITLE_CERT)
        elif application.basis == Basis.QUALIFICATION:
            self._upload(application, applicant, AttachmentKind.QUALIFICATION_CERT)
        if application.exam_certificate_number:
            self._upload(application, applicant, AttachmentKind.EXAM_PASS)
        if application.is_exceptional:
            for _ in range(2):
                self._upload(application, applicant, AttachmentKind.EXCEPTIONAL_RECOMMENDATION)
        if brief.association is not None:
            self._upload(application, applicant, AttachmentKind.ASSOCIATION_RECOMMENDATION)
        if brief.unit is not None and brief.unit.needs_entrustment:
            self._upload(application, applicant, AttachmentKind.ENTRUSTMENT_LETTER)

    def _advance(self, application: Application, applicant: User, brief: Brief) -> None:
        """The moves after submission, each by the actor MOVES names for it."""
        target = brief.target
        if target == Target.SUBMITTED:
            return
        unit_staff = self._unit_staff(brief)
        if target == Target.RETURNED:
            due = self._window_close(application, Step.APPLY)
            lifecycle.move(application, "unit_return", by=unit_staff, reason=self.rng.choice(UNIT_RETURNS), due_on=due)
            return
        lifecycle.move(application, "start_posting", by=unit_staff, due_on=self.deadlines["posting"])
        if target == Target.UNIT_POSTING:
            return
        lifecycle.move(
            application,
            "recommend",
            by=unit_staff,
            reason="经单位内部公示，无异议，同意推荐",
            due_on=self._window_close(application, Step.AGENCY),
        )
        if target == Target.AGENCY_REVIEW:
            return
        agency = self.staff.agencies[application.committee.agency_id]
        # Half of the abandoned ones missed the correction deadline, half the payment deadline.
        if target == Target.CORRECTION or (target == Target.ABANDONED and self.rng.random() < 0.5):
            lifecycle.move(
                application,
                "request_correction",
                by=agency,
                reason=self.rng.choice(CORRECTIONS),
                due_on=self.deadlines["correction"],
            )
            if target == Target.ABANDONED:
                lifecycle.move(application, "abandon", by=None, reason="逾期未补正材料，视为放弃申报")
            return
        lifecycle.move(application, "approve", by=agency, reason="材料审核通过", due_on=self.deadlines["payment"])
        if target == Target.PAID:
            lifecycle.move(application, "pay", by=applicant, reason="网上缴费成功")
        elif target == Target.ABANDONED:
            lifecycle.move(application, "abandon", by=None, reason="逾期未缴费，视为放弃申报")

    def _unit_staff(self, brief: Brief) -> User:
        """The association recommends freelancers (R-34); everybody else's unit HR reviews them."""
        if brief.association is not None:
            return self.staff.associations[brief.association.pk]
        if brief.unit is None:
            raise ValueError("an application past submission needs a unit or an association")
        return self.staff.unit_hr[brief.unit.pk]

    def _window_close(self, application: Application, step: Step) -> datetime.date | None:
        window = effective_window(self.windows, application.committee.series_id, step)
        return window.closes_on if window is not None else None
