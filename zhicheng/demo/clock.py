"""The demo's calendar: the past working days on which the year's earlier steps happened.

The services check their rules against the current day (a posting must have ended before the unit
recommends; deadlines must lie ahead), so the earlier steps run on their own days under time-machine
and the audit trail, notices and payments carry the dates real use would have given them.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import time_machine
from django.utils import timezone

from zhicheng.workdays.services import add_workdays, workday_span_end

DAY = datetime.timedelta(days=1)
POSTING_WORKDAYS = 5
LAPSING_PAYMENT_WORKDAYS = 5  # the payment deadline of the early approvals that were never paid


@contextmanager
def on_day(day: datetime.date, hour: int) -> Iterator[None]:
    """Run the block as if it were `hour` o'clock local time on `day`, the clock ticking on from there."""
    moment = datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())
    with time_machine.travel(moment, tick=True):
        yield


@dataclass(frozen=True)
class Schedule:
    """The days of the demo year's history, from the windows' opening to today."""

    opened: datetime.date  # the windows open; applicants register and write their drafts
    submitted: datetime.date  # the early applicants submit
    posted: datetime.date  # their units start the 5-working-day posting
    objected: datetime.date  # an objection arrives during a posting
    resolved: datetime.date  # and is dealt with before the posting ends
    recommended: datetime.date  # the day after the posting: the units recommend
    decided: datetime.date  # district meetings (直通车); the agency's first corrections and approvals
    paid: datetime.date  # the first fees are paid
    lapsed: datetime.date  # the night after the first correction and payment deadlines: lapsed ones are abandoned
    today: datetime.date

    @classmethod
    def since(cls, opened: datetime.date, today: datetime.date, *, correction_workdays: int) -> "Schedule":
        submitted = add_workdays(opened, 2)
        posted = add_workdays(submitted, 1)
        posting_end = workday_span_end(posted, POSTING_WORKDAYS)
        decided = add_workdays(add_workdays(posting_end, 1), 2)
        last_deadline = add_workdays(decided, max(correction_workdays, LAPSING_PAYMENT_WORKDAYS))
        schedule = cls(
            opened=opened,
            submitted=submitted,
            posted=posted,
            objected=add_workdays(posted, 1),
            resolved=add_workdays(posted, 3),
            recommended=add_workdays(posting_end, 1),
            decided=decided,
            paid=add_workdays(decided, 1),
            lapsed=last_deadline + DAY,
            today=today,
        )
        if schedule.lapsed >= today:
            raise ValueError(f"演示数据的时间安排超出了今天（{today}），请增加窗口提前开放的天数")
        return schedule
