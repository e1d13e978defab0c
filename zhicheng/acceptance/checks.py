"""What the bureau checks before accepting a session's results (R-80), all made by the system from the record.

Scope and post-quota checks name the entries at fault: the bureau corrects those and accepts the rest.
Quorum, pass-rule, draw and minutes checks concern the whole session: a failure blocks its acceptance.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from zhicheng.acceptance.models import PostQuota
from zhicheng.accounts.models import Ownership
from zhicheng.applications.models import Application, Status
from zhicheng.ballots import selectors as ballot_selectors
from zhicheng.ballots import services as ballot_services
from zhicheng.ballots import tally
from zhicheng.ballots.models import Minutes
from zhicheng.catalog.models import Level
from zhicheng.evaluations.draw import audit_problems, check_record, record_of
from zhicheng.evaluations.models import Draw, EvaluationSession, SessionApplication

ENTRY_CHECKS = frozenset({"scope", "quota"})
PASSED_STATUSES = frozenset({Status.PASSED, Status.ACCEPTED, Status.CONFIRMED})


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    ok: bool
    detail: str
    entries: list[int] = field(default_factory=list)


def _entries(session: EvaluationSession) -> list[SessionApplication]:
    return list(
        SessionApplication.objects.filter(session=session)
        .select_related(
            "application__applicant",
            "application__plan",
            "application__committee",
            "application__specialty",
            "application__unit",
            "result",
            "correction",
        )
        .order_by("id")
    )


def _name(entry: SessionApplication) -> str:
    return f"{entry.application.applicant.real_name}（{entry.application.number}）"


def _passed(entries: list[SessionApplication]) -> list[SessionApplication]:
    return [e for e in entries if e.application.status == Status.PASSED]


def scope_check(session: EvaluationSession, entries: list[SessionApplication]) -> Check:
    """R-60, R-03: each passed applicant's level and series are the committee's, filed on the meeting day."""
    committee = session.committee
    filed = committee.is_filed_on(session.meeting_on)
    problems: list[str] = []
    affected: list[int] = []
    for entry in _passed(entries):
        application = entry.application
        reasons = []
        if application.level not in committee.levels:
            reasons.append(f"申报级别“{application.get_level_display()}”不在评委会评审范围内")
        specialty = application.specialty
        if application.committee.series_id != committee.series_id or (
            specialty is not None and specialty.series_id != committee.series_id
        ):
            reasons.append("申报系列与评委会系列不符")
        if not filed:
            reasons.append("评委会在评审会议当日不在核准备案有效期内")
        if reasons:
            affected.append(entry.pk)
            problems.append(f"{_name(entry)}：{'，'.join(reasons)}")
    if problems:
        return Check("scope", "评审范围", False, "；".join(problems), affected)
    return Check("scope", "评审范围", True, "评审通过人员的级别、系列均在评委会评审范围内，评委会在会议当日备案有效")


def quorum_check(session: EvaluationSession) -> Check:
    """R-68: the attending experts reach the plan's share of the committee."""
    attending = ballot_selectors.attending_seats(session).count()
    size = ballot_selectors.committee_size(session)
    rule = ballot_services.quorum_rule(session)
    ok = tally.quorum_met(attending, size, rule)
    detail = f"评委会{size}人，出席{attending}人，要求不少于{rule.label}（{tally.least_reaching(size, rule)}人）"
    return Check("quorum", "出席人数", ok, detail)


def _pass_rule_problems(entry: SessionApplication, recount: tally.Outcome | None, plan_rule: tally.Rule) -> list[str]:
    result = getattr(entry, "result", None)
    if result is None:
        return ["没有表决结果"]
    problems = []
    rule = tally.Rule(result.rule_numerator, result.rule_denominator)
    if rule != plan_rule:
        problems.append(f"适用的通过比例{rule.label}与年度计划的{plan_rule.label}不符")
    if result.passed != tally.passes(result.approvals, result.attending, rule):
        problems.append(
            f"同意{result.approvals}票、出席{result.attending}人，"
            f"结论“{'通过' if result.passed else '未通过'}”与通过比例不符"
        )
    stored = (result.approvals, result.disapprovals, result.abstentions, result.attending, result.recused)
    if recount is None:
        problems.append("重新计票时找不到该申报")
    else:
        count = recount.count
        if stored != (count.approvals, count.disapprovals, count.abstentions, recount.attending, recount.recused):
            problems.append(
                f"记录的票数（同意{result.approvals}、不同意{result.disapprovals}、弃权{result.abstentions}）"
                f"与选票重新计票（同意{count.approvals}、不同意{count.disapprovals}、弃权{count.abstentions}）不符"
            )
    corrected = getattr(entry, "correction", None) is not None
    expected = PASSED_STATUSES if result.passed and not corrected else frozenset({Status.FAILED})
    if entry.application.status not in expected:
        problems.append(f"申报状态“{entry.application.get_status_display()}”与表决结论不符")
    return problems


def pass_rule_check(session: EvaluationSession, entries: list[SessionApplication]) -> Check:
    """R-69: each stored result follows its rule, equals a fresh count of the ballots, and the status agrees."""
    recounts = {o.entry_id: o for o in ballot_services.tally_session(session)}
    plan_rule = ballot_services.pass_rule(session)
    problems: list[str] = []
    affected: list[int] = []
    for entry in entries:
        found = _pass_rule_problems(entry, recounts.get(entry.pk), plan_rule)
        if found:
            affected.append(entry.pk)
            problems.append(f"{_name(entry)}：{'，'.join(found)}")
    if problems:
        return Check("pass_rule", "表决结果", False, "；".join(problems), affected)
    return Check("pass_rule", "表决结果", True, f"{len(entries)}名申报人的表决结果与重新计票一致，结论符合通过比例")


def draw_check(session: EvaluationSession) -> Check:
    """R-63: every draw of the session recomputes to its stored result and matches its audit events."""
    draws = list(Draw.objects.filter(session=session).order_by("id"))
    if not draws:
        return Check("draw", "专家抽取记录", False, "没有专家抽取记录")
    problems = []
    for number, draw in enumerate(draws, start=1):
        found = check_record(record_of(draw)).problems + audit_problems(draw)
        if found:
            problems.append(f"第{number}次抽取（{draw.get_kind_display()}）：{'，'.join(found)}")
    if problems:
        return Check("draw", "专家抽取记录", False, "；".join(problems))
    return Check("draw", "专家抽取记录", True, f"{len(draws)}次抽取均可复算，与审计日志一致")


def minutes_check(session: EvaluationSession) -> Check:
    """R-71, R-72: the minutes are archived, signed by every attending expert, and unchanged since."""
    minutes = (
        Minutes.objects.select_related("session__committee", "session__plan", "chaired_by__expert")
        .filter(session=session)
        .first()
    )
    if minutes is None:
        return Check("minutes", "会议纪要", False, "没有会议纪要")
    problems = []
    if minutes.locked_at is None:
        problems.append("会议纪要尚未归档")
    signatures = list(minutes.signatures.select_related("seat__expert"))
    signed = {s.seat_id for s in signatures}
    unsigned = [
        s.expert.name for s in ballot_selectors.attending_seats(session).select_related("expert") if s.pk not in signed
    ]
    if unsigned:
        problems.append(f"出席专家未签署：{'、'.join(unsigned)}")
    if ballot_selectors.minutes_record(minutes).digest != minutes.content_digest:
        problems.append("纪要内容与归档时的摘要不符")
    altered = [s.seat.expert.name for s in signatures if s.content_digest != minutes.content_digest]
    if altered:
        problems.append(f"签署时的纪要摘要与归档摘要不符：{'、'.join(altered)}")
    if problems:
        return Check("minutes", "会议纪要", False, "；".join(problems))
    return Check("minutes", "会议纪要", True, f"已归档，{len(signatures)}位出席专家均已签署，内容未被改动")


def quota_check(session: EvaluationSession, entries: list[SessionApplication]) -> Check:
    """R-80: per state-owned unit and level, the year's passed and appointed applicants stay within its post quota."""
    ours: defaultdict[tuple[int, str], list[SessionApplication]] = defaultdict(list)
    for entry in _passed(entries):
        unit = entry.application.unit
        if unit is not None and unit.ownership == Ownership.STATE:
            ours[(unit.pk, entry.application.level)].append(entry)
    quotas = {
        (q.unit_id, q.level): q.quota
        for q in PostQuota.objects.filter(plan_id=session.plan_id, unit_id__in={unit for unit, _ in ours})
    }
    limited = {key for key in ours if key in quotas}
    rows = (
        Application.objects.filter(
            plan_id=session.plan_id,
            status__in=PASSED_STATUSES,
            unit_id__in={unit for unit, _ in limited},
            level__in={level for _, level in limited},
        )
        .order_by()
        .values("unit_id", "level")
        .annotate(n=Count("id"))
    )
    used = {(row["unit_id"], row["level"]): row["n"] for row in rows}
    problems: list[str] = []
    affected: list[int] = []
    for key in sorted(limited):
        quota, count = quotas[key], used.get(key, 0)
        if count <= quota:
            continue
        group = ours[key]
        affected.extend(e.pk for e in group)
        problems.append(
            f"{group[0].application.unit}{Level(key[1]).label}：职数{quota}个，本年度评审通过及已聘{count}人，"
            f"超出{count - quota}人（本次评审会：{'、'.join(_name(e) for e in group)}）"
        )
    if problems:
        return Check("quota", "事业单位职称职数", False, "；".join(problems), affected)
    return Check(
        "quota", "事业单位职称职数", True, f"国有企事业单位的评审通过人数均未超出职称职数（核对{len(limited)}项职数）"
    )


def acceptance_checks(session: EvaluationSession) -> list[Check]:
    """Every acceptance check of the session, in the order the page shows them."""
    entries = _entries(session)
    return [
        scope_check(session, entries),
        quorum_check(session),
        pass_rule_check(session, entries),
        draw_check(session),
        minutes_check(session),
        quota_check(session, entries),
    ]
