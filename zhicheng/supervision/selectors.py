"""Reads other apps ask of supervision: whether an agency's committees may work on a day."""

import datetime

from django.db.models import Q

from zhicheng.supervision.models import AgencySanction, SanctionKind


def work_stopped(agency_id: int | None, on: datetime.date) -> AgencySanction | None:
    """The suspension or withdrawal that stops this agency's committees on the day, if any (R-101)."""
    if agency_id is None:
        return None
    sanctions = AgencySanction.objects.filter(
        agency_id=agency_id, kind__in=[SanctionKind.SUSPEND, SanctionKind.WITHDRAW], starts_on__lte=on
    ).filter(Q(lifted_on__isnull=True) | Q(lifted_on__gt=on))
    return sanctions.select_related("agency").order_by("-starts_on").first()


def stopped_message(sanction: AgencySanction) -> str:
    day = sanction.starts_on
    return (
        f"评审机构“{sanction.agency.name}”已于{day.year}年{day.month}月{day.day}日被{sanction.get_kind_display()}"
        f"（{sanction.decision_number}，事由：{sanction.reason}），其评委会暂停受理申报和组织评审"
    )
