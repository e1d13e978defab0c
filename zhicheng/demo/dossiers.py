"""The demo's applications, each brought to its state through the same services and moves users trigger.

1. plan_briefs() decides, for every applicant, the state to reach, the committee, level, unit and path;
2. the applicant's age follows the level, so people are drawn after the briefs;
3. Builder.build() starts the draft, fills it in and uploads the materials on the day the windows open;
4. Builder.advance() then lets the applicants submit, the units (or associations) post and recommend, the
   district bureaus decide on 直通车, the agencies ask for corrections or approve, the applicants pay and the
   system abandon lapsed applications, each on its day of the Schedule and through the same services.
"""

import datetime
import itertools
import random
from dataclasses import dataclass
from enum import StrEnum

from django.core.files.base import ContentFile

from zhicheng.accounts.models import Organization, Ownership, User
from zhicheng.agency_review import services as agency_review
from zhicheng.agency_review.deadlines import abandon_overdue
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
from zhicheng.demo.clock import LAPSING_PAYMENT_WORKDAYS, Schedule, on_day
from zhicheng.demo.people import Staff
from zhicheng.demo.year import DemoYear
from zhicheng.district_review.services import record_decision
from zhicheng.fees import services as fees
from zhicheng.fees.gateways import simulated_notification
from zhicheng.fees.models import FeeNotice
from zhicheng.materials.models import AttachmentKind
from zhicheng.materials.services import upload_attachment
from zhicheng.unit_review import services as unit_review
from zhicheng.unit_review.models import Posting
from zhicheng.workdays.services import CalendarDataMissing, add_workdays

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
    # 直通车: waiting for the district's recommendation committee, declined by it, or recommended on to the agency.
    DISTRICT_REVIEW = "district_review"
    NOT_RECOMMENDED = "not_recommended"
    DISTRICT_RECOMMENDED = "district_recommended"


SHARES = {
    Target.NONE: 0.05,
    Target.DRAFT_INCOMPLETE: 0.14,
    Target.DRAFT_READY: 0.08,
    Target.SUBMITTED: 0.14,
    Target.RETURNED: 0.04,
    Target.UNIT_POSTING: 0.12,
    Target.AGENCY_REVIEW: 0.13,
    Target.CORRECTION: 0.07,
    Target.APPROVED: 0.09,
    Target.PAID: 0.07,
    Target.ABANDONED: 0.03,
    Target.DISTRICT_REVIEW: 0.02,
    Target.NOT_RECOMMENDED: 0.01,
    Target.DISTRICT_RECOMMENDED: 0.01,
}
SUBMITTED_TARGETS = frozenset(SHARES) - {Target.NONE, Target.DRAFT_INCOMPLETE, Target.DRAFT_READY}
# Submitted today; the others were submitted at the start of the windows and have a history since.
LATE_TARGETS = frozenset({Target.SUBMITTED, Target.RETURNED, Target.UNIT_POSTING})
FAST_TRACK_TARGETS = frozenset({Target.DISTRICT_REVIEW, Target.NOT_RECOMMENDED, Target.DISTRICT_RECOMMENDED})

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
# Correction items any application can be given: (target, problem, requirement).
CORRECTIONS = (
    (
        "achievements",
        "业绩成果证明材料不完整，缺少项目验收意见或成果应用证明",
        "请补充上传项目验收意见、成果应用证明等材料",
    ),
    (
        "work_history",
        "工作经历中现单位的任职起始时间与单位推荐意见不一致",
        "请核对并修改工作经历的起止时间，与劳动合同或聘用文件保持一致",
    ),
    (
        "work_summary",
        "专业技术工作总结过于简略，未说明本人承担的具体工作和作用",
        "请补充任现职以来主持或参与的主要项目及本人的具体贡献",
    ),
    ("attachments.signed_pledge", "诚信承诺书缺少本人签字", "请下载诚信承诺书，本人签字后扫描上传"),
)
TITLE_CORRECTION = (
    "attachments.title_cert",
    "现有职称证书扫描件不清晰，证书编号无法辨认",
    "请重新上传清晰、完整的职称证书扫描件",
)
EDUCATION_CORRECTION = (
    "attachments.education_cert",
    "学历证书未能通过学信网核验",
    "请上传学信网《教育部学历证书电子注册备案表》",
)
UNIT_OPINIONS = (
    "经单位内部公示5个工作日，无异议，同意推荐",
    "该同志政治素质好，专业技术能力突出，业绩符合申报条件，经公示无异议，同意推荐",
)
OBJECTIONS = (
    (
        "反映申报人业绩成果中所列项目实际由其他同事主持",
        "经核查项目立项及验收文件，申报人为该项目技术负责人，反映情况不属实，异议不成立",
    ),
    (
        "反映申报人近三年年度考核中有一年为基本合格",
        "经核查人事档案，申报人近三年年度考核均为合格及以上，反映情况不属实，异议不成立",
    ),
)
DISTRICT_OPINIONS = {
    True: "经区推荐委员会审议，该同志业绩突出、贡献显著，符合高端领军人才“直通车”条件，同意推荐",
    False: "经区推荐委员会审议，该同志业绩尚未达到高端领军人才“直通车”标准，不予推荐，可按常规程序申报",
}


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
    is_fast_track: bool = False


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
        if target in FAST_TRACK_TARGETS:
            briefs.append(_fast_track_brief(rng, year, target, open_committees))
            continue
        flaw = next(flaws) if target == Target.DRAFT_INCOMPLETE else ""
        briefs.append(_brief(rng, year, target, rng.choice(open_committees), flaw))
    return briefs


def _fast_track_brief(rng: random.Random, year: DemoYear, target: Target, committees: list[Committee]) -> Brief:
    """A 正高级 applicant of a 直通车 series whose unit lies in a district with a district bureau (2021 公告 二.5)."""
    committee = rng.choice([c for c in committees if c.series.allows_fast_track and c.tier == Tier.SENIOR])
    districts = {bureau.district_id for bureau in year.district_bureaus.values()}
    unit = rng.choice(
        [u for u in year.units if committee.series.code in year.unit_series[u.pk] and u.district_id in districts]
    )
    employment = EmploymentType.CENTRAL_UNIT if unit.ownership == Ownership.CENTRAL else EmploymentType.UNIT_STAFF
    return Brief(target, committee, Level.SENIOR_FULL, employment, unit, None, is_fast_track=True)


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


@dataclass
class Dossier:
    """A submitted application on its way to its brief's state."""

    application: Application
    applicant: User
    brief: Brief
    fee_notice: FeeNotice | None = None


class Builder:
    """Brings the applications to their briefs' states; shares files and the schedule across them."""

    def __init__(self, rng: random.Random, year: DemoYear, staff: Staff, schedule: Schedule) -> None:
        self.rng = rng
        self.year = year
        self.staff = staff
        self.schedule = schedule
        self.today = schedule.opened  # the drafts are written when the windows open
        self.png = files.png_bytes(rng)
        self.qualifications = list(QualificationMapping.objects.select_related("series"))
        self.windows = plan_windows(year.plan)
        self.district_staff = {
            org.district_id: staff.district_bureaus[org.pk] for org in year.district_bureaus.values()
        }
        self.dossiers: list[Dossier] = []

    def build(self, applicant: User, brief: Brief) -> Application | None:
        """Start the draft and fill it in; advance() takes the ones to submit further."""
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
            self.dossiers.append(Dossier(application, applicant, brief))
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
        if brief.is_fast_track:
            changes["is_fast_track"] = True
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

    def advance(self) -> None:
        """Every step after the drafts, day by day, each through the service of the actor who takes it."""
        days = self.schedule
        early = [d for d in self.dossiers if d.brief.target not in LATE_TARGETS]
        with on_day(days.submitted, 9):
            for dossier in early:
                submit_application(dossier.application, by=dossier.applicant)
        postings: list[tuple[Dossier, Posting]] = []
        with on_day(days.posted, 9):
            for dossier in early:
                staff = self._unit_staff(dossier.brief)
                posting = unit_review.start_posting(dossier.application, by=staff, starts_on=days.posted)
                postings.append((dossier, posting))
        self._objections(self.rng.sample(postings, min(len(OBJECTIONS), len(postings))))
        with on_day(days.recommended, 9):
            for dossier in early:
                opinion = self.rng.choice(UNIT_OPINIONS)
                unit_review.recommend(dossier.application, by=self._unit_staff(dossier.brief), opinion=opinion)
        with on_day(days.decided, 10):
            for dossier in early:
                self._decide(dossier)
        with on_day(days.paid, 20):
            for dossier in early:
                if dossier.brief.target == Target.PAID:
                    self._pay(dossier)
        with on_day(days.lapsed, 1):  # the nightly deadline job
            abandon_overdue(days.lapsed)
        self._today([d for d in self.dossiers if d.brief.target in LATE_TARGETS], early)

    def _objections(self, postings: list[tuple[Dossier, Posting]]) -> None:
        """Objections received during these postings, dealt with before they end (R-31)."""
        days = self.schedule
        cases = list(zip(postings, OBJECTIONS, strict=False))
        with on_day(days.objected, 15):
            objections = [
                unit_review.add_objection(
                    posting,
                    by=self._unit_staff(dossier.brief),
                    received_on=days.objected,
                    summary=summary,
                    raised_by=self.rng.choice(("", "本单位职工")),
                )
                for (dossier, posting), (summary, _) in cases
            ]
        with on_day(days.resolved, 10):
            for objection, ((dossier, _), (_, resolution)) in zip(objections, cases, strict=True):
                unit_review.resolve_objection(objection, by=self._unit_staff(dossier.brief), resolution=resolution)

    def _decide(self, dossier: Dossier) -> None:
        """The district meetings on 直通车, and the agency's decisions that have lapsed or been paid by today."""
        application, target, day = dossier.application, dossier.brief.target, self.schedule.decided
        if target in (Target.NOT_RECOMMENDED, Target.DISTRICT_RECOMMENDED):
            recommended = target == Target.DISTRICT_RECOMMENDED
            record_decision(
                application,
                by=self._district_staff(application),
                meeting_on=day,
                is_recommended=recommended,
                opinion=DISTRICT_OPINIONS[recommended],
            )
        elif target == Target.ABANDONED and self.rng.random() < 0.5:
            # Half of the abandoned ones missed the correction deadline, half the payment deadline.
            agency_review.request_correction(
                application, by=self._reviewer(application), items=self._items(application)
            )
        elif target == Target.ABANDONED:
            due = add_workdays(day, LAPSING_PAYMENT_WORKDAYS)
            agency_review.approve_application(application, by=self._reviewer(application), payment_due_on=due)
        elif target == Target.PAID:
            dossier.fee_notice = agency_review.approve_application(
                application, by=self._reviewer(application), payment_due_on=self._payment_due(day)
            )

    def _pay(self, dossier: Dossier) -> None:
        """The applicant pays at the simulated gateway's cashier, which notifies the platform (R-50)."""
        if dossier.fee_notice is None:
            raise ValueError("an application is paid after its approval")
        payment, _ = fees.start_payment(dossier.fee_notice, by=dossier.applicant)
        payload, signature = simulated_notification(payment, paid=True)
        fees.receive_notification(payload, signature)

    def _today(self, late: list[Dossier], early: list[Dossier]) -> None:
        """Today's steps: fresh submissions, returns and postings, and the agencies' corrections and approvals."""
        today = self.schedule.today
        for dossier in late:
            submit_application(dossier.application, by=dossier.applicant)
        objected = False
        for dossier in late:
            application, unit_staff = dossier.application, self._unit_staff(dossier.brief)
            if dossier.brief.target == Target.RETURNED:
                unit_review.return_to_applicant(application, by=unit_staff, reason=self.rng.choice(UNIT_RETURNS))
            elif dossier.brief.target == Target.UNIT_POSTING:
                posting = unit_review.start_posting(application, by=unit_staff, starts_on=today)
                if not objected:  # one posting has an objection still to deal with
                    summary = OBJECTIONS[0][0]
                    unit_review.add_objection(posting, by=unit_staff, received_on=today, summary=summary)
                    objected = True
        for dossier in early:
            application = dossier.application
            if dossier.brief.target == Target.CORRECTION:
                agency_review.request_correction(
                    application, by=self._reviewer(application), items=self._items(application)
                )
            elif dossier.brief.target == Target.APPROVED:
                agency_review.approve_application(
                    application, by=self._reviewer(application), payment_due_on=self._payment_due(today)
                )

    def _items(self, application: Application) -> list[agency_review.ItemInput]:
        """One to three things to correct, each naming the part concerned (R-41)."""
        candidates = list(CORRECTIONS)
        if application.basis == Basis.TITLE:
            candidates.append(TITLE_CORRECTION)
        if application.education_check != EducationCheck.CONFIRMED:
            candidates.append(EDUCATION_CORRECTION)
        chosen = self.rng.sample(candidates, self.rng.randint(1, 3))
        return [agency_review.ItemInput(target, problem, requirement) for target, problem, requirement in chosen]

    def _payment_due(self, day: datetime.date) -> datetime.date:
        """Ten working days to pay (R-50), or the agency window's end while next year's holidays are unknown."""
        try:
            return add_workdays(day, 10)
        except CalendarDataMissing:
            return max(w.closes_on for w in self.windows.values() if w.step == Step.AGENCY)

    def _reviewer(self, application: Application) -> User:
        """The agency's staff, or the district bureau's for its district's junior engineering committee."""
        agency_id = application.committee.agency_id
        return self.staff.agencies.get(agency_id) or self.staff.district_bureaus[agency_id]

    def _district_staff(self, application: Application) -> User:
        """The bureau of the district where the applicant's unit is insured (直通车)."""
        if application.unit is None or application.unit.district_id not in self.district_staff:
            raise ValueError("a 直通车 application needs a unit in a district with a district bureau")
        return self.district_staff[application.unit.district_id]

    def _unit_staff(self, brief: Brief) -> User:
        """The association recommends freelancers (R-34); everybody else's unit HR reviews them."""
        if brief.association is not None:
            return self.staff.associations[brief.association.pk]
        if brief.unit is None:
            raise ValueError("an application past submission needs a unit or an association")
        return self.staff.unit_hr[brief.unit.pk]
