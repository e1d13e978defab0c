"""Questions about the year's catalog: which plan, which window, which committees take applications."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from zhicheng.catalog.models import Committee, District, Level, Plan, Series, Step, Tier, Window
from zhicheng.supervision.selectors import stopped_message, work_stopped


def cn_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def current_plan(on: datetime.date) -> Plan | None:
    """The plan of the year that contains the day."""
    return Plan.objects.filter(year=on.year).first()


def window_for(plan: Plan, series: Series, step: str) -> Window | None:
    """The series' own window for the step, else the plan's default window for it."""
    windows = Window.objects.filter(plan=plan, step=step).filter(Q(series=series) | Q(series__isnull=True))
    return min(windows, key=lambda w: w.series_id is None, default=None)


def plan_windows(plan: Plan) -> dict[tuple[int | None, str], Window]:
    """All windows of the plan in one query, keyed by (series id or None for the default, step)."""
    return {(w.series_id, w.step): w for w in Window.objects.filter(plan=plan)}


def effective_window(windows: dict[tuple[int | None, str], Window], series_id: int, step: str) -> Window | None:
    return windows.get((series_id, step)) or windows.get((None, step))


def _is_junior_engineering() -> Q:
    return Q(tier=Tier.JUNIOR, series__is_engineering=True)


def committees_open_for_application(
    plan: Plan, on: datetime.date, *, unit_district: District | None
) -> QuerySet[Committee]:
    """Committees an applicant may pick on the day (R-03, R-22, 001 五(一)), in one query.

    1. in the plan's catalog;
    2. filed and not expired on the day;
    3. the APPLY window of the committee's series (its own, else the default) is open on the day;
    4. junior engineering committees only for the unit's district.
    """
    apply_windows = Window.objects.filter(plan=plan, step=Step.APPLY)
    own_window = apply_windows.filter(series=OuterRef("series"))
    open_now = Q(opens_on__lte=on, closes_on__gte=on)
    window_open = Exists(own_window.filter(open_now)) | (
        ~Exists(own_window) & Exists(apply_windows.filter(open_now, series__isnull=True))
    )
    district_ok = ~_is_junior_engineering()
    if unit_district is not None:
        district_ok |= Q(district=unit_district)
    return (
        Committee.objects.filter(plans=plan, filed_on__lte=on, expires_on__gte=on)
        .filter(window_open)
        .filter(district_ok)
        .select_related("series", "specialty", "agency", "district")
    )


def committee_problems(
    committee: Committee, level: str, on: datetime.date, unit_district: District | None
) -> list[tuple[str, str]]:
    """Every reason the committee cannot take an application at this level on the day, as (rule id, message)."""
    problems: list[tuple[str, str]] = []
    name = f"“{committee.name}”"
    plan = current_plan(on)
    if plan is None:
        problems.append(("R-01", f"{on.year}年度职称评审工作安排尚未发布，暂不能申报"))
    elif not plan.committees.filter(pk=committee.pk).exists():
        problems.append(("R-03", f"{name}不在{plan.year}年度北京市职称评审名录中，不能受理申报"))
    if committee.filed_on is None or committee.expires_on is None:
        problems.append(("R-03", f"{name}未经核准备案，不能受理申报"))
    elif on < committee.filed_on:
        problems.append(("R-03", f"{name}的核准备案自{cn_date(committee.filed_on)}起生效，目前不能受理申报"))
    elif on > committee.expires_on:
        problems.append(("R-03", f"{name}的备案已于{cn_date(committee.expires_on)}到期，不能受理申报"))
    if plan is not None:
        window = window_for(plan, committee.series, Step.APPLY)
        if window is None:
            problems.append(("R-22", f"{plan.year}年度{committee.series.name}系列尚未安排个人网上申报时间"))
        elif not window.is_open_on(on):
            problems.append(
                (
                    "R-22",
                    f"{committee.series.name}系列个人网上申报时间为{cn_date(window.opens_on)}至"
                    f"{cn_date(window.closes_on)}，当前不在申报时间内",
                )
            )
    stopped = work_stopped(committee.agency_id, on)
    if stopped is not None:
        problems.append(("R-101", stopped_message(stopped)))
    if level not in committee.levels:
        offered = "、".join(Level(lv).label for lv in committee.levels)
        wanted = Level(level).label if level in Level.values else level
        problems.append(("R-60", f"{name}不评审{wanted}职称（可评审：{offered}）"))
    if committee.tier == Tier.JUNIOR and committee.series.is_engineering:
        if unit_district is None:
            problems.append(("R-01", "工程技术系列初级职称按参保单位所在区申报，请先确认单位的参保所在区"))
        elif committee.district_id != unit_district.pk:
            problems.append(
                ("R-01", f"工程技术系列初级职称由参保单位所在区评审，请选择{unit_district.name}的初级评委会")
            )
    return problems
