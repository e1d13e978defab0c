"""Use cases of panels and defenses: forming panels and moving people (R-65), scores and the panel's written
opinion (R-66), defense slots with SMS and attendance (R-67). Each change writes an audit event."""

import datetime
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import User
from zhicheng.audit import services as audit
from zhicheng.catalog.models import LEVEL_RANK, Level, Specialty
from zhicheng.catalog.selectors import cn_date
from zhicheng.core.errors import DomainError
from zhicheng.evaluations.models import (
    Conflict,
    EvaluationSession,
    Seat,
    SeatRole,
    SeatStatus,
    SessionApplication,
    SessionStatus,
)
from zhicheng.notifications.services import queue_sms
from zhicheng.panels import selectors
from zhicheng.panels.allocation import SeatInfo, distribute_seats, split_entries
from zhicheng.panels.models import (
    DEFENSE_LEVELS,
    DefenseAttendance,
    DefenseSlot,
    Grade,
    ItemKind,
    Panel,
    PanelMember,
    PanelOpinion,
    Recommendation,
    Score,
    ScoringItem,
)
from zhicheng.panels.permissions import is_session_agency

ROLE_WEIGHT = {SeatRole.CHAIR: 2, SeatRole.VICE_CHAIR: 1, SeatRole.MEMBER: 0}
CN_DIGITS = "零一二三四五六七八九"
MAX_OPINION_CHARS = 2000
MINUTES_EACH = (5, 240)
PLACE_MAX_CHARS = 200  # DefenseSlot.place


class PanelError(DomainError):
    """A panel or defense use case refused."""


# Forming panels and moving people.


def _lock(session: EvaluationSession, by: User, action: str, *, statuses: frozenset[str] | None = None) -> None:
    """Check the caller is the session's agency, then lock the session row and check its status."""
    if not is_session_agency(by, session):
        raise PanelError("只有本评委会的评审服务机构可以" + action)
    locked = EvaluationSession.objects.select_for_update().get(pk=session.pk)
    allowed = statuses or frozenset({SessionStatus.ROSTER_FILED})
    if locked.status not in allowed:
        label = SessionStatus(locked.status).label
        raise PanelError(f"评审会当前状态为“{label}”，不能{action}")


def panel_name(number: int) -> str:
    """第一评议组, 第十二评议组 … (numbers up to 99)."""
    tens, ones = divmod(number, 10)
    if tens == 0:
        words = CN_DIGITS[ones]
    else:
        words = ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")
    return f"第{words}评议组"


def _seat_rank(seat: Seat) -> int:
    return LEVEL_RANK.get(Level(seat.expert.level), 0) * 10 + ROLE_WEIGHT.get(SeatRole(seat.role), 0)


@transaction.atomic
def form_panels(session: EvaluationSession, *, by: User, panel_count: int) -> list[Panel]:
    """Form panel_count panels of at least 3 sitting experts, by specialty with balanced load (R-65).

    1. Entries are grouped by the specialty they applied in, each group in application order.
    2. Panels go to the groups and entries are dealt to them as allocation.split_entries describes: with at
       least as many panels as specialties, the panels of one specialty differ by at most one entry; with
       fewer, whole specialties share a panel, loads as even as whole groups allow.
    3. The sitting experts (accepted seats) are spread as allocation.distribute_seats describes: panel
       sizes differ by at most one, each expert where they are recused for the fewest entries, then in
       their own specialty; every panel gets at least 3.
    4. The most senior member of each panel (title level, then committee role) leads it.
    Forming again replaces the panels, until anyone has scored or a defense is scheduled.
    """
    _lock(session, by, "组建评议组")
    if panel_count < 1:
        raise PanelError("评议组数至少为1个", rule="R-65", field="panel_count")
    entries = list(
        SessionApplication.objects.filter(session=session).select_related("application").order_by("application_id")
    )
    if not entries:
        raise PanelError("本评审会尚无参评申报，无法组建评议组", rule="R-65")
    if panel_count > len(entries):
        raise PanelError(
            f"评议组数（{panel_count}个）不能多于参评申报数（{len(entries)}份）", rule="R-65", field="panel_count"
        )
    seats = list(
        Seat.objects.filter(session=session, status=SeatStatus.ACCEPTED).select_related("expert").order_by("id")
    )
    if len(seats) < Panel.MIN_MEMBERS * panel_count:
        raise PanelError(
            f"确认参加的专家共{len(seats)}人，组建{panel_count}个评议组至少需要{Panel.MIN_MEMBERS * panel_count}人"
            f"（每个评议组不少于{Panel.MIN_MEMBERS}名专家）",
            rule="R-65",
            field="panel_count",
        )
    entry_ids = [e.pk for e in entries]
    started = (
        Score.objects.filter(entry_id__in=entry_ids).exists()
        or PanelOpinion.objects.filter(entry_id__in=entry_ids).exists()
        or DefenseSlot.objects.filter(entry_id__in=entry_ids).exists()
    )
    if started:
        raise PanelError("已有评分、评议意见或答辩安排，不能重新组建评议组；如需调整，请移动申报或专家", rule="R-65")

    SessionApplication.objects.filter(session=session).update(panel=None)
    PanelMember.objects.filter(panel__session=session).delete()
    Panel.objects.filter(session=session).delete()

    groups: dict[int | None, list[int]] = {}
    for entry in entries:
        groups.setdefault(entry.application.specialty_id, []).append(entry.pk)
    plans = split_entries(list(groups.items()), panel_count)
    conflicts: dict[int, set[int]] = {}
    for expert_id, entry_id in Conflict.objects.filter(entry_id__in=entry_ids).values_list("expert_id", "entry_id"):
        conflicts.setdefault(expert_id, set()).add(entry_id)
    infos = [
        SeatInfo(s.pk, s.expert.specialty_id, _seat_rank(s), frozenset(conflicts.get(s.expert_id, ()))) for s in seats
    ]
    placed = distribute_seats(infos, plans)
    specialties = Specialty.objects.in_bulk([k for k in groups if k is not None])

    panels = []
    for number, (plan, seat_ids) in enumerate(zip(plans, placed, strict=True), start=1):
        only = plan.groups[0] if len(plan.groups) == 1 else None
        specialty = specialties.get(only) if isinstance(only, int) else None
        name = panel_name(number) + (f"（{specialty.name}）" if specialty is not None else "")
        panel = Panel.objects.create(session=session, name=name[:60], specialty=specialty)
        SessionApplication.objects.filter(pk__in=plan.entries).update(panel=panel)
        # distribute_seats places the most senior first, so the first seat of each panel leads it.
        PanelMember.objects.bulk_create(
            PanelMember(panel=panel, seat_id=seat_id, is_leader=(i == 0)) for i, seat_id in enumerate(seat_ids)
        )
        panels.append(panel)
    # Counts only: who sits where stays with the agency and the bureau.
    audit.record(
        session,
        by=by,
        action="form_panels",
        data={"panels": [{"name": p.name, "entries": len(pl.entries)} for p, pl in zip(panels, plans, strict=True)]},
    )
    return panels


def _check_target(session: EvaluationSession, to_panel: Panel) -> None:
    if to_panel.session_id != session.pk:
        raise PanelError("目标评议组不属于本评审会", field="panel")


@transaction.atomic
def move_entry(entry: SessionApplication, *, to_panel: Panel, by: User) -> SessionApplication:
    """Put an entry in another panel (or in one, if it has none) before anyone has scored it."""
    session = entry.session
    _lock(session, by, "调整评议组")
    _check_target(session, to_panel)
    if entry.panel_id == to_panel.pk:
        raise PanelError("该申报已在此评议组", field="panel")
    if Score.objects.filter(entry=entry).exists() or PanelOpinion.objects.filter(entry=entry).exists():
        raise PanelError("该申报已有专家评分或评议组意见，不能调整评议组", rule="R-66")
    if DefenseSlot.objects.filter(entry=entry).exists():
        raise PanelError("该申报已安排答辩，不能调整评议组", rule="R-67")
    source = entry.panel.name if entry.panel is not None else ""
    SessionApplication.objects.filter(pk=entry.pk).update(panel=to_panel)
    entry.panel = to_panel
    audit.record(entry, by=by, action="move_entry", from_state=source, to_state=to_panel.name)
    return entry


def _lead_by_most_senior(panel: Panel) -> None:
    members = list(selectors.sitting_members([panel.pk]))
    if members:
        leader = max(members, key=lambda m: (_seat_rank(m.seat), -m.seat_id))
        PanelMember.objects.filter(pk=leader.pk).update(is_leader=True)


@transaction.atomic
def move_member(member: PanelMember, *, to_panel: Panel, by: User) -> PanelMember:
    """Put an expert in another panel, keeping at least 3 in the one they leave (R-65)."""
    source = member.panel
    session = source.session
    _lock(session, by, "调整评议组")
    _check_target(session, to_panel)
    if to_panel.pk == source.pk:
        raise PanelError("该专家已在此评议组", field="panel")
    remaining = selectors.sitting_members([source.pk]).exclude(pk=member.pk).count()
    if remaining < Panel.MIN_MEMBERS:
        raise PanelError(
            f"{source.name}调出该专家后不足{Panel.MIN_MEMBERS}人，每个评议组不少于{Panel.MIN_MEMBERS}名专家",
            rule="R-65",
            field="panel",
        )
    if Score.objects.filter(member=member).exists() or PanelOpinion.objects.filter(written_by=member).exists():
        raise PanelError("该专家已在本组评分或填写意见，不能调整评议组", rule="R-66")
    was_leader = member.is_leader
    member.panel = to_panel
    member.is_leader = False
    member.save(update_fields=["panel", "is_leader"])
    if was_leader:
        _lead_by_most_senior(source)
    audit.record(member, by=by, action="move_member", from_state=source.name, to_state=to_panel.name)
    return member


@transaction.atomic
def appoint_leader(member: PanelMember, *, by: User) -> PanelMember:
    """Make the member the leader (组长) of their panel; the panel keeps exactly one leader."""
    _lock(member.panel.session, by, "指定组长")
    if member.seat.status != SeatStatus.ACCEPTED:
        raise PanelError("该专家未确认参加评审，不能担任组长", rule="R-65")
    PanelMember.objects.filter(panel_id=member.panel_id).exclude(pk=member.pk).update(is_leader=False)
    member.is_leader = True
    member.save(update_fields=["is_leader"])
    audit.record(member, by=by, action="appoint_leader", to_state=member.panel.name)
    return member


# Scores and the panel's opinion.


def _member_of(entry: SessionApplication, by: User) -> PanelMember:
    member = (
        PanelMember.objects.filter(panel_id=entry.panel_id, seat__expert__user=by, seat__status=SeatStatus.ACCEPTED)
        .select_related("seat__expert")
        .first()
        if entry.panel_id is not None
        else None
    )
    if member is None:
        raise PanelError("您不是该申报所在评议组的成员")
    if not member.seat.expert.has_signed_confidentiality:
        raise PanelError("请先签署保密协议", rule="R-74")
    return member


def _require_scoring_open(entry: SessionApplication) -> None:
    status = EvaluationSession.objects.values_list("status", flat=True).get(pk=entry.session_id)
    if status != SessionStatus.ROSTER_FILED:
        raise PanelError(f"评审会已进入“{SessionStatus(status).label}”阶段，评议内容不能再修改", rule="R-66")


def _parse_mark(item: ScoringItem, raw: str) -> tuple[Decimal | None, str]:
    """(points, grade) for one item, or PanelError naming the item."""
    field = f"item_{item.pk}"
    value = (raw or "").strip()
    if item.kind == ItemKind.QUALITATIVE:
        if value not in Grade.values:
            raise PanelError(f"请选择“{item.name}”的等次", rule="R-66", field=field)
        return None, value
    if not value:
        raise PanelError(f"请填写“{item.name}”的分值", rule="R-66", field=field)
    bounds = f"“{item.name}”的分值应为0至{item.max_points}分，最多一位小数"
    try:
        points = Decimal(value)
    except InvalidOperation:
        raise PanelError(bounds, rule="R-66", field=field) from None
    if not points.is_finite() or points < 0 or points > item.max_points:
        raise PanelError(bounds, rule="R-66", field=field)
    if points != points.quantize(Decimal("0.1")):
        raise PanelError(bounds, rule="R-66", field=field)
    return points.quantize(Decimal("0.1")), ""


def _refresh_average(entry: SessionApplication) -> None:
    PanelOpinion.objects.filter(entry=entry).update(average_points=selectors.average_total(entry))


@transaction.atomic
def save_scores(entry: SessionApplication, *, by: User, marks: Mapping[int, str]) -> list[Score]:
    """Save the member's marks on every item of the series' standard; all or nothing (R-66, R-64)."""
    member = _member_of(entry, by)
    _require_scoring_open(entry)
    if selectors.is_recused(member, entry):
        raise PanelError("您已回避该申报，不能评分", rule="R-64")
    items = selectors.scoring_items(entry)
    if not items:
        raise PanelError(selectors.NO_STANDARD + "，暂不能评分", rule="R-66")
    unknown = set(marks) - {item.pk for item in items}
    if unknown:
        raise PanelError("评分项目不属于本系列评价标准", rule="R-66", field="scores")
    parsed = [(item, *_parse_mark(item, marks.get(item.pk, ""))) for item in items]
    scores = [
        Score.objects.update_or_create(
            entry=entry, member=member, item=item, defaults={"points": points, "grade": grade}
        )[0]
        for item, points, grade in parsed
    ]
    total = sum((p for _, p, _ in parsed if p is not None), Decimal(0))
    _refresh_average(entry)
    audit.record(entry, by=by, action="save_scores", data={"total": str(total)})
    return scores


@transaction.atomic
def write_opinion(entry: SessionApplication, *, by: User, recommendation: str, text: str) -> PanelOpinion:
    """The leader writes the panel's opinion once every member not recused has scored (R-66)."""
    member = _member_of(entry, by)
    _require_scoring_open(entry)
    writer = selectors.opinion_writer(entry)
    if writer is None or writer.pk != member.pk:
        raise PanelError("评议组意见由组长填写", rule="R-66")
    if recommendation not in Recommendation.values:
        raise PanelError("请选择评议结论（建议通过或建议不通过）", rule="R-66", field="recommendation")
    text = (text or "").strip()
    if not text:
        raise PanelError("请填写书面评议意见", rule="R-66", field="text")
    if len(text) > MAX_OPINION_CHARS:
        raise PanelError(f"书面评议意见不超过{MAX_OPINION_CHARS}字", rule="R-66", field="text")
    progress = selectors.progress_of(entry)
    if not progress.complete:
        missing = progress.expected - progress.scored
        raise PanelError(f"尚有{missing}位专家未完成评分，全部评分后方可填写评议组意见", rule="R-66")
    opinion, created = PanelOpinion.objects.update_or_create(
        entry=entry,
        defaults={
            "recommendation": recommendation,
            "text": text,
            "written_by": member,
            "average_points": selectors.average_total(entry),
        },
    )
    audit.record(
        entry,
        by=by,
        action="write_opinion" if created else "revise_opinion",
        to_state=recommendation,
        data={"average_points": str(opinion.average_points)},
    )
    return opinion


# Defenses.


def cn_time(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{cn_date(local.date())} {local:%H:%M}"


def _schedule(entry: SessionApplication, *, by: User, starts_at: datetime.datetime, place: str) -> DefenseSlot:
    application = entry.application
    if application.level not in DEFENSE_LEVELS:
        raise PanelError(
            f"{Level(application.level).label}申报人不参加答辩（高级、中级申报人现场答辩，初级不答辩）", rule="R-67"
        )
    if entry.panel_id is None:
        raise PanelError("请先将该申报分入评议组", rule="R-65")
    if starts_at <= timezone.now():
        raise PanelError("答辩时间须晚于当前时间", rule="R-67", field="starts_at")
    meeting_on = entry.session.meeting_on
    if timezone.localtime(starts_at).date() > meeting_on:
        raise PanelError(f"答辩须安排在评审会议（{cn_date(meeting_on)}）当天或之前", rule="R-67", field="starts_at")
    place = (place or "").strip()
    if not place:
        raise PanelError("请填写答辩地点", rule="R-67", field="place")
    if len(place) > PLACE_MAX_CHARS:
        raise PanelError("答辩地点过长", rule="R-67", field="place")
    slot = DefenseSlot.objects.select_for_update().filter(entry=entry).first()
    if slot is not None and slot.attendance != DefenseAttendance.SCHEDULED:
        raise PanelError(f"答辩情况已记录为“{slot.get_attendance_display()}”，不能重新安排", rule="R-67")
    if slot is not None and (slot.starts_at, slot.place, slot.panel_id) == (starts_at, place, entry.panel_id):
        return slot  # nothing changed: no second SMS
    action = "schedule_defense" if slot is None else "reschedule_defense"
    slot = slot or DefenseSlot(entry=entry)
    slot.panel_id = entry.panel_id
    slot.starts_at = starts_at
    slot.place = place
    slot.notified_at = timezone.now()
    slot.save()
    applicant = application.applicant
    queue_sms(
        applicant.phone,
        "defense_notice",
        {
            "name": applicant.real_name,
            "number": application.number,
            "committee": application.committee.name,
            "time": cn_time(starts_at),
            "place": place,
        },
        about=application,
    )
    audit.record(slot, by=by, action=action, data={"time": cn_time(starts_at), "place": place})
    return slot


@transaction.atomic
def schedule_defense(entry: SessionApplication, *, by: User, starts_at: datetime.datetime, place: str) -> DefenseSlot:
    """Give one senior or intermediate applicant a defense slot before their panel and tell them by SMS (R-67)."""
    _lock(entry.session, by, "安排答辩")
    return _schedule(entry, by=by, starts_at=starts_at, place=place)


@transaction.atomic
def schedule_panel_defenses(
    panel: Panel, *, by: User, starts_at: datetime.datetime, minutes_each: int, place: str
) -> list[DefenseSlot]:
    """Schedule the panel's senior and intermediate applicants one after another from starts_at (R-67).

    Applicants are taken in application order, minutes_each apart; those whose defense is already recorded
    keep it, junior applicants get none. Each applicant is told by SMS.
    """
    _lock(panel.session, by, "安排答辩")
    low, high = MINUTES_EACH
    if not low <= minutes_each <= high:
        raise PanelError(f"每人答辩时长应为{low}至{high}分钟", rule="R-67", field="minutes_each")
    held = DefenseSlot.objects.filter(panel=panel).exclude(attendance=DefenseAttendance.SCHEDULED).values("entry_id")
    entries = list(
        SessionApplication.objects.filter(panel=panel, application__level__in=DEFENSE_LEVELS)
        .exclude(pk__in=held)
        .select_related("session", "application__applicant", "application__plan", "application__committee")
        .order_by("application_id")
    )
    if not entries:
        raise PanelError(f"{panel.name}没有待安排答辩的高级、中级申报人（初级申报人不答辩）", rule="R-67")
    slots = [
        _schedule(entry, by=by, starts_at=starts_at + datetime.timedelta(minutes=minutes_each * n), place=place)
        for n, entry in enumerate(entries)
    ]
    Panel.objects.filter(pk=panel.pk).update(place=place.strip())
    return slots


@transaction.atomic
def record_attendance(slot: DefenseSlot, *, by: User, attendance: str) -> DefenseSlot:
    """Record that the applicant defended or did not come; a no-show stays on record for the meeting (R-67)."""
    _lock(
        slot.entry.session,
        by,
        "记录答辩情况",
        statuses=frozenset({SessionStatus.ROSTER_FILED, SessionStatus.MEETING}),
    )
    if attendance not in (DefenseAttendance.ATTENDED, DefenseAttendance.NO_SHOW):
        raise PanelError("请选择答辩情况（已参加答辩或缺席答辩）", rule="R-67", field="attendance")
    if slot.starts_at > timezone.now():
        raise PanelError("答辩时间未到，不能记录答辩情况", rule="R-67")
    updated = DefenseSlot.objects.filter(pk=slot.pk, attendance=DefenseAttendance.SCHEDULED).update(
        attendance=attendance, recorded_by=by
    )
    if updated != 1:
        slot.refresh_from_db()
        raise PanelError(f"答辩情况已记录为“{slot.get_attendance_display()}”，不能更改", rule="R-67")
    slot.attendance = attendance
    slot.recorded_by = by
    audit.record(slot, by=by, action="record_defense", from_state=DefenseAttendance.SCHEDULED, to_state=attendance)
    return slot
